package io.lethe.unlearning;

import java.util.Random;

/** Mini-batches drawn with replacement, as every gradient-based unlearning step here draws them. */
final class MiniBatch {
  private MiniBatch() {}

  /** {@code min(size, n)} indices in {@code [0, n)}, drawn with replacement from {@code rnd}. */
  static int[] sample(int size, int n, Random rnd) {
    int[] idx = new int[Math.min(size, n)];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rnd.nextInt(n);
    }
    return idx;
  }
}
