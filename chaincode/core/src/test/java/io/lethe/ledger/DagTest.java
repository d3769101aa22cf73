package io.lethe.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagTest {
  @Test
  void discountsAreExactSumsOverPaths() {
    // s → a, s → b, c aggregates a, b and an outsider x: 2 paths, each 1/3
    InheritanceDag dag = new InheritanceDag().add("s", List.of()).add("x", List.of())
        .add("a", List.of("s")).add("b", List.of("s")).add("c", List.of("a", "b", "x"));
    List<Dag.Descendant> d = Dag.cascade(dag, List.of("s"), 1);
    assertEquals(List.of("s", "a", "b", "c"), d.stream().map(Dag.Descendant::id).toList());
    Dag.Descendant c = d.get(3);
    assertEquals(BigInteger.TWO, c.paths());
    assertEquals(new Rational(BigInteger.TWO, BigInteger.valueOf(3)), c.discount());
    assertEquals(2, c.depth());
    assertEquals("1/9", Dag.cascade(dag, List.of("a"), 2).get(1).discount().toString());
  }

  @Test
  void discountsAlongAFixedCascadeAgreeWithTheCascadeAndIgnoreLaterModels() {
    InheritanceDag dag = new InheritanceDag().add("s", List.of()).add("x", List.of())
        .add("a", List.of("s")).add("b", List.of("s")).add("c", List.of("a", "b", "x"));
    List<String> order = Dag.cascade(dag, List.of("s"), 1).stream().map(Dag.Descendant::id).toList();
    // a model published after the request opened, under c: not in the fixed order, so not walked
    dag.add("late", List.of("c"));
    var along = Dag.discountsAlong(order, "s", dag::refs);
    for (Dag.Descendant d : Dag.cascade(dag, List.of("s"), 1)) {
      if (!d.id().equals("late")) {
        assertEquals(d.discount(), along.get(d.id()), d.id());
      }
    }
    assertEquals(4, along.size());
    assertEquals(Rational.ZERO, Dag.discountsAlong(order, "b", dag::refs).get("a"), "a does not inherit from b");
  }

  @Test
  void tooDeepOrTooWideCascadesAreRefusedWithTheLimit() {
    InheritanceDag chain = new InheritanceDag().add("m0", List.of());
    for (int i = 1; i <= Dag.MAX_DEPTH + 1; i++) {
      chain.add("m" + i, List.of("m" + (i - 1)));
    }
    Dag.CascadeTooLarge deep = assertThrows(Dag.CascadeTooLarge.class, () -> Dag.cascade(chain, List.of("m0"), 1));
    assertTrue(deep.getMessage().contains("hops deep"), deep.getMessage());
    assertEquals(Dag.MAX_DEPTH + 1, Dag.cascade(chain, List.of("m1"), 1).size());

    InheritanceDag fan = new InheritanceDag().add("root", List.of());
    for (int i = 0; i < Dag.MAX_CASCADE; i++) {
      fan.add("c" + i, List.of("root"));
    }
    Dag.CascadeTooLarge wide = assertThrows(Dag.CascadeTooLarge.class, () -> Dag.cascade(fan, List.of("root"), 1));
    assertTrue(wide.getMessage().contains("more than " + Dag.MAX_CASCADE), wide.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dag.cascade(fan, List.of("root"), Dag.MAX_EXPONENT + 1));
    assertEquals(Dag.MAX_CASCADE + 1, Dag.cascade(fan, List.of("root"), 1, Dag.MAX_CASCADE + 1).size());
    Dag.CascadeTooLarge capped = assertThrows(Dag.CascadeTooLarge.class, () -> Dag.cascade(fan, List.of("root"), 1, 2));
    assertTrue(capped.getMessage().contains("more than 2 ") && capped.getMessage().contains(Dag.CASCADE_CAP_PARAMETER),
        capped.getMessage());
    for (int badCap : new int[] {0, -1, Dag.HARD_MAX_CASCADE + 1}) {
      assertThrows(IllegalArgumentException.class, () -> Dag.cascade(fan, List.of("root"), 1, badCap));
    }
  }
}
