package io.lethe.chameleon.committee;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Randomness;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coordinator of committee adapts: assembles the signing package from round-1 commitments
 * (refusing any commitment it has seen before), checks every round-2 share, naming each member
 * whose share fails {@code z_i·G = D_i + ρ_i·E_i − λ_i·e'·Y_i}, and sums the shares into the new
 * randomness {@code (R', s' = Σ z_i)}. It never holds a secret.
 */
public final class Aggregator {
  private final CommitteePublicKey publicKey;
  private final Set<String> seenCommitments = new HashSet<>();
  /** Values derived in newPackage, reused by aggregate; only the latest sessions are kept. */
  private final Map<SigningPackage, SessionValues> derived =
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SigningPackage, SessionValues> eldest) {
          return size() > 256;
        }
      };

  public Aggregator(CommitteePublicKey publicKey) {
    this.publicKey = publicKey;
  }

  public CommitteePublicKey publicKey() {
    return publicKey;
  }

  /** Builds the round-2 package; a commitment already used in an earlier package is refused. */
  public synchronized SigningPackage newPackage(AdaptTarget target, List<NonceCommitment> commitments) {
    SigningPackage pkg = new SigningPackage(target, commitments);
    for (NonceCommitment c : pkg.commitments()) {
      if (seenCommitments.contains(c.fingerprint())) {
        throw new IllegalArgumentException(
            "commitment of member " + c.member() + " was already used in an earlier session (nonces are single-use)");
      }
    }
    // shape checks (threshold, member range) before anyone signs; kept for aggregate()
    derived.put(pkg, SessionValues.derive(publicKey, pkg));
    for (NonceCommitment c : pkg.commitments()) {
      seenCommitments.add(c.fingerprint());
    }
    return pkg;
  }

  /** Members whose share fails its check (empty when all are valid). */
  public List<Integer> invalidShares(SigningPackage pkg, SessionValues values, List<SignatureShare> shares) {
    List<Integer> bad = new ArrayList<>();
    for (SignatureShare share : shares) {
      NonceCommitment commitment;
      try {
        commitment = pkg.commitmentOf(share.member());
      } catch (IllegalArgumentException e) {
        bad.add(share.member());
        continue;
      }
      if (!values.shareIsValid(publicKey, commitment, share)) {
        bad.add(share.member());
      }
    }
    return bad;
  }

  /** Checks all shares and sums them; throws {@link CheatingMembersException} naming cheaters. */
  public Randomness aggregate(SigningPackage pkg, List<SignatureShare> shares) {
    SessionValues cached;
    synchronized (this) {
      cached = derived.remove(pkg);
    }
    SessionValues values = cached != null ? cached : SessionValues.derive(publicKey, pkg);
    Map<Integer, SignatureShare> byMember = new HashMap<>();
    for (SignatureShare share : shares) {
      if (byMember.put(share.member(), share) != null) {
        throw new IllegalArgumentException("member " + share.member() + " sent two shares");
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i : pkg.signers()) {
      if (!byMember.containsKey(i)) {
        missing.add(i);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no signature share from member(s) " + missing);
    }
    List<Integer> cheaters = invalidShares(pkg, values, shares);
    if (!cheaters.isEmpty()) {
      throw new CheatingMembersException(cheaters);
    }
    BigInteger s = BigInteger.ZERO;
    for (SignatureShare share : shares) {
      s = s.add(share.z());
    }
    Randomness out = Randomness.of(values.rPrime(), s.mod(P256.N));
    AdaptTarget t = pkg.target();
    ChameleonHash.Verification check =
        ChameleonHash.verify(publicKey.groupKey(), t.ctx(), t.newMessage(), t.c(), out);
    if (!check.valid()) { // cannot happen when every share checked out; guards against a bug
      throw new IllegalStateException("aggregated randomness does not verify: " + check.reason());
    }
    return out;
  }
}
