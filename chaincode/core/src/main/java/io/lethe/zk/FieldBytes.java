package io.lethe.zk;

import java.math.BigInteger;
import java.util.HexFormat;

/** Canonical 32-byte big-endian encoding of BLS12-381 scalars. */
public final class FieldBytes {
  private FieldBytes() {}

  public static byte[] toBytes32(BigInteger e) {
    if (e.signum() < 0 || e.compareTo(Bls12381.SCALAR_FIELD_ORDER) >= 0) {
      throw new IllegalArgumentException("not a canonical scalar");
    }
    byte[] b = e.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  /** Parses a canonical scalar (exactly 32 bytes, below r). */
  public static BigInteger fromBytes32(byte[] b) {
    if (b.length != 32) {
      throw new IllegalArgumentException("scalar must be 32 bytes, got " + b.length);
    }
    BigInteger e = new BigInteger(1, b);
    if (e.compareTo(Bls12381.SCALAR_FIELD_ORDER) >= 0) {
      throw new IllegalArgumentException("scalar not below the field order");
    }
    return e;
  }

  public static String toHex(BigInteger e) {
    return HexFormat.of().formatHex(toBytes32(e));
  }

  public static BigInteger fromHex(String hex) {
    return fromBytes32(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
  }
}
