package io.lethe.attack.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.attack.AttackClass;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The network fuzz plan: reproducible from its seed, spread evenly over the classes, every mutation drawn. */
class FuzzPlanTest {
  private static final List<AttackClass> ALL = List.of(AttackClass.values());

  @Test
  void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
    assertEquals(FuzzPlan.of(14, 300, ALL, m -> true), FuzzPlan.of(14, 300, ALL, m -> true));
    assertNotEquals(FuzzPlan.of(14, 300, ALL, m -> true).steps(), FuzzPlan.of(15, 300, ALL, m -> true).steps());
  }

  @Test
  void attemptsAreSpreadEvenlyOverTheClasses() {
    Map<AttackClass, Integer> n = new EnumMap<>(AttackClass.class);
    FuzzPlan.of(7, 300, ALL, m -> true).steps().forEach(s -> n.merge(s.cls(), 1, Integer::sum));
    assertEquals(ALL.size(), n.size());
    n.values().forEach(c -> assertTrue(c == 300 / ALL.size() || c == 300 / ALL.size() + 1, n.toString()));
  }

  @Test
  void aLongPlanDrawsEveryMutationOfEveryClassAndEveryBase() {
    FuzzPlan plan = FuzzPlan.of(1, 10_000, ALL, m -> true);
    Set<String> drawn = new HashSet<>();
    Set<Integer> masks = new HashSet<>();
    plan.steps().forEach(s -> {
      drawn.add(s.cls() + "/" + s.mutation());
      masks.add(s.mask());
    });
    for (AttackClass c : ALL) {
      c.mutations().forEach(m -> assertTrue(drawn.contains(c + "/" + m.name()), c + "/" + m.name() + " never drawn"));
    }
    assertEquals(63, masks.size());
  }

  @Test
  void mutationsThatDoNotApplyAreNeverDrawn() {
    FuzzPlan plan = FuzzPlan.of(3, 2_000, List.of(AttackClass.WRONG_KEY), m -> !m.name().contains("OTHER_EPOCH"));
    assertTrue(plan.steps().stream().noneMatch(s -> s.mutation().contains("OTHER_EPOCH")));
    assertEquals(2_000, plan.steps().size());
  }
}
