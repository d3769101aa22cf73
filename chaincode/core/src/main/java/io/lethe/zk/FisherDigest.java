package io.lethe.zk;

import java.math.BigInteger;

/**
 * The Fisher commitment of a {@code chunk-obs} proof (prover-native/CHUNKS.md § chunk-obs, Go
 * {@code chunks.FisherDigest}): the chunk's 64 Fisher blocks in order, each its upper triangle
 * row-major (136 fixed-point raws, {@code H[r][k]} for {@code r ≤ k}), packed six per field
 * element like zkDigest leaves ({@code u = h + 2^40}, 41-bit slots, absent slots 0), absorbed
 * two elements per permutation into a Poseidon2 sponge that starts at {@code (0, 0, 5)}; the
 * digest is lane 0.
 */
public final class FisherDigest {
  /** Weights per Fisher block and blocks per chunk. */
  public static final int BLOCK = ObsMask.FISHER_BLOCK;
  public static final int BLOCKS = ZkDigest.CHUNK_WEIGHTS / BLOCK;
  /** Upper-triangle entries of one block. */
  public static final int ENTRIES = BLOCK * (BLOCK + 1) / 2;
  static final long TAG_FISHER = 5;
  private static final long LIMIT = 1L << ZkDigest.MAGNITUDE_BITS;

  private FisherDigest() {}

  /** Index of {@code H[r][k]} in a block's upper-triangle list. */
  public static int upper(int r, int k) {
    if (r > k) {
      int t = r;
      r = k;
      k = t;
    }
    return r * BLOCK - r * (r - 1) / 2 + (k - r);
  }

  /**
   * @param blocks at most 64 blocks of {@link #ENTRIES} raws each (missing blocks are zero)
   * @throws IllegalArgumentException for a block of the wrong size or a raw with |raw| ≥ 2^40
   */
  public static BigInteger of(long[][] blocks) {
    if (blocks.length > BLOCKS) {
      throw new IllegalArgumentException(blocks.length + " Fisher blocks, at most " + BLOCKS);
    }
    long[] flat = new long[BLOCKS * ENTRIES];
    for (int b = 0; b < blocks.length; b++) {
      if (blocks[b].length != ENTRIES) {
        throw new IllegalArgumentException("Fisher block " + b + " has " + blocks[b].length + " entries, want " + ENTRIES);
      }
      for (int e = 0; e < ENTRIES; e++) {
        long h = blocks[b][e];
        if (h <= -LIMIT || h >= LIMIT) {
          throw new IllegalArgumentException("Fisher block " + b + " entry " + e + " outside ±2^40");
        }
        flat[b * ENTRIES + e] = h;
      }
    }
    int elements = (flat.length + ZkDigest.PER_ELEMENT - 1) / ZkDigest.PER_ELEMENT;
    BigInteger[] packed = new BigInteger[elements + elements % 2];
    for (int k = 0; k < elements; k++) {
      BigInteger acc = BigInteger.ZERO;
      for (int j = Math.min(ZkDigest.PER_ELEMENT, flat.length - k * ZkDigest.PER_ELEMENT) - 1; j >= 0; j--) {
        acc = acc.shiftLeft(ZkDigest.SLOT_BITS).add(BigInteger.valueOf(flat[k * ZkDigest.PER_ELEMENT + j] + LIMIT));
      }
      packed[k] = acc;
    }
    if (elements % 2 == 1) {
      packed[elements] = BigInteger.ZERO;
    }
    BigInteger[] s = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(TAG_FISHER)};
    for (int k = 0; k < packed.length; k += 2) {
      s[0] = s[0].add(packed[k]).mod(Bls12381.SCALAR_FIELD_ORDER);
      s[1] = s[1].add(packed[k + 1]).mod(Bls12381.SCALAR_FIELD_ORDER);
      Poseidon2.permute(s);
    }
    return s[0];
  }
}
