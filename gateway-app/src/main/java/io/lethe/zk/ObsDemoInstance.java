package io.lethe.zk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.fixedpoint.FixedPoint;
import java.math.BigInteger;
import java.util.Random;

/**
 * A random OBS unlearning instance (ZK-APEX, DESIGN §5) in fixed point: per Fisher block,
 * {@code pruned} weights are masked, a random well-conditioned H⁻¹[:,P] is drawn and the
 * compensation z solves H⁻¹[P,P]·z = W[P]; W' = M ⊙ (W − round(H⁻¹[:,P]·z / 2^16)).
 */
public final class ObsDemoInstance {
  public final int params;
  public final int block;
  public final int pruned;
  public final long[] w;
  public final long[] mask;
  public final long[] c;
  public final long[] z;
  public final long[] wNew;

  public ObsDemoInstance(int params, int block, int pruned, long seed) {
    this.params = params;
    this.block = block;
    this.pruned = pruned;
    int blocks = (params + block - 1) / block;
    Random rnd = new Random(seed);
    w = new long[params];
    mask = new long[params];
    c = new long[params * pruned];
    z = new long[blocks * pruned];
    for (int i = 0; i < params; i++) {
      w[i] = FixedPoint.toRaw(rnd.nextGaussian() * 0.1);
      mask[i] = 1;
    }
    double scale = 1 << FixedPoint.FRACTION_BITS;
    for (int b = 0; b < blocks; b++) {
      int lo = b * block;
      int n = Math.min(block, params - lo);
      int cnt = Math.min(pruned, n);
      int[] pos = new int[cnt];
      for (int k = 0, picked = 0; picked < cnt; k++) { // distinct positions
        int cand = rnd.nextInt(n);
        boolean dup = false;
        for (int q = 0; q < picked; q++) {
          dup |= pos[q] == cand;
        }
        if (!dup) {
          pos[picked++] = cand;
        }
      }
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < pruned; j++) {
          double v = rnd.nextGaussian() * 0.05;
          for (int k = 0; k < cnt; k++) {
            if (pos[k] == r && k == j) {
              v += 1.0;
            }
          }
          c[(lo + r) * pruned + j] = FixedPoint.toRaw(v);
        }
      }
      double[][] a = new double[cnt][cnt];
      double[] rhs = new double[cnt];
      for (int k = 0; k < cnt; k++) {
        for (int j = 0; j < cnt; j++) {
          a[k][j] = c[(lo + pos[k]) * pruned + j] / scale;
        }
        rhs[k] = w[lo + pos[k]] / scale;
        mask[lo + pos[k]] = 0;
      }
      double[] sol = solve(a, rhs);
      for (int j = 0; j < cnt; j++) {
        z[b * pruned + j] = FixedPoint.toRaw(sol[j]);
      }
    }
    wNew = new long[params];
    BigInteger half = BigInteger.ONE.shiftLeft(FixedPoint.FRACTION_BITS - 1);
    for (int i = 0; i < params; i++) {
      int b = i / block;
      BigInteger acc = BigInteger.ZERO;
      for (int j = 0; j < pruned; j++) {
        acc = acc.add(BigInteger.valueOf(c[i * pruned + j]).multiply(BigInteger.valueOf(z[b * pruned + j])));
      }
      long delta = acc.add(half).shiftRight(FixedPoint.FRACTION_BITS).longValueExact(); // floor division
      wNew[i] = mask[i] * (w[i] - delta);
    }
  }

  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      double[] t = a[col]; a[col] = a[piv]; a[piv] = t;
      double tb = b[col]; b[col] = b[piv]; b[piv] = tb;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        for (int k = col; k < n; k++) {
          a[r][k] -= f * a[col][k];
        }
        b[r] -= f * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int k = r + 1; k < n; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / a[r][r];
    }
    return x;
  }

  /** Public inputs in circuit order: zkDigest(W), zkDigest(W'), zkDigest(M). */
  public BigInteger[] publicInputs() {
    return new BigInteger[] {ZkDigest.digest(w), ZkDigest.digest(wNew), ZkDigest.digest(mask)};
  }

  /** The prover's JSON witness encoding (prover-native circuits.ObsInstance). */
  public byte[] witnessJson() throws java.io.IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = om.createObjectNode();
    ObjectNode shape = root.putObject("shape");
    shape.put("params", params).put("block", block).put("pruned", pruned);
    for (var e : java.util.Map.of("w", w, "mask", mask, "c", c, "z", z, "w_new", wNew).entrySet()) {
      var arr = root.putArray(e.getKey());
      for (long v : e.getValue()) {
        arr.add(v);
      }
    }
    return om.writeValueAsBytes(root);
  }
}
