package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.ledger.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Parallel paradigm (BlockFUL eqs. 7–8). Each starting model runs gradient ascent on the forget
 * set — of {@code −log Σ_{c∈F} p_c}, which is the cross-entropy for one forgotten class and, for
 * several, pushes probability out of all of them instead of swapping them (each step also descends, with weight {@code retainWeight}, on a batch of its owner's
 * retained data) until its forget-set accuracy reaches {@code targetForgetAccuracy}, then a
 * few descent steps on the retained data repair collateral damage; its change {@code Δ_s} is
 * passed to every inheriting model {@code y} as {@code α · Σ_paths ∏ 1/N_j · Δ_s}
 * ({@link GradientPassing}). Models whose update norm is {@code ≤ ε} are left unchanged
 * (Theorem 1): the outcome reports the deepest hop that still changed. One consensus for all.
 */
public final class GradientAscentUnlearning implements UnlearningMethod {

  public record Config(double learningRate, int batchSize, int maxSteps, double targetForgetAccuracy,
      int repairSteps, double repairLearningRate, double alpha, double epsilon, double clipNorm,
      double retainWeight) {
    public static Config defaults() {
      return new Config(0.01, 32, 400, 0.0, 40, 0.01, 1.0, 1e-3, 5.0, 1.0);
    }

    /** This config with the gradient-passing factor α and the skip threshold ε. */
    public Config withPassing(double alpha, double epsilon) {
      return new Config(learningRate, batchSize, maxSteps, targetForgetAccuracy, repairSteps,
          repairLearningRate, alpha, epsilon, clipNorm, retainWeight);
    }
  }

  /**
   * The run: α and ε, ascent steps per starting model, each affected model's update norm, the
   * deepest hop that still changed and the models left unchanged (norm ≤ ε).
   */
  public record Details(double alpha, double epsilon, Map<String, Integer> ascentSteps,
      Map<String, Double> updateNorms, int deepestChangedHop, List<String> skippedBelowEpsilon,
      int consensusRounds) implements UnlearningDetails {}

  private final Config cfg;

  public GradientAscentUnlearning(Config cfg) {
    this.cfg = cfg;
  }

  @Override
  public Method method() {
    return Method.GRADIENT_ASCENT;
  }

  /** Gradient ascent on {@code forget} then repair on {@code retain}; returns the number of ascent steps. */
  public int ascend(Network net, Dataset forget, Dataset retain, long seed) {
    return ascend(net, forget, retain, seed, 0);
  }

  /**
   * As {@link #ascend(Network, Dataset, Dataset, long)}, moving only the parameters from index
   * {@code firstTrainable} on (e.g. the classifier head: the update then touches few zkDigest chunks).
   */
  public int ascend(Network net, Dataset forget, Dataset retain, long seed, int firstTrainable) {
    Random rnd = new Random(seed);
    double[] p = net.params();
    double[] grad = new double[p.length];
    // a small fixed probe: the stopping check must cost little next to the ascent steps
    Dataset probe = forget.head(200);
    java.util.Set<Integer> forgotten = new java.util.TreeSet<>();
    for (int i = 0; i < forget.size(); i++) {
      forgotten.add(forget.label(i));
    }
    int steps = 0;
    while (steps < cfg.maxSteps()) {
      if (steps % 5 == 0 && net.accuracy(probe) <= cfg.targetForgetAccuracy()) {
        break;
      }
      Arrays.fill(grad, 0.0);
      net.lossGradient(forget, batch(forget.size(), rnd), forgotten, grad, -1.0);
      if (cfg.retainWeight() > 0 && retain.size() > 0) {
        // descent on retained data in the same step keeps the ascent from collapsing every
        // prediction onto the forgotten classes (what plain ascent does with several classes)
        net.lossGradient(retain, batch(retain.size(), rnd), grad, cfg.retainWeight());
      }
      Arrays.fill(grad, 0, firstTrainable, 0.0);
      step(p, grad, cfg.learningRate());
      steps++;
    }
    for (int r = 0; r < cfg.repairSteps() && retain.size() > 0; r++) {
      Arrays.fill(grad, 0.0);
      net.lossGradient(retain, batch(retain.size(), rnd), grad, 1.0);
      Arrays.fill(grad, 0, firstTrainable, 0.0);
      step(p, grad, cfg.repairLearningRate());
    }
    return steps;
  }

  private int[] batch(int n, Random rnd) {
    return MiniBatch.sample(cfg.batchSize(), n, rnd);
  }

  private void step(double[] p, double[] grad, double lr) {
    double norm = 0;
    for (double g : grad) {
      norm += g * g;
    }
    norm = Math.sqrt(norm);
    double scale = norm > cfg.clipNorm() ? cfg.clipNorm() / norm : 1.0;
    for (int i = 0; i < p.length; i++) {
      p[i] -= lr * scale * grad[i];
    }
  }

  @Override
  public UnlearningOutcome unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, double[]> deltas = new LinkedHashMap<>();
    Map<String, Integer> ascentSteps = new LinkedHashMap<>();
    for (String s : task.starts()) {
      long t0 = System.nanoTime();
      Network original = task.models().get(s);
      Network m = original.copy();
      ascentSteps.put(s, ascend(m, task.forgetSet(), task.retainedTrain().get(s), task.seeds().get(s)));
      double[] d = new double[m.paramCount()];
      for (int i = 0; i < d.length; i++) {
        d[i] = m.params()[i] - original.params()[i];
      }
      deltas.put(s, d);
      out.put(s, m);
      seconds.put(s, (System.nanoTime() - t0) / 1e9);
      progress.accept(s);
    }
    Map<String, Map<String, Double>> coef = GradientPassing.coefficients(task.dag(), task.starts(), cfg.alpha());
    Map<String, Double> updateNorms = new LinkedHashMap<>();
    int deepestChanged = 0;
    List<String> skipped = new java.util.ArrayList<>();
    for (String y : task.affected()) {
      if (task.starts().contains(y) && !out.containsKey(y)) {
        continue;
      }
      long t0 = System.nanoTime();
      double[] update = new double[task.models().get(y).paramCount()];
      for (String s : task.starts()) {
        if (s.equals(y)) {
          continue;
        }
        double c = coef.get(s).getOrDefault(y, 0.0);
        if (c != 0) {
          double[] d = deltas.get(s);
          for (int i = 0; i < update.length; i++) {
            update[i] += c * d[i];
          }
        }
      }
      double norm = Math.sqrt(Arrays.stream(update).map(v -> v * v).sum());
      Network base = out.getOrDefault(y, task.models().get(y));
      if (task.starts().contains(y)) {
        updateNorms.put(y, Math.sqrt(Arrays.stream(deltas.get(y)).map(v -> v * v).sum()));
      } else {
        updateNorms.put(y, norm);
      }
      if (norm > cfg.epsilon()) {
        double[] p = base.params().clone();
        for (int i = 0; i < p.length; i++) {
          p[i] += update[i];
        }
        out.put(y, base.withParams(p));
        deepestChanged = Math.max(deepestChanged, task.dag().hopsFrom(task.starts(), y));
      } else if (!task.starts().contains(y)) {
        out.put(y, base);
        skipped.add(y);
      }
      seconds.merge(y, (System.nanoTime() - t0) / 1e9, Double::sum);
      if (!task.starts().contains(y)) {
        progress.accept(y);
      }
    }
    return new UnlearningOutcome(method(), out, seconds,
        new Details(cfg.alpha(), cfg.epsilon(), ascentSteps, updateNorms, deepestChanged, skipped, 1));
  }
}
