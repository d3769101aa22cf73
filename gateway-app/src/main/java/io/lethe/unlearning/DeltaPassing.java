package io.lethe.unlearning;

import io.lethe.fl.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Passing the starting models' changes {@code Δ_s} to every affected model (BlockFUL eqs. 7–8):
 * {@code y ← y + α Σ_s Σ_paths ∏ 1/N_j · Δ_s} ({@link GradientPassing}); an update of norm
 * {@code ≤ ε} is skipped (Theorem 1). Shared by {@code ga}, {@code random-label}, {@code scrub} and
 * {@code salun}.
 */
final class DeltaPassing {
  private DeltaPassing() {}

  /** The passed models and what the ε rule did. */
  record Passed(Map<String, Network> models, Map<String, Double> updateNorms, int deepestChangedHop,
      List<String> skipped, Map<String, Double> seconds) {}

  /** Changes one starting model in place; returns the SGD steps it took. */
  interface StartChange {
    int apply(String start, Network model);
  }

  /**
   * Applies {@code change} to a copy of every starting model, then passes the changes down with
   * {@code α} and {@code ε = relativeEpsilon · max_s ‖Δ_s‖}.
   */
  static Unlearner.Run atStarts(Algorithm algorithm, UnlearningTask task, Consumer<String> progress, double alpha,
      double relativeEpsilon, StartChange change) {
    Map<String, Network> changed = new LinkedHashMap<>();
    Map<String, double[]> deltas = new LinkedHashMap<>();
    Map<String, Integer> steps = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    double maxNorm = 0;
    for (String s : task.starts()) {
      long t0 = System.nanoTime();
      Network original = task.models().get(s);
      Network m = original.copy();
      steps.put(s, change.apply(s, m));
      double[] d = new double[m.paramCount()];
      for (int i = 0; i < d.length; i++) {
        d[i] = m.params()[i] - original.params()[i];
      }
      deltas.put(s, d);
      changed.put(s, m);
      maxNorm = Math.max(maxNorm, norm(d));
      seconds.put(s, (System.nanoTime() - t0) / 1e9);
      progress.accept(s);
    }
    double epsilon = relativeEpsilon * maxNorm;
    Passed passed = pass(task, changed, deltas, alpha, epsilon);
    passed.seconds().forEach((id, t) -> seconds.merge(id, t, Double::sum));
    task.affected().stream().filter(id -> !task.starts().contains(id)).forEach(progress);
    return new Unlearner.Run(algorithm, passed.models(), seconds, new RunDetails.Passing(
        new GradientAscentUnlearning.Details(alpha, epsilon, steps, passed.updateNorms(),
            passed.deepestChangedHop(), passed.skipped(), 1), relativeEpsilon));
  }

  static double norm(double[] d) {
    return Math.sqrt(Arrays.stream(d).map(v -> v * v).sum());
  }

  /**
   * @param changed the starting models after their own unlearning
   * @param deltas each start's change
   */
  static Passed pass(UnlearningTask task, Map<String, Network> changed, Map<String, double[]> deltas,
      double alpha, double epsilon) {
    Map<String, Map<String, Double>> coef = GradientPassing.coefficients(task.dag(), task.starts(), alpha);
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> norms = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    int deepest = 0;
    for (String y : task.affected()) {
      long t0 = System.nanoTime();
      boolean start = task.starts().contains(y);
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
      double n = norm(update);
      Network base = changed.getOrDefault(y, task.models().get(y));
      norms.put(y, start ? norm(deltas.get(y)) : n);
      if (n > epsilon) {
        double[] p = base.params().clone();
        for (int i = 0; i < p.length; i++) {
          p[i] += update[i];
        }
        out.put(y, base.withParams(p));
        deepest = Math.max(deepest, task.dag().hopsFrom(task.starts(), y));
      } else {
        out.put(y, base);
        if (!start) {
          skipped.add(y);
        }
      }
      seconds.put(y, (System.nanoTime() - t0) / 1e9);
    }
    return new Passed(out, norms, deepest, skipped, seconds);
  }
}
