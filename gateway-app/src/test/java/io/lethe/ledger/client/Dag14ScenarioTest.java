package io.lethe.ledger.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Dag14ScenarioTest {
  @Test
  void hasTheShapeTheIssueAsksFor() {
    List<Dag14Scenario.Node> nodes = Dag14Scenario.NODES;
    assertEquals(14, nodes.size());
    Set<String> seen = new HashSet<>();
    Map<String, Integer> longest = new HashMap<>();
    for (Dag14Scenario.Node n : nodes) {
      assertTrue(n.refs().size() <= 3, n.id() + " has at most 3 refs");
      int depth = 0;
      for (String r : n.refs()) {
        assertTrue(seen.contains(r), n.id() + " refs only earlier models");
        depth = Math.max(depth, longest.get(r) + 1);
      }
      seen.add(n.id());
      longest.put(n.id(), depth);
    }
    assertTrue(longest.values().stream().mapToInt(Integer::intValue).max().orElseThrow() >= 4, "depth >= 4");
    assertTrue(nodes.stream().filter(n -> !n.refs().isEmpty()).allMatch(n -> n.refs().size() >= 1));
    assertEquals(List.of("user1", "user1"), nodes.subList(0, 2).stream().map(Dag14Scenario.Node::user).toList());
    assertTrue(nodes.get(0).refs().isEmpty() && nodes.get(1).refs().isEmpty(), "m01, m02 are starting nodes");
    assertEquals(13, nodes.stream().map(Dag14Scenario.Node::user).distinct().count());
  }

  @Test
  void cascadeOfM04IsSixModels() {
    Map<String, Set<String>> children = new HashMap<>();
    for (Dag14Scenario.Node n : Dag14Scenario.NODES) {
      for (String r : n.refs()) {
        children.computeIfAbsent(r, k -> new LinkedHashSet<>()).add(n.id());
      }
    }
    Set<String> reached = new LinkedHashSet<>(List.of("m04"));
    ArrayDeque<String> queue = new ArrayDeque<>(reached);
    while (!queue.isEmpty()) {
      for (String c : children.getOrDefault(queue.poll(), Set.of())) {
        if (reached.add(c)) {
          queue.add(c);
        }
      }
    }
    assertEquals(Set.of("m04", "m07", "m10", "m12", "m13", "m14"), reached);
  }

  @Test
  void syntheticUrisLookLikeCidsAndAreStable() {
    String uri = SyntheticModels.uri("m01");
    assertTrue(uri.matches("bafybei[a-z2-7]{52}"), uri);
    assertEquals(uri, SyntheticModels.uri("m01"));
    assertTrue(!uri.equals(SyntheticModels.uri("m02")));
    assertEquals(32, SyntheticModels.digest("m01").length);
  }
}
