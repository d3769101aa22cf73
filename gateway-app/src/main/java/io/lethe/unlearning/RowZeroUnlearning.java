package io.lethe.unlearning;

import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Network;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code row-zero} baseline: in every affected model, zero the output layer's weights and bias
 * of each forgotten class (its logit becomes 0 for every input). The cheapest "forgetting" there
 * is — it hides the class at the output and leaves the features untouched — so it is the bar
 * a zero-shot method (OBS) must clear on relearning and probing. Needs a dense output layer
 * ({@code mlp}, {@code mlp-small}, {@code cnn}).
 */
public final class RowZeroUnlearning implements Unlearner {
  private final Set<Integer> classes;

  public RowZeroUnlearning(Set<Integer> classes) {
    this.classes = Set.copyOf(classes);
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.ROW_ZERO;
  }

  /** The parameters with the forgotten classes' output rows and biases zeroed. */
  public static double[] zeroRows(Network net, Set<Integer> classes) {
    if (Architectures.ND4J_ONLY.contains(net.architecture())) {
      throw new IllegalArgumentException("row-zero needs a dense output layer; " + net.architecture() + " is one graph");
    }
    int f = net.featureSize();
    int k = net.classes();
    double[] p = net.params().clone();
    int off = p.length - (f * k + k);
    for (int c : classes) {
      java.util.Arrays.fill(p, off + c * f, off + (c + 1) * f, 0.0);
      p[off + f * k + c] = 0.0;
    }
    return p;
  }

  @Override
  public Run unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String id : task.affected()) {
      long t0 = System.nanoTime();
      Network net = task.models().get(id);
      out.put(id, net.withParams(zeroRows(net, classes)));
      seconds.put(id, (System.nanoTime() - t0) / 1e9);
      progress.accept(id);
    }
    return new Run(algorithm(), out, seconds, new RunDetails.Local(Map.of(), 1));
  }
}
