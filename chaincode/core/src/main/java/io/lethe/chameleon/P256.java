package io.lethe.chameleon;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * The P-256 group as Lethe uses it: strict SEC1-compressed point encoding (33 bytes), 32-byte
 * big-endian scalars, and uniformly random scalars. Every decoder here rejects anything but the
 * one canonical encoding, so a record can never be re-encoded into a second valid form.
 */
public final class P256 {
  public static final int POINT_BYTES = 33;
  public static final int SCALAR_BYTES = 32;

  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
  public static final ECCurve CURVE = PARAMS.getCurve();
  public static final ECPoint G = PARAMS.getG().normalize();
  /** Group order n. */
  public static final BigInteger N = PARAMS.getN();
  /** Field prime p. */
  public static final BigInteger P = CURVE.getField().getCharacteristic();

  private static final FixedPointCombMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  private P256() {}

  /** k·G. */
  public static ECPoint mulG(BigInteger k) {
    return BASE_MULTIPLIER.multiply(G, k.mod(N)).normalize();
  }

  /** k·Q. */
  public static ECPoint mul(ECPoint q, BigInteger k) {
    return q.multiply(k.mod(N)).normalize();
  }

  /** a·G + b·Q with one interleaved ladder. */
  public static ECPoint mulGPlus(BigInteger a, ECPoint q, BigInteger b) {
    return ECAlgorithms.sumOfTwoMultiplies(G, a.mod(N), q, b.mod(N)).normalize();
  }

  /** SEC1 compressed encoding (33 bytes); the identity has none and is refused. */
  public static byte[] encodePoint(ECPoint point) {
    if (point.isInfinity()) {
      throw new IllegalArgumentException("the identity point has no SEC1 compressed encoding");
    }
    return point.normalize().getEncoded(true);
  }

  /**
   * Decodes exactly 33 bytes {@code 02|03 ‖ x} with {@code x < p} on the curve; everything else
   * (uncompressed or hybrid forms, the identity, x ≥ p, points off the curve) is refused with the
   * reason, naming the field as {@code what}.
   */
  public static ECPoint decodePoint(byte[] encoded, String what) {
    if (encoded == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (encoded.length != POINT_BYTES) {
      throw new IllegalArgumentException(
          what + " must be a 33-byte SEC1 compressed point, got " + encoded.length + " bytes");
    }
    if (encoded[0] != 0x02 && encoded[0] != 0x03) {
      throw new IllegalArgumentException(
          what + " has SEC1 prefix 0x" + String.format("%02x", encoded[0] & 0xff)
              + ", expected 0x02 or 0x03 (compressed)");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, POINT_BYTES));
    if (x.compareTo(P) >= 0) {
      throw new IllegalArgumentException(what + " has a non-canonical x coordinate (x >= p)");
    }
    ECPoint point;
    try {
      point = CURVE.decodePoint(encoded).normalize();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(what + " is not a point on P-256");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new IllegalArgumentException(what + " is not a valid P-256 point");
    }
    if (!Arrays.equals(point.getEncoded(true), encoded)) {
      throw new IllegalArgumentException(what + " is not canonically encoded");
    }
    return point;
  }

  /** 32-byte big-endian encoding of a scalar in [0, n). */
  public static byte[] encodeScalar(BigInteger k) {
    if (k.signum() < 0 || k.compareTo(N) >= 0) {
      throw new IllegalArgumentException("scalar out of range [0, n)");
    }
    return BigIntegers.asUnsignedByteArray(SCALAR_BYTES, k);
  }

  /** Decodes exactly 32 big-endian bytes holding a value {@code < n}. */
  public static BigInteger decodeScalar(byte[] encoded, String what) {
    if (encoded == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (encoded.length != SCALAR_BYTES) {
      throw new IllegalArgumentException(
          what + " must be a 32-byte scalar, got " + encoded.length + " bytes");
    }
    BigInteger k = new BigInteger(1, encoded);
    if (k.compareTo(N) >= 0) {
      throw new IllegalArgumentException(what + " is not reduced (must be < n)");
    }
    return k;
  }

  /** A uniformly random scalar in [1, n) (rejection sampling, never derived from its inputs). */
  public static BigInteger randomScalar(SecureRandom rnd) {
    if (rnd == null) {
      throw new IllegalArgumentException("a SecureRandom is required (nonces are never deterministic)");
    }
    return BigIntegers.createRandomInRange(BigInteger.ONE, N.subtract(BigInteger.ONE), rnd);
  }

  /** I2OSP(i, 32): how member identifiers enter hashes (as scalars, as in RFC 9591). */
  public static byte[] encodeIdentifier(int member) {
    if (member <= 0) {
      throw new IllegalArgumentException("member identifiers start at 1");
    }
    return encodeScalar(BigInteger.valueOf(member));
  }
}
