package io.lethe.ledger;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cascade of an unlearning request over the inheritance DAG. For a set of starting
 * models, every descendant y gets its depth, the number of inheritance paths from the starts
 * and the BlockFUL discount {@code Σ_paths 1/∏_j N_j^R}: along a path each hop into a model
 * that aggregated {@code N_j} parents (its refs) divides the propagated gradient by
 * {@code N_j^R} (eq. 2 aggregation weights; R = 1 is plain averaging). Path counts and
 * discounts are exact (BigInteger, {@link Rational}), so no DAG shape overflows them; the
 * cascade's size and depth are capped so a request's cost stays bounded.
 */
public final class Dag {
  /** Most models one request may rewrite, unless governance sets another cap (up to {@link #HARD_MAX_CASCADE}). */
  public static final int MAX_CASCADE = 1024;
  /** The highest cascade cap governance may set. */
  public static final int HARD_MAX_CASCADE = 16384;
  /**
   * Deepest descendant (hops from a start) one request may reach. The ledger refuses to publish a
   * model more than this many hops below a root, so no published DAG can exceed it.
   */
  public static final int MAX_DEPTH = 128;
  /** The governance parameter that sets the cascade cap. */
  public static final String CASCADE_CAP_PARAMETER = "cascade.max";
  /** Largest aggregation exponent R accepted. */
  public static final int MAX_EXPONENT = 8;

  private Dag() {}

  /** A model reached from the starts; starting models have depth 0, one path and discount 1. */
  public record Descendant(String id, int depth, BigInteger paths, Rational discount, int parents) {
    /** The discount as a double, for the FL engine's arithmetic. */
    public double discountValue() {
      return discount.doubleValue();
    }
  }

  /** The cascade exceeds its cap or {@link #MAX_DEPTH}. */
  public static final class CascadeTooLarge extends RuntimeException {
    public CascadeTooLarge(String message) {
      super(message);
    }
  }

  /**
   * The starts and every model that inherits from one of them, in topological order, each
   * with its depth (fewest hops from a start), number of paths and discount. A model's hop
   * divisor is {@code N^exponent} with {@code N} the number of all its refs, reached or not.
   */
  public static List<Descendant> cascade(DagView dag, List<String> starts, int exponent) {
    return cascade(dag, starts, exponent, MAX_CASCADE);
  }

  /** {@link #cascade(DagView, List, int)} with a cascade cap of {@code maxCascade} models (1..{@link #HARD_MAX_CASCADE}). */
  public static List<Descendant> cascade(DagView dag, List<String> starts, int exponent, int maxCascade) {
    if (maxCascade < 1 || maxCascade > HARD_MAX_CASCADE) {
      throw new IllegalArgumentException("the cascade cap must be 1.." + HARD_MAX_CASCADE + ", got " + maxCascade);
    }
    if (exponent < 0 || exponent > MAX_EXPONENT) {
      throw new IllegalArgumentException("exponent must be 0.." + MAX_EXPONENT + ", got " + exponent);
    }
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
          if (reached.size() > maxCascade) {
            throw new CascadeTooLarge("the cascade of " + starts + " holds more than " + maxCascade
                + " models; split the request or ask the committee to raise the governance parameter '"
                + CASCADE_CAP_PARAMETER + "' (at most " + HARD_MAX_CASCADE + ")");
          }
          queue.add(c);
        }
      }
    }
    List<String> order = new ArrayList<>(reached);
    order.sort(dag.topologicalOrder());
    Set<String> startSet = new LinkedHashSet<>(starts);
    Map<String, BigInteger> paths = new HashMap<>();
    Map<String, Rational> discount = new HashMap<>();
    Map<String, Integer> depth = new HashMap<>();
    List<Descendant> out = new ArrayList<>();
    for (String id : order) {
      List<String> refs = dag.refs(id);
      if (startSet.contains(id)) {
        paths.put(id, BigInteger.ONE);
        discount.put(id, Rational.ONE);
        depth.put(id, 0);
      } else {
        BigInteger p = BigInteger.ZERO;
        Rational d = Rational.ZERO;
        int dep = Integer.MAX_VALUE;
        BigInteger hop = BigInteger.valueOf(refs.size()).pow(exponent);
        for (String parent : refs) {
          if (paths.containsKey(parent)) {
            p = p.add(paths.get(parent));
            d = d.plus(discount.get(parent).dividedBy(hop));
            dep = Math.min(dep, depth.get(parent) + 1);
          }
        }
        if (dep > MAX_DEPTH) {
          throw new CascadeTooLarge("the cascade of " + starts + " reaches " + id + " " + dep + " hops deep, more than "
              + MAX_DEPTH);
        }
        paths.put(id, p);
        discount.put(id, d);
        depth.put(id, dep);
      }
      out.add(new Descendant(id, depth.get(id), paths.get(id), discount.get(id), refs.size()));
    }
    return out;
  }

  /**
   * {@code Σ_paths ∏ 1/N_j} (R = 1) from {@code start} to each model of {@code order}, a request's
   * cascade fixed at opening in topological order. Only that order is walked: models published
   * later cannot lie on a path to a cascade model (refs never change). One definition for the
   * chaincode's cascade statement and the auditor who re-checks it.
   */
  public static Map<String, Rational> discountsAlong(List<String> order, String start,
      java.util.function.Function<String, List<String>> refsOf) {
    Map<String, Rational> out = new HashMap<>();
    for (String id : order) {
      if (id.equals(start)) {
        out.put(id, Rational.ONE);
        continue;
      }
      List<String> refs = refsOf.apply(id);
      Rational d = Rational.ZERO;
      BigInteger hop = BigInteger.valueOf(refs.size());
      for (String parent : refs) {
        Rational dp = out.get(parent);
        if (dp != null) {
          d = d.plus(dp.dividedBy(hop));
        }
      }
      out.put(id, d);
    }
    return out;
  }
}
