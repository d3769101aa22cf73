package io.lethe.unlearning.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.Random;

/**
 * A linear probe on the penultimate representation: a softmax regression over all classes,
 * trained on the model's (standardised) features of labelled images the model was not audited
 * on, then scored on the forget-class test images. If the features still separate the forgotten
 * class, the knowledge is still in the network even when the output layer hides it.
 */
public final class LinearProbe {
  public record Config(int epochs, int batchSize, double learningRate, double l2) {
    public static Config defaults() {
      return new Config(30, 64, 0.05, 1e-4);
    }
  }

  private LinearProbe() {}

  /** Accuracy of a probe trained on {@code probeTrain} and tested on {@code probeTest}. */
  public static double accuracy(Network model, Dataset probeTrain, Dataset probeTest, Config cfg, long seed) {
    int f = model.featureSize();
    int k = model.classes();
    double[] xTrain = model.features(probeTrain);
    double[] xTest = model.features(probeTest);
    int n = probeTrain.size();
    double[] mean = new double[f];
    double[] sd = new double[f];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        mean[j] += xTrain[i * f + j];
      }
    }
    for (int j = 0; j < f; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < f; j++) {
        double d = xTrain[i * f + j] - mean[j];
        sd[j] += d * d;
      }
    }
    for (int j = 0; j < f; j++) {
      sd[j] = Math.sqrt(sd[j] / n) + 1e-6;
    }
    standardise(xTrain, mean, sd, f);
    standardise(xTest, mean, sd, f);
    double[] w = new double[k * (f + 1)];
    double[] grad = new double[w.length];
    double[] z = new double[k];
    Random rnd = new Random(seed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int e = 0; e < cfg.epochs(); e++) {
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double lr = cfg.learningRate() * 0.5 * (1 + Math.cos(Math.PI * e / cfg.epochs()));
      for (int start = 0; start < n; start += cfg.batchSize()) {
        int end = Math.min(n, start + cfg.batchSize());
        java.util.Arrays.fill(grad, 0.0);
        for (int b = start; b < end; b++) {
          int i = order[b];
          softmax(w, xTrain, i, f, k, z);
          z[probeTrain.label(i)] -= 1.0;
          for (int c = 0; c < k; c++) {
            int row = c * (f + 1);
            for (int j = 0; j < f; j++) {
              grad[row + j] += z[c] * xTrain[i * f + j];
            }
            grad[row + f] += z[c];
          }
        }
        int m = end - start;
        for (int q = 0; q < w.length; q++) {
          w[q] -= lr * (grad[q] / m + cfg.l2() * w[q]);
        }
      }
    }
    int ok = 0;
    for (int i = 0; i < probeTest.size(); i++) {
      softmax(w, xTest, i, f, k, z);
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (z[c] > z[best]) {
          best = c;
        }
      }
      if (best == probeTest.label(i)) {
        ok++;
      }
    }
    return probeTest.size() == 0 ? Double.NaN : (double) ok / probeTest.size();
  }

  private static void standardise(double[] x, double[] mean, double[] sd, int f) {
    for (int i = 0; i < x.length; i++) {
      int j = i % f;
      x[i] = (x[i] - mean[j]) / sd[j];
    }
  }

  private static void softmax(double[] w, double[] x, int i, int f, int k, double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      int row = c * (f + 1);
      double s = w[row + f];
      for (int j = 0; j < f; j++) {
        s += w[row + j] * x[i * f + j];
      }
      z[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < k; c++) {
      z[c] /= sum;
    }
  }
}
