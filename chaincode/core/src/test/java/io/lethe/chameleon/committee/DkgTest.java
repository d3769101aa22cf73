package io.lethe.chameleon.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.SeededRandom;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class DkgTest {
  private final SeededRandom rnd = new SeededRandom("DkgTest");

  @Test
  void dkgKeysWorkForCommitteeAdaptsAndInterpolateToY() {
    for (int[] shape : new int[][] {{1, 1}, {2, 3}, {3, 5}, {4, 4}}) {
      Dealer.Dealt dealt = DkgParticipant.runInProcess(shape[0], shape[1], rnd);
      CommitteePublicKey pk = dealt.publicKey();
      byte[] ctx = {0, 0, 0, 1, 'x'};
      ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, new byte[] {1}, rnd);
      List<KeyShare> signers = dealt.shares().subList(shape[1] - shape[0], shape[1]);
      var res = InProcessCommittee.adapt(pk, signers, ctx, h.c(), new byte[] {2}, rnd);
      assertTrue(ChameleonHash.verify(pk.groupKey(), ctx, new byte[] {2}, h.c(), res.randomness()).valid());
      List<Integer> ids = signers.stream().map(KeyShare::member).toList();
      BigInteger x = BigInteger.ZERO;
      for (KeyShare s : signers) {
        x = x.add(s.share().multiply(Lagrange.coefficient(s.member(), ids)));
      }
      assertEquals(pk.groupKey().point(), P256.mulG(x.mod(P256.N)));
    }
  }

  @Test
  void badProofOfKnowledgeNamesTheMember() {
    List<DkgParticipant> ps = new ArrayList<>();
    List<DkgRound1> r1 = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ps.add(new DkgParticipant(i, 2, 3));
      r1.add(ps.get(i - 1).round1(rnd));
    }
    DkgRound1 p2 = r1.get(1);
    // rogue key: member 2 replaces its constant term's commitment but cannot prove knowledge
    List<ECPoint> rogue = new ArrayList<>(p2.commitments());
    rogue.set(0, rogue.get(0).add(P256.G).normalize());
    r1.set(1, new DkgRound1(2, rogue, p2.pokR(), p2.pokMu()));
    CheatingMembersException e = assertThrows(CheatingMembersException.class, () -> ps.get(0).round2(r1));
    assertEquals(List.of(2), e.members());
  }

  @Test
  void shareInconsistentWithCommitmentsNamesTheSender() {
    List<DkgParticipant> ps = new ArrayList<>();
    List<DkgRound1> r1 = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ps.add(new DkgParticipant(i, 2, 3));
      r1.add(ps.get(i - 1).round1(rnd));
    }
    Map<Integer, List<DkgShare>> inbox = new HashMap<>();
    for (DkgParticipant p : ps) {
      for (DkgShare s : p.round2(r1)) {
        DkgShare sent = s;
        if (s.from() == 3 && s.to() == 1) {
          sent = new DkgShare(3, 1, s.value().add(BigInteger.ONE).mod(P256.N));
        }
        inbox.computeIfAbsent(sent.to(), k -> new ArrayList<>()).add(sent);
      }
    }
    CheatingMembersException e = assertThrows(CheatingMembersException.class, () -> ps.get(0).finish(inbox.get(1)));
    assertEquals(List.of(3), e.members());
    assertTrue(e.getMessage().contains("DKG"));
    // the other members are unaffected and agree on the key
    assertTrue(ps.get(1).finish(inbox.get(2)).publicKey().sameAs(ps.get(2).finish(inbox.get(3)).publicKey()));
  }
}
