package io.lethe.chameleon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class ChameleonHashTest {
  private final SeededRandom rnd = new SeededRandom("ChameleonHashTest");
  private final Trapdoor x = Trapdoor.generate(rnd);
  private final ChameleonPublicKey pk = x.publicKey();
  private final byte[] ctx = bytes("lethe.tx|mychannel|tx-1");
  private final byte[] msg = bytes("payload v1");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] randomBytes(int max) {
    byte[] b = new byte[rnd.nextInt(max + 1)];
    rnd.nextBytes(b);
    return b;
  }

  @Test
  void hashVerifiesAndDigestRecomputesC() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    assertEquals(33, h.c().length);
    assertEquals(33, h.randomness().r().length);
    assertEquals(32, h.randomness().s().length);
    ChameleonHash.Verification v = ChameleonHash.verify(pk, ctx, msg, h.c(), h.randomness());
    assertTrue(v.valid(), v.reason());
    assertArrayEquals(h.c(), ChameleonHash.digest(pk, ctx, msg, h.randomness()));
  }

  @Test
  void randomCasesHashVerifyAndAdapt() {
    for (int i = 0; i < 300; i++) {
      byte[] c1 = randomBytes(80);
      byte[] m1 = randomBytes(300);
      byte[] m2 = randomBytes(300);
      ChameleonHash.Hashed h = ChameleonHash.hash(pk, c1, m1, rnd);
      assertTrue(ChameleonHash.verify(pk, c1, m1, h.c(), h.randomness()).valid());
      Randomness r2 = ChameleonHash.adapt(x, pk, c1, h.c(), m2, rnd);
      assertTrue(ChameleonHash.verify(pk, c1, m2, h.c(), r2).valid(), "case " + i);
      assertNotEquals(h.randomness(), r2);
      if (!Arrays.equals(m1, m2)) {
        assertFalse(ChameleonHash.verify(pk, c1, m2, h.c(), h.randomness()).valid());
        assertFalse(ChameleonHash.verify(pk, c1, m1, h.c(), r2).valid());
      }
    }
  }

  @Test
  void chainOfRedactionsKeepsC() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    byte[] previous = msg;
    Randomness previousR = h.randomness();
    for (int i = 2; i <= 25; i++) {
      byte[] next = bytes("payload v" + i);
      Randomness r = ChameleonHash.adapt(x, pk, ctx, h.c(), next, rnd);
      assertArrayEquals(h.c(), ChameleonHash.digest(pk, ctx, next, r));
      assertFalse(ChameleonHash.verify(pk, ctx, previous, h.c(), r).valid());
      assertFalse(ChameleonHash.verify(pk, ctx, next, h.c(), previousR).valid());
      previous = next;
      previousR = r;
    }
  }

  @Test
  void adaptIsRandomizedEvenForTheSameInputs() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    Randomness a = ChameleonHash.adapt(x, pk, ctx, h.c(), bytes("m2"), rnd);
    Randomness b = ChameleonHash.adapt(x, pk, ctx, h.c(), bytes("m2"), rnd);
    assertNotEquals(a, b);
  }

  @Test
  void adaptRefusesAForeignTrapdoor() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    Trapdoor other = Trapdoor.generate(rnd);
    assertThrows(IllegalArgumentException.class, () -> ChameleonHash.adapt(other, pk, ctx, h.c(), msg, rnd));
  }

  @Test
  void anySingleByteMutationIsRejected() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    for (int i = 0; i < 500; i++) {
      byte[] c = h.c();
      byte[] r = h.randomness().r();
      byte[] s = h.randomness().s();
      byte[] cx = ctx.clone();
      byte[] m = msg.clone();
      byte[][] fields = {c, r, s, cx, m};
      byte[] target = fields[rnd.nextInt(fields.length)];
      int pos = rnd.nextInt(target.length);
      target[pos] ^= (byte) (1 + rnd.nextInt(255));
      ChameleonHash.Verification v = ChameleonHash.verify(pk, cx, m, c, new Randomness(r, s));
      assertFalse(v.valid(), "mutation " + i + " accepted");
    }
  }

  // --- malformed randomness and mismatched records --------------------------------------

  private void assertRejected(byte[] c, Randomness r, String reasonPart) {
    ChameleonHash.Verification v = ChameleonHash.verify(pk, ctx, msg, c, r);
    assertFalse(v.valid(), "accepted: " + r);
    assertTrue(v.reason().contains(reasonPart), "reason was: " + v.reason());
  }

  @Test
  void rejectsSNotReduced() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    byte[] r = h.randomness().r();
    assertRejected(h.c(), new Randomness(r, BigIntegers.asUnsignedByteArray(32, P256.N)), "not reduced");
    assertRejected(h.c(), new Randomness(r, BigIntegers.asUnsignedByteArray(32, P256.N.add(BigInteger.TEN))), "not reduced");
    byte[] allOnes = new byte[32];
    Arrays.fill(allOnes, (byte) 0xff);
    assertRejected(h.c(), new Randomness(r, allOnes), "not reduced");
  }

  @Test
  void rejectsSPlusN() {
    // s and s + n are the same scalar mod n: only the reduced one may verify.
    int seen32 = 0;
    for (int i = 0; i < 40; i++) {
      ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
      BigInteger sPlusN = h.randomness().sScalar().add(P256.N);
      byte[] enc = BigIntegers.asUnsignedByteArray(sPlusN);
      if (enc.length <= 32) {
        enc = BigIntegers.asUnsignedByteArray(32, sPlusN);
        seen32++;
        assertRejected(h.c(), new Randomness(h.randomness().r(), enc), "not reduced");
      } else {
        assertRejected(h.c(), new Randomness(h.randomness().r(), enc), "32-byte");
      }
    }
    // force the 32-byte case: s small enough that s + n < 2^256
    ChameleonHash.Hashed h = ChameleonHash.hashWith(pk, ctx, msg, BigInteger.valueOf(7), BigInteger.valueOf(5));
    assertTrue(ChameleonHash.verify(pk, ctx, msg, h.c(), h.randomness()).valid());
    assertRejected(h.c(), new Randomness(h.randomness().r(), BigIntegers.asUnsignedByteArray(32, P256.N.add(BigInteger.valueOf(5)))), "not reduced");
  }

  @Test
  void rejectsNonCanonicalScalarLengths() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    byte[] s = h.randomness().s();
    byte[] padded = new byte[33];
    System.arraycopy(s, 0, padded, 1, 32);
    assertRejected(h.c(), new Randomness(h.randomness().r(), padded), "32-byte");
    assertRejected(h.c(), new Randomness(h.randomness().r(), Arrays.copyOf(s, 31)), "32-byte");
    assertRejected(h.c(), new Randomness(h.randomness().r(), null), "missing");
  }

  @Test
  void rejectsIdentityAndOffCurveR() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    byte[] s = h.randomness().s();
    assertRejected(h.c(), new Randomness(new byte[] {0}, s), "33-byte");
    assertRejected(h.c(), new Randomness(new byte[33], s), "prefix");
    byte[] offCurve = offCurveEncoding();
    assertRejected(h.c(), new Randomness(offCurve, s), "not a point");
    byte[] xTooBig = BigIntegers.asUnsignedByteArray(33, P256.P.add(BigInteger.ONE));
    xTooBig[0] = 0x02;
    assertRejected(h.c(), new Randomness(xTooBig, s), "x >= p");
  }

  @Test
  void rejectsNonCompressedR() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    byte[] uncompressed = h.randomness().rPoint().getEncoded(false);
    assertRejected(h.c(), new Randomness(uncompressed, h.randomness().s()), "33-byte");
    byte[] wrongPrefix = h.randomness().r();
    wrongPrefix[0] = 0x04;
    assertRejected(h.c(), new Randomness(wrongPrefix, h.randomness().s()), "prefix");
    byte[] negated = h.randomness().r();
    negated[0] ^= 0x01; // −R: a valid point, but not this record's
    assertRejected(h.c(), new Randomness(negated, h.randomness().s()), "does not match");
  }

  @Test
  void rejectsRandomnessOfAnotherRecordWrongContextOrWrongKey() {
    ChameleonHash.Hashed a = ChameleonHash.hash(pk, ctx, msg, rnd);
    ChameleonHash.Hashed b = ChameleonHash.hash(pk, ctx, msg, rnd);
    assertRejected(a.c(), b.randomness(), "does not match");
    assertRejected(a.c(), new Randomness(b.randomness().r(), a.randomness().s()), "does not match");
    assertFalse(ChameleonHash.verify(pk, bytes("lethe.tx|mychannel|tx-2"), msg, a.c(), a.randomness()).valid());
    ChameleonPublicKey otherKey = Trapdoor.generate(rnd).publicKey();
    assertFalse(ChameleonHash.verify(otherKey, ctx, msg, a.c(), a.randomness()).valid());
    assertFalse(ChameleonHash.verify(pk, ctx, bytes("payload v2"), a.c(), a.randomness()).valid());
  }

  @Test
  void malformedCIsRejectedNotThrown() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    assertFalse(ChameleonHash.verify(pk, ctx, msg, new byte[33], h.randomness()).valid());
    assertFalse(ChameleonHash.verify(pk, ctx, msg, null, h.randomness()).valid());
    assertFalse(ChameleonHash.verify(pk, ctx, msg, offCurveEncoding(), h.randomness()).valid());
    assertFalse(ChameleonHash.verify(null, ctx, msg, h.c(), h.randomness()).valid());
    assertFalse(ChameleonHash.verify(pk, null, msg, h.c(), h.randomness()).valid());
    assertFalse(ChameleonHash.verify(pk, ctx, msg, h.c(), null).valid());
  }

  @Test
  void digestThrowsWithAReason() {
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, ctx, msg, rnd);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ChameleonHash.digest(pk, ctx, msg, new Randomness(h.randomness().r(), BigIntegers.asUnsignedByteArray(32, P256.N))));
    assertTrue(e.getMessage().contains("s"), e.getMessage());
  }

  @Test
  void publicKeyEncodingRoundTripsAndIsStrict() {
    assertEquals(pk, ChameleonPublicKey.fromSec1(pk.toSec1()));
    assertEquals(pk, ChameleonPublicKey.fromHex(pk.toHex()));
    assertThrows(IllegalArgumentException.class, () -> ChameleonPublicKey.fromSec1(pk.point().getEncoded(false)));
    assertThrows(IllegalArgumentException.class, () -> ChameleonPublicKey.fromSec1(offCurveEncoding()));
    assertThrows(IllegalArgumentException.class, () -> ChameleonPublicKey.fromHex("zz"));
    assertThrows(IllegalArgumentException.class, () -> ChameleonPublicKey.fromSec1(null));
    // decoded keys are reused (their multiplication tables with them); a bad key is never cached
    assertSame(ChameleonPublicKey.fromSec1(pk.toSec1()), ChameleonPublicKey.fromSec1(pk.toSec1()));
    for (int i = 0; i < 3; i++) {
      assertThrows(IllegalArgumentException.class, () -> ChameleonPublicKey.fromSec1(offCurveEncoding()));
    }
  }

  /** An x with no y on P-256 (x³ − 3x + b is a non-residue), encoded with prefix 02. */
  static byte[] offCurveEncoding() {
    for (int x = 1; ; x++) {
      byte[] enc = BigIntegers.asUnsignedByteArray(33, BigInteger.valueOf(x));
      enc[0] = 0x02;
      try {
        P256.CURVE.decodePoint(enc);
      } catch (IllegalArgumentException notOnCurve) {
        return enc;
      }
    }
  }
}
