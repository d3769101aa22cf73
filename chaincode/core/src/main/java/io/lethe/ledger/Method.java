package io.lethe.ledger;

import java.util.Arrays;
import java.util.Locale;

/**
 * The unlearning methods, one vocabulary for the ledger, the CLI and the experiments. Each
 * method belongs to exactly one paradigm.
 */
public enum Method {
  /** BlockFUL sequential: re-aggregate and re-train hop by hop (eqs. 17–18). */
  RETRAIN("retrain", Paradigm.SEQUENTIAL),
  /** BlockFUL parallel: gradient ascent at the starts, gradient passing below (eqs. 7–8). */
  GRADIENT_ASCENT("gradient-ascent", Paradigm.PARALLEL),
  /** ZK-APEX zero-shot: provider mask plus client-side Group OBS compensation. */
  OBS("obs", Paradigm.ZERO_SHOT);

  private final String word;
  private final Paradigm paradigm;

  Method(String word, Paradigm paradigm) {
    this.word = word;
    this.paradigm = paradigm;
  }

  public String word() {
    return word;
  }

  public Paradigm paradigm() {
    return paradigm;
  }

  public static Method parse(String s) {
    String w = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    for (Method m : values()) {
      if (m.word.equals(w)) {
        return m;
      }
    }
    throw new IllegalArgumentException("method must be one of " + words() + ", got \"" + s + "\"");
  }

  /** The method of a paradigm (each paradigm has exactly one). */
  public static Method of(Paradigm p) {
    return Arrays.stream(values()).filter(m -> m.paradigm == p).findFirst().orElseThrow();
  }

  public static String words() {
    return Arrays.stream(values()).map(Method::word).toList().toString();
  }

  @Override
  public String toString() {
    return word;
  }
}
