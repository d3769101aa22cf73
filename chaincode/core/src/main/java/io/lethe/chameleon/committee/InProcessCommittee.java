package io.lethe.chameleon.committee;

import io.lethe.chameleon.Randomness;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Both rounds among shares held in one process (the CLI's {@code ch adapt}, seeding, tests). The
 * distributed service runs the same round objects over gRPC.
 */
public final class InProcessCommittee {
  /** New randomness opening C to the new message, and the members who co-signed it. */
  public record AdaptResult(Randomness randomness, List<Integer> signers) {
    public AdaptResult {
      signers = List.copyOf(signers);
    }
  }

  private InProcessCommittee() {}

  public static AdaptResult adapt(
      CommitteePublicKey publicKey,
      List<KeyShare> shares,
      byte[] ctx,
      byte[] c,
      byte[] newMsg,
      SecureRandom rnd) {
    TreeMap<Integer, CommitteeMember> members = new TreeMap<>();
    for (KeyShare share : shares) {
      if (members.containsKey(share.member())) {
        throw new IllegalArgumentException("two shares of member " + share.member() + " were given");
      }
      members.put(share.member(), new CommitteeMember(publicKey, share));
    }
    if (members.size() < publicKey.threshold()) {
      throw new IllegalArgumentException(
          "need at least " + publicKey.threshold() + " shares of this " + publicKey.threshold() + "-of-"
              + publicKey.members() + " committee, got " + members.size());
    }
    AdaptTarget target = new AdaptTarget(ctx, c, newMsg);
    Aggregator aggregator = new Aggregator(publicKey);
    List<NonceCommitment> round1 = new ArrayList<>();
    for (CommitteeMember m : members.values()) {
      round1.add(m.commit(target, rnd));
    }
    SigningPackage pkg = aggregator.newPackage(target, round1);
    List<SignatureShare> round2 = new ArrayList<>();
    for (CommitteeMember m : members.values()) {
      round2.add(m.sign(pkg));
    }
    Randomness randomness = aggregator.aggregate(pkg, round2);
    return new AdaptResult(randomness, pkg.signers());
  }
}
