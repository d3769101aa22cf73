package io.lethe.zk;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * {@code bind = H(channel ‖ requestId ‖ modelId ‖ version)}, the public input that ties a chunk
 * proof to one rewrite (spec: {@code prover-native/CHUNKS.md}). The message is
 * {@code lp("lethe.chunk-bind.v1") ‖ lp(channel) ‖ lp(requestId) ‖ lp(modelId) ‖ u64 version}
 * (lp = 4-byte big-endian length ‖ UTF-8), cut into 31-byte big-endian elements (the last
 * right-padded with zero bytes, a zero element appended to make their number even), absorbed
 * two at a time into a Poseidon2 sponge starting at (0, 0, 4); bind = compress(lane 0, byte
 * length, 4).
 */
public final class ChunkBind {
  static final String VERSION = "lethe.chunk-bind.v1";
  static final long TAG = 4;

  private ChunkBind() {}

  public static BigInteger of(String channel, String requestId, String modelId, long version) {
    return ofMessage(message(channel, requestId, modelId, version));
  }

  static byte[] message(String channel, String requestId, String modelId, long version) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    for (String s : new String[] {VERSION, channel, requestId, modelId}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      m.write(b.length >>> 24);
      m.write(b.length >>> 16);
      m.write(b.length >>> 8);
      m.write(b.length);
      m.writeBytes(b);
    }
    for (int i = 7; i >= 0; i--) {
      m.write((int) (version >>> (8 * i)));
    }
    return m.toByteArray();
  }

  static BigInteger ofMessage(byte[] m) {
    int blocks = (m.length + 30) / 31;
    int elements = blocks + (blocks % 2);
    BigInteger[] e = new BigInteger[elements];
    for (int k = 0; k < elements; k++) {
      byte[] blk = new byte[31];
      if (k < blocks) {
        System.arraycopy(m, k * 31, blk, 0, Math.min(31, m.length - k * 31));
      }
      e[k] = new BigInteger(1, blk);
    }
    BigInteger r = Bls12381.SCALAR_FIELD_ORDER;
    BigInteger[] s = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(TAG)};
    for (int k = 0; k < elements; k += 2) {
      s[0] = s[0].add(e[k]).mod(r);
      s[1] = s[1].add(e[k + 1]).mod(r);
      Poseidon2.permute(s);
    }
    return Poseidon2.compress(s[0], BigInteger.valueOf(m.length), TAG);
  }
}
