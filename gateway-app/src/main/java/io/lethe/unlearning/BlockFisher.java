package io.lethe.unlearning;

/**
 * Inverse of a dampened block-wise empirical Fisher {@code F = λI + (1/m) Σ g_i g_iᵀ}, built
 * with {@code m} Sherman–Morrison rank-one updates from {@code F₀⁻¹ = I/λ}:
 * {@code F⁻¹ ← F⁻¹ − (F⁻¹g)(F⁻¹g)ᵀ / (m + gᵀF⁻¹g)}. Never forms or factors {@code F}.
 */
public final class BlockFisher {
  private BlockFisher() {}

  /**
   * @param grads per-sample gradients restricted to the block, {@code m × B}
   * @param dampening relative dampening: {@code λ = dampening · mean(diag F̂) + 1e-12}
   */
  public static double[][] inverse(double[][] grads, double dampening) {
    int m = grads.length;
    int b = grads[0].length;
    double lambda = lambda(grads, dampening);
    double[][] inv = new double[b][b];
    for (int i = 0; i < b; i++) {
      inv[i][i] = 1.0 / lambda;
    }
    double[] u = new double[b];
    for (double[] g : grads) {
      double denom = m;
      for (int i = 0; i < b; i++) {
        double s = 0;
        double[] row = inv[i];
        for (int j = 0; j < b; j++) {
          s += row[j] * g[j];
        }
        u[i] = s;
        denom += g[i] * s;
      }
      for (int i = 0; i < b; i++) {
        double ui = u[i] / denom;
        double[] row = inv[i];
        for (int j = 0; j < b; j++) {
          row[j] -= ui * u[j];
        }
      }
    }
    return inv;
  }

  /** The dampened Fisher itself (for tests and small problems). */
  public static double[][] dense(double[][] grads, double dampening) {
    int m = grads.length;
    int b = grads[0].length;
    double lambda = lambda(grads, dampening);
    double[][] f = new double[b][b];
    for (double[] g : grads) {
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          f[i][j] += g[i] * g[j] / m;
        }
      }
    }
    for (int i = 0; i < b; i++) {
      f[i][i] += lambda;
    }
    return f;
  }

  /** {@code λ = dampening · mean(diag F̂) + 1e-12}, with {@code diag F̂ = mean over samples of g²}. */
  private static double lambda(double[][] grads, double dampening) {
    double diagMean = 0;
    for (double[] g : grads) {
      for (double v : g) {
        diagMean += v * v;
      }
    }
    diagMean /= (double) grads.length * grads[0].length;
    return dampening * diagMean + 1e-12;
  }
}
