package io.lethe.zk;

/**
 * One touched Fisher block of a zero-shot update, in the fixed point the {@code chunk-obs}
 * circuit checks (prover-native/CHUNKS.md § chunk-obs): the block's symmetric Fisher {@code H}
 * (upper triangle row-major, {@link FisherDigest#ENTRIES} raws), {@code C ≈ H⁻¹[:,P]} (16 rows ×
 * 2 columns row-major, column {@code j} for the block's {@code j}-th removed weight in increasing
 * order, an unused column zero) and {@code z} (2 raws, an unused one zero).
 *
 * @param block the model-wide Fisher block index (weights {@code 16·block … 16·block + 15})
 */
public record ObsBlock(int block, long[] fisher, long[] c, long[] z) {
  public static final int COLUMNS = ObsMask.MAX_REMOVED_PER_BLOCK;

  public ObsBlock {
    if (block < 0) {
      throw new IllegalArgumentException("Fisher block index " + block + " is negative");
    }
    if (fisher == null || fisher.length != FisherDigest.ENTRIES) {
      throw new IllegalArgumentException("Fisher block " + block + " needs " + FisherDigest.ENTRIES + " H entries");
    }
    if (c == null || c.length != FisherDigest.BLOCK * COLUMNS || z == null || z.length != COLUMNS) {
      throw new IllegalArgumentException("Fisher block " + block + " needs C of " + FisherDigest.BLOCK * COLUMNS
          + " and z of " + COLUMNS + " raws");
    }
    fisher = fisher.clone();
    c = c.clone();
    z = z.clone();
  }

  /** {@code H[r][k]} (raw). */
  public long h(int r, int k) {
    return fisher[FisherDigest.upper(r, k)];
  }

  /** {@code C[r][j]} (raw). */
  public long c(int r, int j) {
    return c[r * COLUMNS + j];
  }
}
