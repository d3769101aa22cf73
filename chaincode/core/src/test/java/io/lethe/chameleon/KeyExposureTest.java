package io.lethe.chameleon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Why Lethe's scheme and not Krawczyk–Rabin: a KR collision reveals the trapdoor, Lethe's
 * collisions do not (1,000 of them on one digest), and a reused adapt nonce would reveal it too.
 */
class KeyExposureTest {
  private final SeededRandom rnd = new SeededRandom("KeyExposureTest");
  private final byte[] ctx = "lethe.tx|ch|tx-1".getBytes(StandardCharsets.UTF_8);

  private static byte[] m(int i) {
    return ("model version " + i).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oneKrawczykRabinCollisionRevealsTheTrapdoor() {
    Trapdoor x = Trapdoor.generate(rnd);
    KrawczykRabin.Opening o = KrawczykRabin.hash(x.publicKey(), ctx, m(0), rnd);
    assertTrue(KrawczykRabin.verify(x.publicKey(), ctx, m(0), o.c(), o.r()));
    BigInteger r1 = KrawczykRabin.adapt(x, ctx, m(0), o.r(), m(1));
    assertTrue(KrawczykRabin.verify(x.publicKey(), ctx, m(1), o.c(), r1));
    BigInteger extracted =
        KrawczykRabin.extractTrapdoor(
            KrawczykRabin.messageScalar(ctx, m(0)), o.r(), KrawczykRabin.messageScalar(ctx, m(1)), r1);
    assertEquals(x.x(), extracted);
  }

  @Test
  void thousandCollisionsOnOneDigestNeverYieldTheTrapdoorByTheKrawczykRabinFormula() {
    Trapdoor x = Trapdoor.generate(rnd);
    ChameleonPublicKey pk = x.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, m(0), rnd);
    List<BigInteger> e = new ArrayList<>();
    List<BigInteger> s = new ArrayList<>();
    e.add(Challenge.challenge(ctx, pk.point(), h.randomness().rPoint(), m(0)));
    s.add(h.randomness().sScalar());
    for (int i = 1; i <= 1000; i++) {
      Randomness r = ChameleonHash.adapt(x, pk, ctx, h.c(), m(i), rnd);
      assertTrue(ChameleonHash.verify(pk, ctx, m(i), h.c(), r).valid());
      e.add(Challenge.challenge(ctx, pk.point(), r.rPoint(), m(i)));
      s.add(r.sScalar());
    }
    ECPoint y = pk.point();
    int tried = 0;
    for (int i = 1; i < e.size(); i++) {
      for (int j : new int[] {0, i - 1}) {
        if (j == i || (j == 0 && i == 1)) {
          continue;
        }
        // KR's formula with the challenge as the message scalar and s as the randomness
        BigInteger krCandidate = KrawczykRabin.extractTrapdoor(e.get(j), s.get(j), e.get(i), s.get(i));
        // the nonce-reuse formula x = (s_j − s_i)/(e_i − e_j), right only if both used one nonce
        BigInteger reuseCandidate =
            s.get(j).subtract(s.get(i)).multiply(e.get(i).subtract(e.get(j)).modInverse(P256.N)).mod(P256.N);
        for (BigInteger cand : new BigInteger[] {krCandidate, reuseCandidate}) {
          assertNotEquals(x.x(), cand);
          assertNotEquals(x.x(), P256.N.subtract(cand));
          if (cand.signum() != 0) {
            assertTrue(!P256.mulG(cand).equals(y), "candidate opens Y");
          }
          tried++;
        }
      }
    }
    assertEquals(2 * (1000 + 999 - 1), tried);
  }

  @Test
  void reusingTheAdaptNonceRevealsTheTrapdoor() {
    // Why nonces are random and single-use: two adapts with one k give x = (s1 − s2)/(e2 − e1).
    Trapdoor x = Trapdoor.generate(rnd);
    ChameleonPublicKey pk = x.publicKey();
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, m(0), rnd);
    BigInteger k = P256.randomScalar(rnd);
    ECPoint c = P256.decodePoint(h.c(), "C");
    Randomness r1 = ChameleonHash.adaptWith(x, pk, ctx, c, m(1), k);
    Randomness r2 = ChameleonHash.adaptWith(x, pk, ctx, c, m(2), k);
    assertTrue(ChameleonHash.verify(pk, ctx, m(1), h.c(), r1).valid());
    assertTrue(ChameleonHash.verify(pk, ctx, m(2), h.c(), r2).valid());
    assertEquals(r1.rPoint(), r2.rPoint()); // the tell-tale: one R' for two messages
    BigInteger e1 = Challenge.challenge(ctx, pk.point(), r1.rPoint(), m(1));
    BigInteger e2 = Challenge.challenge(ctx, pk.point(), r2.rPoint(), m(2));
    BigInteger recovered =
        r1.sScalar().subtract(r2.sScalar()).multiply(e2.subtract(e1).modInverse(P256.N)).mod(P256.N);
    assertEquals(x.x(), recovered);
  }
}
