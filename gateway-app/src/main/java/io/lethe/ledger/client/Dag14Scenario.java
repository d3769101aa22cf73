package io.lethe.ledger.client;

import java.util.List;

/**
 * The 14-model inheritance DAG used by {@code lethe ledger seed --scenario dag-14}. Depth 5
 * (m01 → m04 → m07 → m10 → m12 → m14), every non-root aggregates 1–3 models, and the two
 * starting models m01, m02 belong to user1; m03..m14 are published by user2..user13 and
 * user14 is left for the data owner of later tests.
 *
 * Edges: m04={m01}, m05={m01,m02}, m06={m03}, m07={m04,m05}, m08={m05,m06}, m09={m06},
 * m10={m07,m08}, m11={m09}, m12={m10,m11,m07}, m13={m10,m11}, m14={m12,m13}.
 * The cascade of m04 is exactly six models: m04, m07, m10, m12, m13, m14.
 */
public final class Dag14Scenario {
  /** A node: id, publishing identity, refs. */
  public record Node(String id, String user, List<String> refs) {}

  public static final List<Node> NODES = List.of(
      new Node("m01", "user1", List.of()),
      new Node("m02", "user1", List.of()),
      new Node("m03", "user2", List.of()),
      new Node("m04", "user3", List.of("m01")),
      new Node("m05", "user4", List.of("m01", "m02")),
      new Node("m06", "user5", List.of("m03")),
      new Node("m07", "user6", List.of("m04", "m05")),
      new Node("m08", "user7", List.of("m05", "m06")),
      new Node("m09", "user8", List.of("m06")),
      new Node("m10", "user9", List.of("m07", "m08")),
      new Node("m11", "user10", List.of("m09")),
      new Node("m12", "user11", List.of("m10", "m11", "m07")),
      new Node("m13", "user12", List.of("m10", "m11")),
      new Node("m14", "user13", List.of("m12", "m13")));

  private Dag14Scenario() {}
}
