package io.lethe.audit;

/** The outcome of one audit check. */
public enum Verdict {
  PASS,
  FAIL,
  /** The check could not be made (the reason says why); it neither passes nor fails the report. */
  NOT_CHECKED;

  /** FAIL if any is FAIL, else PASS if any is PASS, else NOT_CHECKED. */
  public static Verdict overall(Iterable<Verdict> all) {
    boolean pass = false;
    for (Verdict v : all) {
      if (v == FAIL) {
        return FAIL;
      }
      pass |= v == PASS;
    }
    return pass ? PASS : NOT_CHECKED;
  }
}
