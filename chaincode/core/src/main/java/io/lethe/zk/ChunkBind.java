package io.lethe.zk;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * bind v1: the public input that ties a universal chunk proof to one request, model and version
 * (DESIGN §5; spec prover-native/CHUNKS.md), identical to prover-native/chunks.Bind.
 *
 * <p>The message {@code lp("lethe.chunk-bind.v1") ‖ lp(channel) ‖ lp(requestId) ‖ lp(modelId) ‖ u64
 * version} (lp = 4-byte big-endian length ‖ UTF-8 bytes; version unsigned, big-endian) is cut into
 * 31-byte big-endian field elements (the last right-padded with zero bytes; an element 0 appended
 * when their number is odd) and absorbed two at a time into a Poseidon2 sponge whose state starts
 * at (0, 0, 4); bind = compress(lane 0, byte length of the message, 4).
 */
public final class ChunkBind {
  public static final String VERSION = "lethe.chunk-bind.v1";
  /** Poseidon2 domain tag of bind (zkDigest uses 1, 2, 3). */
  public static final long TAG_BIND = 4;
  private static final int BLOCK = 31;

  private ChunkBind() {}

  /** The encoded message; {@code version} is read as an unsigned 64-bit integer. */
  public static byte[] message(String channel, String requestId, String modelId, long version) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    lp(m, VERSION);
    lp(m, channel);
    lp(m, requestId);
    lp(m, modelId);
    for (int i = 7; i >= 0; i--) {
      m.write((int) (version >>> (8 * i)) & 0xff);
    }
    return m.toByteArray();
  }

  private static void lp(ByteArrayOutputStream m, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int n = b.length;
    m.write(n >>> 24);
    m.write((n >>> 16) & 0xff);
    m.write((n >>> 8) & 0xff);
    m.write(n & 0xff);
    m.write(b, 0, n);
  }

  /** bind = H(channel ‖ requestId ‖ modelId ‖ version), a BLS12-381 scalar. */
  public static BigInteger bind(String channel, String requestId, String modelId, long version) {
    return of(message(channel, requestId, modelId, version));
  }

  /** bind of an encoded message. */
  public static BigInteger of(byte[] m) {
    int blocks = (m.length + BLOCK - 1) / BLOCK;
    BigInteger[] elems = new BigInteger[blocks + (blocks % 2)];
    Arrays.fill(elems, BigInteger.ZERO);
    for (int k = 0; k < blocks; k++) {
      byte[] blk = new byte[BLOCK];
      System.arraycopy(m, k * BLOCK, blk, 0, Math.min(BLOCK, m.length - k * BLOCK));
      elems[k] = new BigInteger(1, blk);
    }
    BigInteger[] s = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(TAG_BIND)};
    for (int k = 0; k < elems.length; k += 2) {
      s[0] = s[0].add(elems[k]).mod(Bls12381.SCALAR_FIELD_ORDER);
      s[1] = s[1].add(elems[k + 1]).mod(Bls12381.SCALAR_FIELD_ORDER);
      Poseidon2.permute(s);
    }
    return Poseidon2.compress(s[0], BigInteger.valueOf(m.length), TAG_BIND);
  }
}
