package io.lethe.ledger;

import io.lethe.ledger.Records.LiveTransaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
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

  public static List<Descendant> cascade(LedgerState state, List<String> starts, int exponent) {
    Map<String, LiveTransaction> reached = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (String s : starts) {
      reached.put(s, state.requireTx(s));
      queue.add(s);
    }
    Map<String, List<String>> childrenOf = new HashMap<>();
    while (!queue.isEmpty()) {
      String id = queue.poll();
      List<String> children = state.children(id);
      childrenOf.put(id, children);
      for (String c : children) {
        if (!reached.containsKey(c)) {
          reached.put(c, state.requireTx(c));
          queue.add(c);
        }
      }
    }
    // Publication order (block, index) is a topological order: refs always name earlier models.
    List<LiveTransaction> order = new ArrayList<>(reached.values());
    order.sort(Comparator.comparingLong(LiveTransaction::block).thenComparingInt(LiveTransaction::index));
    Set<String> startSet = new LinkedHashSet<>(starts);
    Map<String, Long> paths = new HashMap<>();
    Map<String, Double> discount = new HashMap<>();
    Map<String, Integer> depth = new HashMap<>();
    List<Descendant> out = new ArrayList<>();
    for (LiveTransaction t : order) {
      String id = t.id();
      if (startSet.contains(id)) {
        paths.put(id, 1L);
        discount.put(id, 1.0);
        depth.put(id, 0);
      } else {
        long p = 0;
        double d = 0;
        int dep = Integer.MAX_VALUE;
        double hop = Math.pow(t.refs().size(), exponent);
        for (String parent : t.refs()) {
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
      out.add(new Descendant(id, depth.get(id), paths.get(id), discount.get(id), t.refs().size()));
    }
    return out;
  }
}
