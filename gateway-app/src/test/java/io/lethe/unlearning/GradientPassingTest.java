package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.fl.Scenario;
import io.lethe.ledger.InheritanceDag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientPassingTest {

  @Test
  void diamondWithOutsideRefs() {
    // s -> a (a also refs x), s -> b, c refs a, b, y
    InheritanceDag dag = new InheritanceDag().add("s", List.of()).add("x", List.of()).add("y", List.of())
        .add("a", List.of("s", "x")).add("b", List.of("s")).add("c", List.of("a", "b", "y"));
    Map<String, Double> d = GradientPassing.pathDiscounts(dag, "s");
    assertEquals(1.0, d.get("s"));
    assertEquals(0.5, d.get("a"), 1e-15);
    assertEquals(1.0, d.get("b"), 1e-15);
    // paths s-a-c: 1/2 * 1/3, s-b-c: 1 * 1/3
    assertEquals(1.0 / 6 + 1.0 / 3, d.get("c"), 1e-15);
    assertFalse(d.containsKey("x"));
    Map<String, Map<String, Double>> c = GradientPassing.coefficients(dag, List.of("s"), 0.8);
    assertEquals(1.0, c.get("s").get("s"));
    assertEquals(0.8 * 0.5, c.get("s").get("c"), 1e-15);
  }

  @Test
  void multiStartCoefficientsAreIndependentPerStart() {
    InheritanceDag dag = Scenario.dag();
    Map<String, Map<String, Double>> c = GradientPassing.coefficients(dag, Scenario.startingModels(), 1.0);
    // u04 refs (u01a, u02): 1/2 from u01a, nothing from u01b
    assertEquals(0.5, c.get("u01a").get("u04"), 1e-15);
    assertFalse(c.get("u01b").containsKey("u04"));
    // u07 refs (u04, u01b): from u01a 1/2·1/2, from u01b 1/2
    assertEquals(0.25, c.get("u01a").get("u07"), 1e-15);
    assertEquals(0.5, c.get("u01b").get("u07"), 1e-15);
    // u08 refs (u05, u01b, u03): 1/3 from u01b
    assertEquals(1.0 / 3, c.get("u01b").get("u08"), 1e-15);
    assertEquals(List.of("u01a", "u04", "u01b", "u06", "u07", "u08", "u09", "u10", "u11", "u12", "u13", "u14"),
        dag.affected(Scenario.startingModels()));
    assertEquals(5, dag.maxDepth());
  }

  @Test
  void dynamicProgrammingEqualsPathEnumerationOnRandomDags() {
    Random rnd = new Random(2024);
    for (int trial = 0; trial < 200; trial++) {
      InheritanceDag dag = new InheritanceDag();
      int n = 3 + rnd.nextInt(10);
      for (int i = 0; i < n; i++) {
        List<String> refs = new ArrayList<>();
        for (int j = 0; j < i; j++) {
          if (rnd.nextInt(3) == 0 && refs.size() < 3) {
            refs.add("n" + j);
          }
        }
        dag.add("n" + i, refs);
      }
      String start = "n" + rnd.nextInt(n);
      Map<String, Double> dp = GradientPassing.pathDiscounts(dag, start);
      for (String y : dag.ids()) {
        double brute = y.equals(start) ? 1.0 : enumerate(dag, start, y);
        assertEquals(brute, dp.getOrDefault(y, 0.0), 1e-12, "trial " + trial + " " + start + "->" + y);
      }
    }
  }

  /** Σ over explicit paths start→…→y of ∏ 1/N_j for the nodes after start. */
  private static double enumerate(InheritanceDag dag, String start, String y) {
    if (y.equals(start)) {
      return 1.0;
    }
    double sum = 0;
    for (String r : dag.refs(y)) {
      sum += enumerate(dag, start, r) / dag.refs(y).size();
    }
    return sum;
  }

  @Test
  void dagRejectsUnknownRefsAndDuplicates() {
    InheritanceDag dag = new InheritanceDag().add("a", List.of());
    assertThrows(IllegalArgumentException.class, () -> dag.add("b", List.of("zz")));
    assertThrows(IllegalArgumentException.class, () -> dag.add("a", List.of()));
    assertThrows(IllegalArgumentException.class, () -> dag.add("c", List.of("a", "a")));
  }

  @Test
  void depthBoundFollowsTheorem1() {
    assertEquals(0, GradientPassing.depthBound(0.5, 1.0, 1.0, 2));
    // 8 / 2^k <= 1 -> k = 3
    assertEquals(3, GradientPassing.depthBound(8, 1.0, 1.0, 2));
    assertEquals(Integer.MAX_VALUE, GradientPassing.depthBound(8, 1.0, 1.0, 1));
  }
}
