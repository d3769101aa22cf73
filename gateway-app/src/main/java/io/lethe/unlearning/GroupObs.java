package io.lethe.unlearning;

/**
 * Group Optimal Brain Surgeon step: removing the weights {@code Q} of a block with inverse
 * Fisher {@code H⁻¹} while keeping the (quadratic) loss minimal:
 * {@code δw = −H⁻¹ E_Qᵀ ([H⁻¹]_QQ)⁻¹ w_Q}. Afterwards {@code w_Q + δw_Q = 0}.
 */
public final class GroupObs {
  private GroupObs() {}

  public static double[] update(double[] w, double[][] hInv, int[] q) {
    int b = w.length;
    int k = q.length;
    double[][] hqq = new double[k][k];
    double[] wq = new double[k];
    for (int a = 0; a < k; a++) {
      wq[a] = w[q[a]];
      for (int c = 0; c < k; c++) {
        hqq[a][c] = hInv[q[a]][q[c]];
      }
    }
    double[] z = solve(hqq, wq);
    double[] delta = new double[b];
    for (int i = 0; i < b; i++) {
      double s = 0;
      for (int a = 0; a < k; a++) {
        s += hInv[i][q[a]] * z[a];
      }
      delta[i] = -s;
    }
    return delta;
  }

  /** Solves {@code A x = y} by Gaussian elimination with partial pivoting (A is copied). */
  public static double[] solve(double[][] a, double[] y) {
    int n = y.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = y[i];
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
          piv = r;
        }
      }
      if (Math.abs(m[piv][col]) < 1e-300) {
        throw new ArithmeticException("singular matrix");
      }
      double[] t = m[col];
      m[col] = m[piv];
      m[piv] = t;
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        if (f != 0) {
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int c = r + 1; c < n; c++) {
        s -= m[r][c] * x[c];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }
}
