package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code ga}: BlockFUL's parallel paradigm as published. Each starting model ascends the loss of
 * the forget set — nothing else: no retained-data term, no repair — until its accuracy on (a
 * probe of) the forget set is at most {@code targetForgetAccuracy}; the change {@code Δ_s} is
 * passed to the descendants with {@code α · Σ_paths ∏ 1/N_j} and an update is skipped when its
 * norm is at most {@code ε = relativeEpsilon · max_s ‖Δ_s‖} (Theorem 1's rule, with ε on the
 * scale of the changes so that it can fire). With several forgotten classes the ascended loss
 * is {@code −log Σ_{c∈F} p_c} (see {@link io.lethe.fl.model.Network#lossGradient}).
 */
public final class PureGradientAscent implements Unlearner {
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

  public PureGradientAscent(Config cfg) {
    this.cfg = cfg;
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.GA;
  }

  /** Ascends in place; returns the steps taken. */
  public int ascend(Network net, Dataset forget, long seed) {
    Random rnd = new Random(seed);
    double[] p = net.params();
    double[] grad = new double[p.length];
    Dataset probe = forget.head(200);
    Set<Integer> forgotten = classes(forget);
    int steps = 0;
    while (steps < cfg.maxSteps() && net.accuracy(probe) > cfg.targetForgetAccuracy()) {
      Arrays.fill(grad, 0.0);
      net.lossGradient(forget, MiniBatch.sample(cfg.batchSize(), forget.size(), rnd), forgotten, grad, -1.0);
      step(p, grad, cfg.learningRate(), cfg.clipNorm());
      steps++;
    }
    return steps;
  }

  static Set<Integer> classes(Dataset d) {
    Set<Integer> c = new TreeSet<>();
    for (int i = 0; i < d.size(); i++) {
      c.add(d.label(i));
    }
    return c;
  }

  static void step(double[] p, double[] grad, double lr, double clip) {
    double norm = DeltaPassing.norm(grad);
    double scale = norm > clip ? clip / norm : 1.0;
    for (int i = 0; i < p.length; i++) {
      p[i] -= lr * scale * grad[i];
    }
  }

  @Override
  public Run unlearn(UnlearningTask task, Consumer<String> progress) {
    return DeltaPassing.atStarts(algorithm(), task, progress, cfg.alpha(), cfg.relativeEpsilon(),
        (s, m) -> ascend(m, task.forgetSet(), task.seeds().get(s)));
  }
}
