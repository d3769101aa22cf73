package io.lethe.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory inheritance DAG of federated models (BlockFUL): a node is a published model,
 * its refs the models it aggregated. Nodes must be added after their refs, so insertion order
 * is a topological order and cycles cannot be built. The cascade and its discounts are
 * {@link Dag}'s, the same code the chaincode runs over the ledger.
 */
public final class InheritanceDag implements DagView {
  private final Map<String, List<String>> refs = new LinkedHashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();

  public InheritanceDag add(String id, Collection<String> parentIds) {
    if (refs.containsKey(id)) {
      throw new IllegalArgumentException("duplicate model " + id);
    }
    List<String> p = List.copyOf(new LinkedHashSet<>(parentIds));
    if (p.size() != parentIds.size()) {
      throw new IllegalArgumentException(id + ": duplicate ref");
    }
    for (String r : p) {
      if (!refs.containsKey(r)) {
        throw new IllegalArgumentException(id + " refs unknown model " + r);
      }
    }
    refs.put(id, p);
    children.put(id, new ArrayList<>());
    for (String r : p) {
      children.get(r).add(id);
    }
    return this;
  }

  public boolean contains(String id) {
    return refs.containsKey(id);
  }

  @Override
  public List<String> refs(String id) {
    return require(id);
  }

  @Override
  public List<String> children(String id) {
    require(id);
    return Collections.unmodifiableList(children.get(id));
  }

  public int size() {
    return refs.size();
  }

  @Override
  public Comparator<String> topologicalOrder() {
    Map<String, Integer> position = new HashMap<>();
    for (String id : refs.keySet()) {
      position.put(id, position.size());
    }
    return Comparator.comparingInt(id -> position.get(id));
  }

  /** Every model, parents before children. */
  public List<String> ids() {
    return List.copyOf(refs.keySet());
  }

  /** Longest distance from a root (roots have depth 0). */
  public int depth(String id) {
    int d = 0;
    for (String r : require(id)) {
      d = Math.max(d, depth(r) + 1);
    }
    return d;
  }

  public int maxDepth() {
    return refs.keySet().stream().mapToInt(this::depth).max().orElse(0);
  }

  /** The starts and every model that inherits from one of them, in topological order. */
  public List<String> affected(Collection<String> starts) {
    Set<String> hit = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String s : starts) {
      require(s);
      todo.add(s);
    }
    while (!todo.isEmpty()) {
      String n = todo.poll();
      if (hit.add(n)) {
        todo.addAll(children.get(n));
      }
    }
    return refs.keySet().stream().filter(hit::contains).toList();
  }

  /** Fewest hops from any start to {@code id} (0 for a start, -1 when not reachable). */
  public int hopsFrom(Collection<String> starts, String id) {
    Map<String, Integer> dist = new HashMap<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String s : starts) {
      dist.put(s, 0);
      todo.add(s);
    }
    while (!todo.isEmpty()) {
      String n = todo.poll();
      for (String c : children.get(n)) {
        if (!dist.containsKey(c)) {
          dist.put(c, dist.get(n) + 1);
          todo.add(c);
        }
      }
    }
    return dist.getOrDefault(id, -1);
  }

  private List<String> require(String id) {
    List<String> r = refs.get(id);
    if (r == null) {
      throw new IllegalArgumentException("unknown model " + id);
    }
    return r;
  }
}
