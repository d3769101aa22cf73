package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code random-label} baseline: each starting model descends on batches that mix forget images
 * relabelled with a random retained class and its owner's retained images, until its
 * accuracy on a probe of the forget set is at most {@code targetForgetAccuracy}; the change is
 * passed to the descendants like {@code ga} (α, relative ε).
 */
public final class RandomLabelUnlearning implements Unlearner {
  public record Config(double learningRate, int batchSize, int maxSteps, double targetForgetAccuracy,
      double clipNorm, double alpha, double relativeEpsilon) {
    public static Config defaults() {
      return new Config(0.01, 32, 400, 0.0, 5.0, 1.0, 0.1);
    }

    public Config withPassing(double a, double relEps) {
      return new Config(learningRate, batchSize, maxSteps, targetForgetAccuracy, clipNorm, a, relEps);
    }
  }

  private final Config cfg;

  public RandomLabelUnlearning(Config cfg) {
    this.cfg = cfg;
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.RANDOM_LABEL;
  }

  /** Relabels {@code forget} at random among the classes not in it. */
  static Dataset relabel(Dataset forget, int classes, long seed) {
    Set<Integer> forgotten = PureGradientAscent.classes(forget);
    List<Integer> others = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      if (!forgotten.contains(c)) {
        others.add(c);
      }
    }
    Random rnd = new Random(seed);
    int[] labels = new int[forget.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = others.get(rnd.nextInt(others.size()));
    }
    return forget.withLabels(labels);
  }

  int train(Network net, Dataset forget, Dataset retained, long seed) {
    Random rnd = new Random(seed);
    Dataset relabelled = relabel(forget, net.classes(), seed);
    Dataset probe = forget.head(200);
    double[] p = net.params();
    double[] g = new double[p.length];
    int steps = 0;
    while (steps < cfg.maxSteps() && net.accuracy(probe) > cfg.targetForgetAccuracy()) {
      Arrays.fill(g, 0.0);
      net.lossGradient(relabelled, batch(relabelled.size(), rnd), g, 0.5);
      if (retained.size() > 0) {
        net.lossGradient(retained, batch(retained.size(), rnd), g, 0.5);
      }
      PureGradientAscent.step(p, g, cfg.learningRate(), cfg.clipNorm());
      steps++;
    }
    return steps;
  }

  private int[] batch(int n, Random rnd) {
    return MiniBatch.sample(cfg.batchSize(), n, rnd);
  }

  @Override
  public Run unlearn(UnlearningTask task, Consumer<String> progress) {
    return DeltaPassing.atStarts(algorithm(), task, progress, cfg.alpha(), cfg.relativeEpsilon(),
        (s, m) -> train(m, task.forgetSet(), task.retainedTrain().get(s), task.seeds().get(s)));
  }
}
