package io.lethe.fl.train;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.Partitioner;
import io.lethe.fl.model.Network;
import java.util.Random;

/** Local training (BlockFUL eq. 3): SGD with momentum on the user's own data. */
public final class Trainer {
  private Trainer() {}

  /** Trains in place; returns the mean loss of the last epoch. */
  public static double train(Network net, Dataset data, TrainConfig cfg, long seed) {
    if (data.size() == 0 || cfg.epochs() == 0) {
      return Double.NaN;
    }
    Random rnd = new Random(seed);
    double[] p = net.params();
    double[] velocity = new double[p.length];
    double[] grad = new double[p.length];
    double last = 0;
    long batchesPerEpoch = (data.size() + cfg.batchSize() - 1) / cfg.batchSize();
    long totalSteps = batchesPerEpoch * cfg.epochs();
    long t = 0;
    for (int e = 0; e < cfg.epochs(); e++) {
      int[] order = Partitioner.shuffled(data.size(), rnd);
      double sum = 0;
      int batches = 0;
      for (int start = 0; start < order.length; start += cfg.batchSize()) {
        int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + cfg.batchSize()));
        java.util.Arrays.fill(grad, 0.0);
        sum += net.lossGradient(data, idx, grad, 1.0);
        batches++;
        double lr = cfg.learningRateAt(t++, totalSteps);
        for (int i = 0; i < p.length; i++) {
          velocity[i] = cfg.momentum() * velocity[i] - lr * grad[i];
          p[i] += velocity[i];
        }
      }
      last = sum / batches;
    }
    return last;
  }
}
