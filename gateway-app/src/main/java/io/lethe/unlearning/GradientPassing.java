package io.lethe.unlearning;

import io.lethe.ledger.Dag;
import io.lethe.ledger.InheritanceDag;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient-passing coefficients of BlockFUL's parallel paradigm (eqs. 7–8). A model aggregates
 * its {@code N} refs with weight {@code 1/N} each (eq. 2), so a change {@code Δ} of a starting
 * model {@code s} reaches an inheriting model {@code y} through every path
 * {@code s → j_1 → … → y} discounted by {@code ∏ 1/N_{j}} over the models after {@code s}
 * ({@code N_j} = ref count of {@code j}, the paper's {@code N^{R_j}} with {@code R_j = 1} on
 * the path). The update of {@code y} is {@code α · Σ_s Σ_paths ∏ 1/N_j · Δ_s}; a start keeps
 * its own gradient-ascent change with coefficient 1. Pure arithmetic over the DAG (no ML
 * library): the discounts are {@link Dag}'s, the chaincode's own computation.
 */
public final class GradientPassing {
  private GradientPassing() {}

  /** {@code Σ_paths ∏ 1/N_j} from {@code start} to every model it reaches (1 at the start). */
  public static Map<String, Double> pathDiscounts(InheritanceDag dag, String start) {
    Map<String, Double> d = new LinkedHashMap<>();
    for (Dag.Descendant y : Dag.cascade(dag, List.of(start), 1)) {
      d.put(y.id(), y.discountValue());
    }
    return d;
  }

  /**
   * Coefficient applied to start {@code s}'s change when updating model {@code y}: 1 when
   * {@code y == s}, otherwise {@code α · pathDiscount(s, y)}; keyed by start, then model.
   */
  public static Map<String, Map<String, Double>> coefficients(InheritanceDag dag,
      Collection<String> starts, double alpha) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (String s : starts) {
      Map<String, Double> c = new LinkedHashMap<>();
      pathDiscounts(dag, s).forEach((y, v) -> c.put(y, y.equals(s) ? 1.0 : alpha * v));
      out.put(s, c);
    }
    return out;
  }

  /**
   * Theorem 1's stopping depth: with per-hop discount at most {@code 1/minRefs}, a change of
   * norm {@code deltaNorm} falls to {@code ε} or below after this many hops.
   */
  public static int depthBound(double deltaNorm, double alpha, double epsilon, int minRefsOnPath) {
    if (deltaNorm <= epsilon) {
      return 0;
    }
    if (minRefsOnPath <= 1) {
      return Integer.MAX_VALUE;
    }
    return (int) Math.ceil(Math.log(alpha * deltaNorm / epsilon) / Math.log(minRefsOnPath));
  }
}
