package io.lethe.chameleon.committee;

import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One member of a Pedersen DKG with proofs of knowledge (the key generation of the FROST paper):
 * no one ever holds the trapdoor. Each member deals a random polynomial with Feldman
 * commitments; member {@code l}'s share is {@code x_l = Σ_i f_i(l)}, the group key {@code Y =
 * Σ_i φ_{i,0}}. Misbehaviour (bad proof, share inconsistent with the commitments) is reported
 * as a {@link CheatingMembersException} naming the member.
 *
 * <p>Flow: {@link #round1} (broadcast) → {@link #round2} (private shares to each member) →
 * {@link #finish} → this member's {@link KeyShare} and the {@link CommitteePublicKey}.
 */
public final class DkgParticipant {
  private final int member;
  private final int threshold;
  private final int members;
  private List<BigInteger> coefficients;
  private Map<Integer, DkgRound1> broadcasts;

  public DkgParticipant(int member, int threshold, int members) {
    CommitteePublicKey.checkShape(threshold, members);
    if (member < 1 || member > members) {
      throw new IllegalArgumentException("member " + member + " is outside 1.." + members);
    }
    this.member = member;
    this.threshold = threshold;
    this.members = members;
  }

  public int member() {
    return member;
  }

  public synchronized DkgRound1 round1(SecureRandom rnd) {
    if (coefficients != null) {
      throw new IllegalStateException("round 1 already ran");
    }
    coefficients = new ArrayList<>(threshold);
    List<ECPoint> commitments = new ArrayList<>(threshold);
    for (int j = 0; j < threshold; j++) {
      BigInteger a = P256.randomScalar(rnd);
      coefficients.add(a);
      commitments.add(P256.mulG(a));
    }
    BigInteger k = P256.randomScalar(rnd);
    ECPoint r = P256.mulG(k);
    BigInteger c = DkgRound1.pokChallenge(member, commitments.get(0), r);
    BigInteger mu = k.add(coefficients.get(0).multiply(c)).mod(P256.N);
    return new DkgRound1(member, commitments, r, mu);
  }

  /** Checks everyone's round-1 package and returns the private share for each other member. */
  public synchronized List<DkgShare> round2(List<DkgRound1> all) {
    if (coefficients == null) {
      throw new IllegalStateException("run round 1 first");
    }
    Map<Integer, DkgRound1> byMember = new TreeMap<>();
    List<Integer> bad = new ArrayList<>();
    for (DkgRound1 p : all) {
      if (byMember.put(p.member(), p) != null) {
        throw new IllegalArgumentException("two round-1 packages from member " + p.member());
      }
      if (p.member() > members || p.commitments().size() != threshold || !p.proofIsValid()) {
        bad.add(p.member());
      }
    }
    if (!bad.isEmpty()) {
      throw new CheatingMembersException("invalid DKG commitments or proof of knowledge", bad);
    }
    for (int i = 1; i <= members; i++) {
      if (!byMember.containsKey(i)) {
        throw new IllegalArgumentException("no round-1 package from member " + i);
      }
    }
    broadcasts = byMember;
    List<DkgShare> out = new ArrayList<>();
    for (int l = 1; l <= members; l++) {
      out.add(new DkgShare(member, l, Dealer.evaluate(coefficients, l)));
    }
    return out;
  }

  /** Verifies the shares received (one from every member, own included) and derives the keys. */
  public synchronized Result finish(List<DkgShare> received) {
    if (broadcasts == null) {
      throw new IllegalStateException("run round 2 first");
    }
    Map<Integer, BigInteger> from = new HashMap<>();
    for (DkgShare s : received) {
      if (s.to() != member) {
        throw new IllegalArgumentException("share addressed to member " + s.to() + " given to member " + member);
      }
      if (from.put(s.from(), s.value()) != null) {
        throw new IllegalArgumentException("two shares from member " + s.from());
      }
    }
    List<Integer> bad = new ArrayList<>();
    BigInteger x = BigInteger.ZERO;
    for (int i = 1; i <= members; i++) {
      BigInteger v = from.get(i);
      if (v == null) {
        throw new IllegalArgumentException("no share from member " + i);
      }
      if (v.signum() < 0 || v.compareTo(P256.N) >= 0 || !P256.mulG(v).equals(feldman(broadcasts.get(i).commitments(), member))) {
        bad.add(i);
      }
      x = x.add(v);
    }
    if (!bad.isEmpty()) {
      throw new CheatingMembersException("DKG share inconsistent with its commitments", bad);
    }
    List<ECPoint> combined = new ArrayList<>(threshold);
    for (int j = 0; j < threshold; j++) {
      ECPoint acc = P256.CURVE.getInfinity();
      for (DkgRound1 p : broadcasts.values()) {
        acc = acc.add(p.commitments().get(j));
      }
      combined.add(acc.normalize());
    }
    ChameleonPublicKey y = ChameleonPublicKey.of(combined.get(0));
    Map<Integer, ECPoint> memberKeys = new TreeMap<>();
    for (int l = 1; l <= members; l++) {
      memberKeys.put(l, feldman(combined, l));
    }
    CommitteePublicKey pk = new CommitteePublicKey(y, threshold, members, memberKeys, combined);
    KeyShare share = new KeyShare(member, x.mod(P256.N), y, threshold, members);
    pk.verifyShare(share);
    coefficients = null; // this member's polynomial is no longer needed
    return new Result(pk, share);
  }

  /** This member's share and the committee key every honest member derives identically. */
  public record Result(CommitteePublicKey publicKey, KeyShare share) {}

  static ECPoint feldman(List<ECPoint> commitments, int at) {
    BigInteger z = BigInteger.valueOf(at);
    BigInteger power = BigInteger.ONE;
    ECPoint acc = P256.CURVE.getInfinity();
    for (ECPoint a : commitments) {
      acc = acc.add(P256.mul(a, power));
      power = power.multiply(z).mod(P256.N);
    }
    return acc.normalize();
  }

  /** Runs the DKG among {@code members} participants in one process (CLI, tests). */
  public static Dealer.Dealt runInProcess(int threshold, int members, SecureRandom rnd) {
    List<DkgParticipant> ps = new ArrayList<>();
    List<DkgRound1> r1 = new ArrayList<>();
    for (int i = 1; i <= members; i++) {
      DkgParticipant p = new DkgParticipant(i, threshold, members);
      ps.add(p);
      r1.add(p.round1(rnd));
    }
    Map<Integer, List<DkgShare>> inbox = new HashMap<>();
    for (DkgParticipant p : ps) {
      for (DkgShare s : p.round2(r1)) {
        inbox.computeIfAbsent(s.to(), k -> new ArrayList<>()).add(s);
      }
    }
    CommitteePublicKey pk = null;
    List<KeyShare> shares = new ArrayList<>();
    for (DkgParticipant p : ps) {
      Result r = p.finish(inbox.get(p.member()));
      if (pk != null && !pk.sameAs(r.publicKey())) {
        throw new IllegalStateException("members derived different committee keys");
      }
      pk = r.publicKey();
      shares.add(r.share());
    }
    return new Dealer.Dealt(pk, shares);
  }
}
