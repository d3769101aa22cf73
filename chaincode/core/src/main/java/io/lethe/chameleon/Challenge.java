package io.lethe.chameleon;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The scheme's one hash to a scalar, {@code H(x) = OS2IP(expand_message_xmd_SHA256(x, DST, 48))
 * mod n} with {@code DST = "LETHE-CH-P256-SHA256-v1"} (DESIGN §4), and the challenge built on it:
 * {@code e = H(ctx ‖ SEC1c(Y) ‖ SEC1c(R) ‖ SHA-256(m))}. 48 bytes keep the bias of the reduction
 * mod n below 2^-128. The committee's binding factors use the same {@code H} (see
 * {@code io.lethe.chameleon.committee.BindingFactors}).
 */
public final class Challenge {
  public static final String DST = "LETHE-CH-P256-SHA256-v1";
  private static final byte[] DST_BYTES = DST.getBytes(StandardCharsets.US_ASCII);
  static final int EXPAND_BYTES = 48;

  private Challenge() {}

  /** {@code H(x)}: hash arbitrary bytes to a scalar mod n. */
  public static BigInteger hashToScalar(byte[] input) {
    return new BigInteger(1, ExpandMessageXmd.expand(input, DST_BYTES, EXPAND_BYTES)).mod(P256.N);
  }

  /** Hash to a scalar under another domain (for hashes outside DESIGN §4, e.g. DKG proofs). */
  public static BigInteger hashToScalar(byte[] input, String dst) {
    if (DST.equals(dst)) {
      throw new IllegalArgumentException("use a DST of its own, not the chameleon-hash DST");
    }
    byte[] d = dst.getBytes(StandardCharsets.US_ASCII);
    return new BigInteger(1, ExpandMessageXmd.expand(input, d, EXPAND_BYTES)).mod(P256.N);
  }

  /** The exact bytes the challenge hashes: {@code ctx ‖ SEC1c(Y) ‖ SEC1c(R) ‖ SHA-256(m)}. */
  public static byte[] input(byte[] ctx, ECPoint y, ECPoint r, byte[] msg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(ctx.length + 98);
    out.writeBytes(ctx);
    out.writeBytes(P256.encodePoint(y));
    out.writeBytes(P256.encodePoint(r));
    out.writeBytes(sha256(msg));
    return out.toByteArray();
  }

  /** {@code e = H(ctx, Y, R, m)}. */
  public static BigInteger challenge(byte[] ctx, ECPoint y, ECPoint r, byte[] msg) {
    return hashToScalar(input(ctx, y, r, msg));
  }

  public static byte[] sha256(byte[] data) {
    return ExpandMessageXmd.sha256(data);
  }
}
