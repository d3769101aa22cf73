package io.lethe.bench.zkml;

/** A model of the benchmark: its name and number of weights; its update costs ⌈weights/1024⌉ chunk proofs. */
public record ModelSize(String name, long weights) {
  public static final int CHUNK_WEIGHTS = 1024;

  public ModelSize {
    if (weights <= 0) {
      throw new IllegalArgumentException("model " + name + ": weights must be positive, not " + weights);
    }
  }

  /** Chunks holding weights (a dense update proves each of them). */
  public int chunks() {
    return (int) ((weights + CHUNK_WEIGHTS - 1) / CHUNK_WEIGHTS);
  }
}
