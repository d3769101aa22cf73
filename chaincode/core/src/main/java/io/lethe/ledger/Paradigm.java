package io.lethe.ledger;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a request's cascade is unlearned and committed (DESIGN §3, §6): parallel and zero-shot
 * commit every rewritten model in one {@code RedactBatch}; sequential commits one
 * {@code RedactOne} per model in topological order.
 */
public enum Paradigm {
  PARALLEL("parallel"),
  SEQUENTIAL("sequential"),
  ZERO_SHOT("zero-shot");

  private final String word;

  Paradigm(String word) {
    this.word = word;
  }

  /** The name used on the ledger, in the CLI and in experiment results. */
  public String word() {
    return word;
  }

  public static Paradigm parse(String s) {
    String w = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (Paradigm p : values()) {
      if (p.word.equals(w)) {
        return p;
      }
    }
    throw new IllegalArgumentException("paradigm must be one of " + words() + ", got \"" + s + "\"");
  }

  public static String words() {
    return Arrays.stream(values()).map(Paradigm::word).toList().toString();
  }

  @Override
  public String toString() {
    return word;
  }
}
