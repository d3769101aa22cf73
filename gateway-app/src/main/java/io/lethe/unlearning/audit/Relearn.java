package io.lethe.unlearning.audit;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The relearning attack: fine-tune a copy of the model with plain SGD (momentum 0.9) on a small
 * mix of forget-class images and retained images, and watch the forget-class accuracy come back.
 * A model that only hid the class (a zeroed output row, a suppressed logit) recovers in a few
 * steps; a model that never learnt it (retrain) recovers no faster than learning it afresh.
 */
public final class Relearn {
  /**
   * @param steps the attack's budget whose A_f is reported ({@code relearn_A_f})
   * @param maxSteps how far the recovery search goes
   * @param recoverFraction {@code steps to recover} = first step where A_f ≥ this × the original's A_f
   */
  public record Config(int forgetImages, int retainedImages, int steps, int maxSteps, int batchSize,
      double learningRate, double recoverFraction) {
    public static Config defaults() {
      return new Config(50, 200, 8, 64, 32, 0.01, 0.5);
    }
  }

  /** A_f after each checked step (step 0 = before the attack). */
  public record Point(int step, double forgetAccuracy) {}

  /**
   * @param forgetAccuracy A_f after {@code steps} steps
   * @param stepsToRecover first checked step at which A_f reached the recovery level, or
   *     {@code maxSteps + 1} when it did not within {@code maxSteps}
   */
  public record Result(double forgetAccuracy, int stepsToRecover, List<Point> curve) {}

  private Relearn() {}

  /** The steps at which A_f is measured: every step up to the budget, then sparser. */
  public static int[] checkpoints(Config cfg) {
    List<Integer> at = new ArrayList<>();
    for (int s = 0; s <= cfg.steps(); s++) {
      at.add(s);
    }
    for (int s = cfg.steps() + 4; s <= cfg.maxSteps(); s += s < 32 ? 4 : 8) {
      at.add(s);
    }
    if (at.get(at.size() - 1) != cfg.maxSteps() && cfg.maxSteps() > cfg.steps()) {
      at.add(cfg.maxSteps());
    }
    return at.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * @param attackData the attacker's images: forget-class and retained images already mixed
   *     ({@link #attackSet})
   * @param forgetTest forget-class images A_f is measured on
   * @param recoverLevel A_f that counts as recovered (e.g. half the original model's)
   */
  public static Result attack(Network model, Dataset attackData, Dataset forgetTest, double recoverLevel,
      Config cfg, long seed) {
    Network net = model.copy();
    double[] p = net.params();
    double[] v = new double[p.length];
    double[] g = new double[p.length];
    Random rnd = new Random(seed);
    int[] checks = checkpoints(cfg);
    List<Point> curve = new ArrayList<>();
    double atBudget = Double.NaN;
    int recovered = cfg.maxSteps() + 1;
    int step = 0;
    for (int c : checks) {
      while (step < c) {
        int[] idx = new int[Math.min(cfg.batchSize(), attackData.size())];
        for (int b = 0; b < idx.length; b++) {
          idx[b] = rnd.nextInt(attackData.size());
        }
        Arrays.fill(g, 0.0);
        net.lossGradient(attackData, idx, g, 1.0);
        for (int i = 0; i < p.length; i++) {
          v[i] = 0.9 * v[i] - cfg.learningRate() * g[i];
          p[i] += v[i];
        }
        step++;
      }
      double af = net.accuracy(forgetTest);
      curve.add(new Point(c, af));
      if (c == cfg.steps()) {
        atBudget = af;
      }
      if (recovered > cfg.maxSteps() && af >= recoverLevel) {
        recovered = c;
        if (c >= cfg.steps()) {
          break;
        }
      }
    }
    return new Result(atBudget, recovered, List.copyOf(curve));
  }

  /** The attacker's images: the first {@code forgetImages} of {@code forget} and {@code retainedImages} of {@code retained}. */
  public static Dataset attackSet(Dataset forget, Dataset retained, Config cfg) {
    return forget.head(cfg.forgetImages()).concat(retained.head(cfg.retainedImages()));
  }
}
