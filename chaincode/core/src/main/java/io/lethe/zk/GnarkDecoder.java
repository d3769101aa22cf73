package io.lethe.zk;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/**
 * Reads gnark's compressed binary encoding (BLS12-381): points in the ZCash compressed format
 * (48-byte G1, 96-byte G2, flag bits in the first byte), lengths as big-endian uint32. Every
 * point is checked on the curve and in the prime-order subgroup.
 */
final class GnarkDecoder {
  static final int G1 = 48;
  static final int G2 = 96;
  private static final int MAX_LEN = 1 << 20;
  private final ByteBuffer buf;

  GnarkDecoder(byte[] data) {
    this.buf = ByteBuffer.wrap(data);
  }

  private byte[] take(int n) {
    try {
      byte[] b = new byte[n];
      buf.get(b);
      return b;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated encoding");
    }
  }

  int u32() {
    long v = Integer.toUnsignedLong(ByteBuffer.wrap(take(4)).getInt());
    if (v > MAX_LEN) {
      throw new IllegalArgumentException("length " + v + " too large");
    }
    return (int) v;
  }

  long u64() {
    return ByteBuffer.wrap(take(8)).getLong();
  }

  P1_Affine g1() {
    byte[] b = take(G1);
    if ((b[0] & 0x80) == 0) {
      throw new IllegalArgumentException("G1 point not in compressed form");
    }
    P1_Affine p;
    try {
      p = new P1_Affine(b);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid G1 point: " + e.getMessage());
    }
    if (!p.on_curve() || !p.in_group()) {
      throw new IllegalArgumentException("G1 point not in the subgroup");
    }
    return p;
  }

  P2_Affine g2() {
    byte[] b = take(G2);
    if ((b[0] & 0x80) == 0) {
      throw new IllegalArgumentException("G2 point not in compressed form");
    }
    P2_Affine p;
    try {
      p = new P2_Affine(b);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid G2 point: " + e.getMessage());
    }
    if (!p.on_curve() || !p.in_group()) {
      throw new IllegalArgumentException("G2 point not in the subgroup");
    }
    return p;
  }

  void requireEnd() {
    if (buf.hasRemaining()) {
      throw new IllegalArgumentException(buf.remaining() + " trailing bytes");
    }
  }
}
