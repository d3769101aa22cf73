package io.lethe.chameleon.committee;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.SeededRandom;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitteeAdaptTest {
  private final SeededRandom rnd = new SeededRandom("CommitteeAdaptTest");
  private final byte[] ctx = bytes("lethe.tx|ch|tx-9");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<List<KeyShare>> subsets(List<KeyShare> all, int size) {
    List<List<KeyShare>> out = new ArrayList<>();
    int n = all.size();
    for (int mask = 0; mask < (1 << n); mask++) {
      if (Integer.bitCount(mask) != size) {
        continue;
      }
      List<KeyShare> subset = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          subset.add(all.get(i));
        }
      }
      out.add(subset);
    }
    return out;
  }

  @Test
  void everyThreeSubsetOfThreeOfFiveAdaptsAndTwoSharesFail() {
    Dealer.Dealt dealt = Dealer.deal(3, 5, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonPublicKey y = pk.groupKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(y, ctx, bytes("m0"), rnd);
    int k = 0;
    for (List<KeyShare> subset : subsets(dealt.shares(), 3)) {
      byte[] m = bytes("m" + (++k));
      InProcessCommittee.AdaptResult res = InProcessCommittee.adapt(pk, subset, ctx, h.c(), m, rnd);
      ChameleonHash.Verification v = ChameleonHash.verify(y, ctx, m, h.c(), res.randomness());
      assertTrue(v.valid(), v.reason());
      assertEquals(subset.stream().map(KeyShare::member).toList(), res.signers());
    }
    assertEquals(10, k);
    for (List<KeyShare> subset : subsets(dealt.shares(), 2)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class,
              () -> InProcessCommittee.adapt(pk, subset, ctx, h.c(), bytes("x"), rnd));
      assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
    }
  }

  @Test
  void allFiveSharesAlsoWork() {
    Dealer.Dealt dealt = Dealer.deal(3, 5, rnd);
    ChameleonHash.Hashed h = ChameleonHash.hash(dealt.publicKey().groupKey(), ctx, bytes("m0"), rnd);
    InProcessCommittee.AdaptResult res =
        InProcessCommittee.adapt(dealt.publicKey(), dealt.shares(), ctx, h.c(), bytes("m1"), rnd);
    assertTrue(ChameleonHash.verify(dealt.publicKey().groupKey(), ctx, bytes("m1"), h.c(), res.randomness()).valid());
    assertEquals(List.of(1, 2, 3, 4, 5), res.signers());
  }

  @Test
  void nOfNAndChainsOfRedactionsKeepC() {
    for (int n = 1; n <= 4; n++) {
      Dealer.Dealt dealt = Dealer.deal(n, n, rnd);
      ChameleonPublicKey y = dealt.publicKey().groupKey();
      ChameleonHash.Hashed h = ChameleonHash.hash(y, ctx, bytes("v0"), rnd);
      for (int v = 1; v <= 4; v++) {
        Randomness r = InProcessCommittee.adapt(dealt.publicKey(), dealt.shares(), ctx, h.c(), bytes("v" + v), rnd).randomness();
        assertArrayEquals(h.c(), ChameleonHash.digest(y, ctx, bytes("v" + v), r));
      }
      if (n > 1) {
        List<KeyShare> fewer = dealt.shares().subList(0, n - 1);
        assertThrows(IllegalArgumentException.class,
            () -> InProcessCommittee.adapt(dealt.publicKey(), fewer, ctx, h.c(), bytes("x"), rnd));
      }
    }
  }

  @Test
  void randomCommitteesAndMessages() {
    for (int round = 0; round < 40; round++) {
      int n = 1 + rnd.nextInt(7);
      int t = 1 + rnd.nextInt(n);
      Dealer.Dealt dealt = Dealer.deal(t, n, rnd);
      List<KeyShare> shuffled = new ArrayList<>(dealt.shares());
      java.util.Collections.shuffle(shuffled, rnd);
      List<KeyShare> signers = shuffled.subList(0, t + rnd.nextInt(n - t + 1));
      byte[] c0 = new byte[rnd.nextInt(50)];
      rnd.nextBytes(c0);
      byte[] m = new byte[rnd.nextInt(200)];
      rnd.nextBytes(m);
      ChameleonHash.Hashed h = ChameleonHash.hash(dealt.publicKey().groupKey(), c0, bytes("old"), rnd);
      Randomness r = InProcessCommittee.adapt(dealt.publicKey(), signers, c0, h.c(), m, rnd).randomness();
      assertTrue(ChameleonHash.verify(dealt.publicKey().groupKey(), c0, m, h.c(), r).valid(),
          t + "-of-" + n + " with " + signers.size());
    }
  }

  @Test
  void tamperedShareIsDetectedAndItsMemberNamed() {
    Dealer.Dealt dealt = Dealer.deal(3, 5, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    Session s = Session.start(pk, dealt.shares().subList(1, 4), new AdaptTarget(ctx, h.c(), bytes("m1")), rnd);
    List<SignatureShare> shares = s.signAll();
    SignatureShare bad = shares.get(1);
    shares.set(1, new SignatureShare(bad.member(), bad.z().add(BigInteger.ONE).mod(P256.N)));
    CheatingMembersException e =
        assertThrows(CheatingMembersException.class, () -> s.aggregator.aggregate(s.pkg, shares));
    assertEquals(List.of(3), e.members());
    assertTrue(e.getMessage().contains("3"));
  }

  @Test
  void shareUnderAnotherMembersNameIsDetected() {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    Session s = Session.start(pk, dealt.shares().subList(0, 2), new AdaptTarget(ctx, h.c(), bytes("m1")), rnd);
    List<SignatureShare> shares = s.signAll();
    List<SignatureShare> swapped = List.of(
        new SignatureShare(1, shares.get(1).z()), new SignatureShare(2, shares.get(0).z()));
    CheatingMembersException e =
        assertThrows(CheatingMembersException.class, () -> s.aggregator.aggregate(s.pkg, swapped));
    assertEquals(List.of(1, 2), e.members());
  }

  @Test
  void changingTheMessageCOrCommitmentListAfterRoundOneInvalidatesShares() {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    ChameleonHash.Hashed other = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    AdaptTarget target = new AdaptTarget(ctx, h.c(), bytes("m1"));

    // message changed
    Session s1 = Session.start(pk, dealt.shares().subList(0, 2), target, rnd);
    List<SignatureShare> z1 = s1.signAll();
    SigningPackage changedMsg = new SigningPackage(new AdaptTarget(ctx, h.c(), bytes("m1-evil")), s1.pkg.commitments());
    assertEquals(List.of(1, 2), assertThrows(CheatingMembersException.class, () -> s1.aggregator.aggregate(changedMsg, z1)).members());
    assertTrue(ChameleonHash.verify(pk.groupKey(), ctx, bytes("m1"), h.c(), s1.aggregator.aggregate(s1.pkg, z1)).valid());

    // C changed
    Session s2 = Session.start(pk, dealt.shares().subList(0, 2), target, rnd);
    List<SignatureShare> z2 = s2.signAll();
    SigningPackage changedC = new SigningPackage(new AdaptTarget(ctx, other.c(), bytes("m1")), s2.pkg.commitments());
    assertEquals(List.of(1, 2), assertThrows(CheatingMembersException.class, () -> s2.aggregator.aggregate(changedC, z2)).members());

    // commitment list changed (member 2's E replaced)
    Session s3 = Session.start(pk, dealt.shares().subList(0, 2), target, rnd);
    List<SignatureShare> z3 = s3.signAll();
    NonceCommitment c2 = s3.pkg.commitments().get(1);
    NonceCommitment forged = new NonceCommitment(2, c2.d(), P256.mulG(BigInteger.valueOf(12345)));
    SigningPackage changedB = new SigningPackage(target, List.of(s3.pkg.commitments().get(0), forged));
    assertEquals(List.of(1, 2), assertThrows(CheatingMembersException.class, () -> s3.aggregator.aggregate(changedB, z3)).members());

    // context changed
    Session s4 = Session.start(pk, dealt.shares().subList(0, 2), target, rnd);
    List<SignatureShare> z4 = s4.signAll();
    SigningPackage changedCtx = new SigningPackage(new AdaptTarget(bytes("other"), h.c(), bytes("m1")), s4.pkg.commitments());
    assertFalse(s4.aggregator.invalidShares(changedCtx, SessionValues.derive(pk, changedCtx), z4).isEmpty());
  }

  @Test
  void reusedCommitmentIsRefusedByMemberAndAggregator() {
    Dealer.Dealt dealt = Dealer.deal(2, 2, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    Session s = Session.start(pk, dealt.shares(), new AdaptTarget(ctx, h.c(), bytes("m1")), rnd);
    s.signAll();
    SigningPackage again = new SigningPackage(new AdaptTarget(ctx, h.c(), bytes("m2")), s.pkg.commitments());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.members.get(0).sign(again));
    assertTrue(e.getMessage().contains("already used"), e.getMessage());
    IllegalArgumentException a =
        assertThrows(IllegalArgumentException.class,
            () -> s.aggregator.newPackage(new AdaptTarget(ctx, h.c(), bytes("m2")), s.pkg.commitments()));
    assertTrue(a.getMessage().contains("already used"), a.getMessage());
  }

  @Test
  void commitmentNotIssuedByTheMemberIsRefused() {
    Dealer.Dealt dealt = Dealer.deal(2, 2, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    CommitteeMember m1 = new CommitteeMember(pk, dealt.shares().get(0));
    CommitteeMember m2 = new CommitteeMember(pk, dealt.shares().get(1));
    AdaptTarget target = new AdaptTarget(ctx, h.c(), bytes("m1"));
    m1.commit(target, rnd);
    NonceCommitment fake1 = new NonceCommitment(1, P256.mulG(BigInteger.TWO), P256.mulG(BigInteger.TEN));
    SigningPackage pkg = new SigningPackage(target, List.of(fake1, m2.commit(target, rnd)));
    assertThrows(IllegalStateException.class, () -> m1.sign(pkg));
  }

  @Test
  void nonMemberOfSignerSetIsRefused() {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    Session s = Session.start(pk, dealt.shares().subList(0, 2), new AdaptTarget(ctx, h.c(), bytes("m1")), rnd);
    CommitteeMember m3 = new CommitteeMember(pk, dealt.shares().get(2));
    assertThrows(IllegalArgumentException.class, () -> m3.sign(s.pkg));
  }

  @Test
  void nonceCommitmentsAreFreshEachTime() {
    Dealer.Dealt dealt = Dealer.deal(1, 1, rnd);
    CommitteeMember m = new CommitteeMember(dealt.publicKey(), dealt.shares().get(0));
    ChameleonHash.Hashed h = ChameleonHash.hash(dealt.publicKey().groupKey(), ctx, bytes("m0"), rnd);
    AdaptTarget target = new AdaptTarget(ctx, h.c(), bytes("m1"));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      assertTrue(seen.add(m.commit(target, rnd).fingerprint()));
    }
    assertEquals(50, m.pendingCount());
  }

  @Test
  void roundOneNeedsAValidatedTarget() {
    Dealer.Dealt dealt = Dealer.deal(1, 1, rnd);
    CommitteeMember m = new CommitteeMember(dealt.publicKey(), dealt.shares().get(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.commit(null, rnd));
    assertTrue(e.getMessage().contains("validated target"), e.getMessage());
    assertEquals(0, m.pendingCount());
  }

  @Test
  void pendingSessionsAreCappedAndExpire() {
    Dealer.Dealt dealt = Dealer.deal(1, 1, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    long[] now = {1_000};
    CommitteeMember m = new CommitteeMember(pk, dealt.shares().get(0), 3, 500, () -> now[0]);
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    AdaptTarget target = new AdaptTarget(ctx, h.c(), bytes("m1"));
    NonceCommitment first = m.commit(target, rnd);
    m.commit(target, rnd);
    m.commit(target, rnd);
    IllegalStateException full = assertThrows(IllegalStateException.class, () -> m.commit(target, rnd));
    assertTrue(full.getMessage().contains("cap 3"), full.getMessage());
    now[0] += 500; // all three expire: their nonces are dropped and the slots free again
    assertEquals(0, m.pendingCount());
    m.commit(target, rnd);
    IllegalStateException expired = assertThrows(IllegalStateException.class,
        () -> m.sign(new SigningPackage(target, List.of(first))));
    assertTrue(expired.getMessage().contains("already used or expired"), expired.getMessage());
  }

  @Test
  void aSessionThatExpiresBetweenTheRoundsIsRefused() {
    Dealer.Dealt dealt = Dealer.deal(1, 1, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    long[] now = {0};
    CommitteeMember m = new CommitteeMember(pk, dealt.shares().get(0), 4, 100, () -> now[0]);
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    AdaptTarget target = new AdaptTarget(ctx, h.c(), bytes("m1"));
    NonceCommitment c = m.commit(target, rnd);
    now[0] = 99;
    assertEquals(1, m.pendingCount());
    now[0] = 100;
    assertThrows(IllegalStateException.class, () -> m.sign(new SigningPackage(target, List.of(c))));
  }

  /**
   * The ROS setup of the issue: with ctx outside the binding factors, R' = C + Σ(D_i + ρ_i·E_i)
   * is fixed by round 1 while the challenge still depends on ctx, so a coordinator could pick
   * the context after seeing the commitments. ρ_i now depends on ctx.
   */
  @Test
  void bindingFactorsDependOnTheContext() {
    Dealer.Dealt dealt = Dealer.deal(2, 2, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    byte[] otherCtx = bytes("another context");
    List<NonceCommitment> round1 = List.of(
        new NonceCommitment(1, P256.mulG(BigInteger.TWO), P256.mulG(BigInteger.TEN)),
        new NonceCommitment(2, P256.mulG(BigInteger.valueOf(3)), P256.mulG(BigInteger.valueOf(7))));
    SessionValues a = SessionValues.derive(pk, new SigningPackage(new AdaptTarget(ctx, h.c(), bytes("m1")), round1));
    SessionValues b = SessionValues.derive(pk, new SigningPackage(new AdaptTarget(otherCtx, h.c(), bytes("m1")), round1));
    assertNotEquals(a.bindingFactors(), b.bindingFactors());
    assertNotEquals(a.rPrime(), b.rPrime());
  }

  @Test
  void roundOneBoundTargetIsEnforcedInRoundTwo() {
    Dealer.Dealt dealt = Dealer.deal(2, 2, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, bytes("m0"), rnd);
    AdaptTarget validated = new AdaptTarget(ctx, h.c(), bytes("approved"));
    CommitteeMember m1 = new CommitteeMember(pk, dealt.shares().get(0));
    CommitteeMember m2 = new CommitteeMember(pk, dealt.shares().get(1));
    List<NonceCommitment> round1 = List.of(m1.commit(validated, rnd), m2.commit(validated, rnd));
    SigningPackage swapped = new SigningPackage(new AdaptTarget(ctx, h.c(), bytes("not approved")), round1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m1.sign(swapped));
    assertTrue(e.getMessage().contains("differs"), e.getMessage());
    // and the nonce is gone: it cannot be retried under the approved target either
    assertThrows(IllegalStateException.class, () -> m1.sign(new SigningPackage(validated, round1)));
  }

  /** Both rounds by hand, so tests can interfere between them. */
  static final class Session {
    final Aggregator aggregator;
    final List<CommitteeMember> members = new ArrayList<>();
    SigningPackage pkg;

    private Session(CommitteePublicKey pk) {
      this.aggregator = new Aggregator(pk);
    }

    static Session start(CommitteePublicKey pk, List<KeyShare> shares, AdaptTarget target, SeededRandom rnd) {
      Session s = new Session(pk);
      List<NonceCommitment> round1 = new ArrayList<>();
      for (KeyShare share : shares) {
        CommitteeMember m = new CommitteeMember(pk, share);
        s.members.add(m);
        round1.add(m.commit(target, rnd));
      }
      s.pkg = s.aggregator.newPackage(target, round1);
      return s;
    }

    List<SignatureShare> signAll() {
      List<SignatureShare> out = new ArrayList<>();
      for (CommitteeMember m : members) {
        out.add(m.sign(pkg));
      }
      return out;
    }
  }
}
