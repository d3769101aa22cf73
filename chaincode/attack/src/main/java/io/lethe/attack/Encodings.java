package io.lethe.attack;

import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Points, scalars and hex strings, valid and not, for the mutations (all drawn from the attempt's Random). */
public final class Encodings {
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private Encodings() {}

  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  public static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  public static BigInteger scalar(Random random) {
    BigInteger k;
    do {
      k = new BigInteger(256, random);
    } while (k.signum() == 0 || k.compareTo(P256.N) >= 0);
    return k;
  }

  public static String scalarHex(BigInteger k) {
    return hex(fixed(k, 32));
  }

  /** {@code k} as exactly {@code len} big-endian bytes (k < 256^len). */
  public static byte[] fixed(BigInteger k, int len) {
    byte[] raw = k.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }

  /** A valid, canonically encoded random point (SEC1 compressed). */
  public static String point(Random random) {
    return hex(P256.encodePoint(P256.mulG(scalar(random))));
  }

  /** An x below p for which neither 02‖x nor 03‖x is on P-256. */
  public static byte[] offCurveX(Random random) {
    while (true) {
      BigInteger x = new BigInteger(256, random);
      if (x.compareTo(P256.P) < 0 && !onCurve(x)) {
        return fixed(x, 32);
      }
    }
  }

  private static boolean onCurve(BigInteger x) {
    BigInteger p = P256.P;
    BigInteger rhs = x.pow(3).add(P256.CURVE.getA().toBigInteger().multiply(x)).add(P256.CURVE.getB().toBigInteger()).mod(p);
    // Euler's criterion: rhs is a square mod p (or zero)
    return rhs.signum() == 0 || rhs.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
  }

  /** 33 bytes: a compressed prefix and an x in [p, 2^256) (no canonical encoding has it). */
  public static String xAtLeastP(Random random) {
    BigInteger x = P256.P.add(new BigInteger(200, random).mod(TWO_256.subtract(P256.P)));
    return (random.nextBoolean() ? "02" : "03") + hex(fixed(x, 32));
  }

  /** The uncompressed (65-byte) encoding of a valid point. */
  public static String uncompressed(Random random) {
    return hex(P256.mulG(scalar(random)).getEncoded(false));
  }

  /** A scalar in [n, 2^256): 32 bytes, but not reduced. */
  public static String scalarAtLeastN(Random random) {
    BigInteger k = P256.N.add(new BigInteger(256, random).mod(TWO_256.subtract(P256.N)));
    return hex(fixed(k, 32));
  }

  public static String n() {
    return hex(fixed(P256.N, 32));
  }

  /** The same point's negation: the other compressed prefix, same x. */
  public static String negatePoint(String pointHex) {
    return (pointHex.startsWith("02") ? "03" : "02") + pointHex.substring(2);
  }

  public static String addToScalar(String sHex, long delta) {
    return scalarHex(new BigInteger(1, HEX.parseHex(sHex)).add(BigInteger.valueOf(delta)).mod(P256.N));
  }

  public static String negateScalar(String sHex) {
    return scalarHex(P256.N.subtract(new BigInteger(1, HEX.parseHex(sHex))).mod(P256.N));
  }

  public static <T> T pick(Random random, List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  @SafeVarargs
  public static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
