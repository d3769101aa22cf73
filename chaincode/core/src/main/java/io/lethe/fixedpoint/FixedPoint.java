package io.lethe.fixedpoint;

import io.lethe.zk.Bls12381;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fixed-point weights shared with the prover (DESIGN §5): {@code raw = round(w · 2^16)} as a
 * signed 64-bit integer with {@code |raw| < 2^40}; in the BLS12-381 scalar field a negative raw
 * maps to {@code r − |raw|}.
 *
 * <p>Export file, version 1 (big-endian):
 *
 * <pre>
 *   magic   8 bytes  "LETHEFXP"
 *   version u32      1
 *   fracBits u32     16
 *   count   u32      number of weights
 *   raws    count × int64 big-endian two's complement, the model file's flat order
 * </pre>
 */
public final class FixedPoint {
  public static final int FRACTION_BITS = 16;
  public static final long SCALE = 1L << FRACTION_BITS;
  public static final long BOUND = 1L << 40;
  public static final byte[] MAGIC = "LETHEFXP".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  private FixedPoint() {}

  /** {@code round(w · 2^16)} (half away from zero); throws when out of range. */
  public static long toRaw(double w) {
    if (!Double.isFinite(w)) {
      throw new ArithmeticException("weight is not finite: " + w);
    }
    double scaled = Math.abs(w * SCALE);
    // floor(scaled + 0.5) would round 0.5 − 2^-54 up (the sum rounds to 1.0); the fraction is exact
    double whole = Math.floor(scaled);
    double magnitude = scaled - whole >= 0.5 ? whole + 1 : whole;
    if (magnitude >= BOUND) {
      throw new ArithmeticException("weight " + w + " outside the fixed-point range |raw| < 2^40");
    }
    return w < 0 ? -(long) magnitude : (long) magnitude;
  }

  public static double fromRaw(long raw) {
    return (double) raw / SCALE;
  }

  public static long[] toRaw(double[] w) {
    long[] r = new long[w.length];
    for (int i = 0; i < w.length; i++) {
      r[i] = toRaw(w[i]);
    }
    return r;
  }

  public static BigInteger toField(long raw) {
    BigInteger v = BigInteger.valueOf(raw);
    return raw < 0 ? Bls12381.SCALAR_FIELD_ORDER.add(v) : v;
  }

  public static byte[] export(double[] weights) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(20 + weights.length * 8);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(FRACTION_BITS);
      out.writeInt(weights.length);
      for (double w : weights) {
        out.writeLong(toRaw(w));
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long[] importRaw(byte[] file) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(file));
    if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
      throw new IOException("not a Lethe fixed-point file (bad magic)");
    }
    int version = in.readInt();
    int frac = in.readInt();
    int count = in.readInt();
    if (version != VERSION || frac != FRACTION_BITS || (long) count * 8 != in.available()) {
      throw new IOException("unsupported fixed-point file (version " + version + ", fracBits " + frac + ")");
    }
    long[] raws = new long[count];
    for (int i = 0; i < count; i++) {
      raws[i] = in.readLong();
      if (Math.abs(raws[i]) >= BOUND) {
        throw new IOException("raw weight " + i + " outside |raw| < 2^40");
      }
    }
    return raws;
  }
}
