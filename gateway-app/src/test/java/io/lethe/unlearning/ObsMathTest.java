package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ObsMathTest {

  static double[][] randomGrads(int m, int b, Random r) {
    double[][] g = new double[m][b];
    for (double[] row : g) {
      for (int i = 0; i < b; i++) {
        row[i] = r.nextGaussian();
      }
    }
    return g;
  }

  static double[][] inverseDirect(double[][] a) {
    int n = a.length;
    double[][] inv = new double[n][n];
    for (int c = 0; c < n; c++) {
      double[] e = new double[n];
      e[c] = 1;
      double[] x = GroupObs.solve(a, e);
      for (int r = 0; r < n; r++) {
        inv[r][c] = x[r];
      }
    }
    return inv;
  }

  @Test
  void shermanMorrisonEqualsDirectInverse() {
    Random r = new Random(1);
    for (int trial = 0; trial < 30; trial++) {
      int b = 2 + r.nextInt(12);
      int m = 1 + r.nextInt(40);
      double[][] g = randomGrads(m, b, r);
      double damp = 0.01 + r.nextDouble();
      double[][] sm = BlockFisher.inverse(g, damp);
      double[][] direct = inverseDirect(BlockFisher.dense(g, damp));
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          assertEquals(direct[i][j], sm[i][j], 1e-8 * (1 + Math.abs(direct[i][j])), "trial " + trial);
        }
      }
    }
  }

  @Test
  void groupObsEqualsTheConstrainedQuadraticMinimum() {
    // min ½ δᵀHδ s.t. δ_Q = −w_Q has δ_R = H_RR⁻¹ H_RQ w_Q (solved directly with H, not H⁻¹)
    Random r = new Random(2);
    for (int trial = 0; trial < 30; trial++) {
      int b = 4 + r.nextInt(10);
      double[][] h = BlockFisher.dense(randomGrads(3 * b, b, r), 0.1);
      double[] w = new double[b];
      for (int i = 0; i < b; i++) {
        w[i] = r.nextGaussian();
      }
      int[] q = r.ints(0, b).distinct().limit(1 + r.nextInt(b - 2)).sorted().toArray();
      double[] delta = GroupObs.update(w, inverseDirect(h), q);
      java.util.Set<Integer> qs = new java.util.HashSet<>();
      for (int i : q) {
        qs.add(i);
      }
      int[] rest = java.util.stream.IntStream.range(0, b).filter(i -> !qs.contains(i)).toArray();
      double[][] hrr = new double[rest.length][rest.length];
      double[] rhs = new double[rest.length];
      for (int a = 0; a < rest.length; a++) {
        for (int c = 0; c < rest.length; c++) {
          hrr[a][c] = h[rest[a]][rest[c]];
        }
        for (int i : q) {
          rhs[a] += h[rest[a]][i] * w[i];
        }
      }
      double[] deltaR = GroupObs.solve(hrr, rhs);
      for (int i : q) {
        assertEquals(-w[i], delta[i], 1e-9);
      }
      for (int a = 0; a < rest.length; a++) {
        assertEquals(deltaR[a], delta[rest[a]], 1e-7 * (1 + Math.abs(deltaR[a])), "trial " + trial);
      }
    }
  }

  @Test
  void aucMatchesHandComputedValues() {
    assertEquals(1.0, Metrics.auc(new double[] {3, 4}, new double[] {1, 2}));
    assertEquals(0.0, Metrics.auc(new double[] {1}, new double[] {2, 3}));
    assertEquals(0.5, Metrics.auc(new double[] {1, 1}, new double[] {1}));
    // pairs: (2>1) (2<3) (4>1) (4>3) -> 3/4
    assertEquals(0.75, Metrics.auc(new double[] {2, 4}, new double[] {1, 3}));
  }
}
