package io.lethe.audit;

/**
 * One check of an audit report: its name ({@code chains}, {@code stores}, {@code models},
 * {@code proofs}, {@code endorsements}, {@code timeline}), verdict, a one-line reason, and the
 * evidence it rests on (a typed record per check, written as JSON).
 */
public record CheckResult(String name, Verdict verdict, String reason, Object evidence) {
  public static CheckResult pass(String name, String reason, Object evidence) {
    return new CheckResult(name, Verdict.PASS, reason, evidence);
  }

  public static CheckResult fail(String name, String reason, Object evidence) {
    return new CheckResult(name, Verdict.FAIL, reason, evidence);
  }

  public static CheckResult notChecked(String name, String reason, Object evidence) {
    return new CheckResult(name, Verdict.NOT_CHECKED, reason, evidence);
  }
}
