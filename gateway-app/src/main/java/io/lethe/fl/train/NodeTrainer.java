package io.lethe.fl.train;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training one BlockFUL node (Sec. III-B): evaluate K random candidate models on local test
 * data, keep the top N (eq. 1), aggregate {@code W̃ = Σ w_n / N} (eq. 2), train locally (eq. 3),
 * evaluate.
 */
public final class NodeTrainer {
  private NodeTrainer() {}

  public record TrainedNode(String id, List<String> refs, Network model, double localAccuracy,
      double seconds) {}

  /** Ids of the top {@code n} of {@code k} randomly drawn candidates by local test accuracy. */
  public static List<String> selectTopN(Map<String, Network> published, Dataset localTest, int k,
      int n, Random rnd) {
    List<String> ids = new ArrayList<>(published.keySet());
    java.util.Collections.shuffle(ids, rnd);
    List<String> drawn = ids.subList(0, Math.min(k, ids.size()));
    record Scored(String id, double acc) {}
    return drawn.stream()
        .map(id -> new Scored(id, published.get(id).accuracy(localTest)))
        .sorted(Comparator.comparingDouble(Scored::acc).reversed().thenComparing(Scored::id))
        .limit(n)
        .map(Scored::id)
        .toList();
  }

  /** Eq. 2: the element-wise mean of the refs' parameters. */
  public static Network aggregate(List<Network> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("nothing to aggregate");
    }
    Network first = models.get(0);
    double[] sum = new double[first.paramCount()];
    for (Network m : models) {
      if (!m.architecture().equals(first.architecture())) {
        throw new IllegalArgumentException("cannot aggregate " + m.architecture() + " with " + first.architecture());
      }
      double[] p = m.params();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += p[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= models.size();
    }
    return first.withParams(sum);
  }

  /**
   * Builds a node from the given refs (a copy of the task's initial model when there are none),
   * trains it on {@code train} and evaluates it on {@code test}.
   */
  public static TrainedNode train(String id, List<String> refs, Map<String, Network> published,
      Network initial, Dataset train, Dataset test, TrainConfig rootConfig, TrainConfig config,
      long seed) {
    long t0 = System.nanoTime();
    Network start = refs.isEmpty()
        ? initial.copy()
        : aggregate(refs.stream().map(r -> {
            Network m = published.get(r);
            if (m == null) {
              throw new IllegalArgumentException(id + ": ref " + r + " is not published");
            }
            return m;
          }).toList());
    Trainer.train(start, train, refs.isEmpty() ? rootConfig : config, seed);
    double acc = start.accuracy(test);
    return new TrainedNode(id, refs, start, acc, (System.nanoTime() - t0) / 1e9);
  }
}
