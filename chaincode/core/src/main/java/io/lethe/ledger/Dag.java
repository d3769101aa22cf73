package io.lethe.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inheritance DAG read from the child index. For unlearning from a set of starting
 * models, every descendant y gets the number of inheritance paths from the starts and the
 * BlockFUL discount {@code Σ_paths 1/∏_j N_j^R}: along a path each hop into a model that
 * aggregated {@code N_j} parents (its refs) divides the propagated gradient by
 * {@code N_j^R} (eq. 2 aggregation weights; R = 1 is plain averaging).
 */
public final class Dag {
  private Dag() {}

  /** A model reached from the starts; starting models have depth 0, one path and discount 1. */
  public record Descendant(String id, int depth, long paths, double discount, int parents) {}

  /**
   * The starts and every model that inherits from one of them, in topological order, each
   * with its depth (fewest hops from a start), number of paths and discount. A model's hop
   * divisor is {@code N^exponent} with {@code N} the number of all its refs, reached or not.
   */
  public static List<Descendant> cascade(DagView dag, List<String> starts, int exponent) {
    Set<String> reached = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    for (String s : starts) {
      dag.refs(s); // unknown start: the view throws
      if (reached.add(s)) {
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      for (String c : dag.children(queue.poll())) {
        if (reached.add(c)) {
          queue.add(c);
        }
      }
    }
    List<String> order = new ArrayList<>(reached);
    order.sort(dag.topologicalOrder());
    Set<String> startSet = new LinkedHashSet<>(starts);
    Map<String, Long> paths = new HashMap<>();
    Map<String, Double> discount = new HashMap<>();
    Map<String, Integer> depth = new HashMap<>();
    List<Descendant> out = new ArrayList<>();
    for (String id : order) {
      List<String> refs = dag.refs(id);
      if (startSet.contains(id)) {
        paths.put(id, 1L);
        discount.put(id, 1.0);
        depth.put(id, 0);
      } else {
        long p = 0;
        double d = 0;
        int dep = Integer.MAX_VALUE;
        double hop = Math.pow(refs.size(), exponent);
        for (String parent : refs) {
          if (paths.containsKey(parent)) {
            p = Math.addExact(p, paths.get(parent));
            d += discount.get(parent) / hop;
            dep = Math.min(dep, depth.get(parent) + 1);
          }
        }
        paths.put(id, p);
        discount.put(id, d);
        depth.put(id, dep);
      }
      out.add(new Descendant(id, depth.get(id), paths.get(id), discount.get(id), refs.size()));
    }
    return out;
  }
}
