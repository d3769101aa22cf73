package io.lethe.unlearning.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;

/**
 * How far a model's predictive distribution is from a reference model's (the retrained one):
 * the mean over images of {@code KL(p_reference ‖ p_model)} in nats. Two retrains that differ only
 * in their seed give the noise floor.
 */
public final class OutputDivergence {
  private OutputDivergence() {}

  public static double meanKl(Network reference, Network model, Dataset images) {
    if (images.size() == 0) {
      return Double.NaN;
    }
    int k = model.classes();
    double[] zr = reference.allLogits(images);
    double[] zm = model.allLogits(images);
    double total = 0;
    for (int i = 0; i < images.size(); i++) {
      double[] pr = logSoftmax(zr, i * k, k);
      double[] pm = logSoftmax(zm, i * k, k);
      double kl = 0;
      for (int c = 0; c < k; c++) {
        kl += Math.exp(pr[c]) * (pr[c] - pm[c]);
      }
      total += Math.max(0, kl);
    }
    return total / images.size();
  }

  static double[] logSoftmax(double[] z, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, z[off + c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(z[off + c] - max);
    }
    double lse = max + Math.log(sum);
    double[] out = new double[k];
    for (int c = 0; c < k; c++) {
      out[c] = z[off + c] - lse;
    }
    return out;
  }
}
