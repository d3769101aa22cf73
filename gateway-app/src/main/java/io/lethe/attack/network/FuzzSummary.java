package io.lethe.attack.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lethe.attack.AttackClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of a network fuzz run ({@code lethe ledger fuzz --json}): per class the attempts,
 * how many were refused and accepted and with which codes; every attempt that was accepted or
 * refused with another code than its mutation targets (a finding); the controls; the ledger's
 * SHA-256 on every peer before and after; timings.
 */
public record FuzzSummary(
    long seed,
    String prefix,
    int attempts,
    int refused,
    int accepted,
    int unexpectedCode,
    List<ClassSummary> classes,
    List<Result> findings,
    List<Control> controls,
    LedgerCheck ledger,
    int keyEpochs,
    boolean fixtureSpansTwoKeyEpochs,
    Timings millis) {

  /** One attempt: what it was, what it had to meet, what the network answered. */
  public record Result(int index, AttackClass cls, String mutation, List<String> base, String identity, String function,
      String expected, String got, String stage, long millis, String input, String detail, String message) {
    @JsonIgnore
    public boolean accepted() {
      return NetworkFuzz.Outcome.ACCEPTED.equals(got);
    }

    @JsonIgnore
    public boolean asExpected() {
      return expected.equals(got);
    }
  }

  /** Per class: attempts, refused, accepted, refused with another code than expected; codes met; mutations drawn. */
  public record ClassSummary(AttackClass cls, String label, int attempts, int refused, int accepted, int unexpectedCode,
      Map<String, Integer> refusedWith, Map<String, Integer> mutations, long meanMillis) {}

  /** The unmutated base of a class's first attempt, endorsed (not submitted): it must be accepted. */
  public record Control(AttackClass cls, List<String> base, String function, boolean endorsed, String refusal) {}

  /** SHA-256 of each peer's live export, archive export and VerifyChain answer, before and after the run. */
  public record LedgerCheck(boolean identical, boolean peersAgree, Map<String, String> before, Map<String, String> after) {}

  public record Timings(long fixture, long attempts, long total, long meanPerAttempt) {}

  /** Whether every attempt was refused with its expected code, every control endorsed and the ledger unchanged everywhere. */
  @JsonIgnore
  public boolean passed() {
    return accepted == 0 && unexpectedCode == 0 && ledger.identical() && ledger.peersAgree()
        && controls.stream().allMatch(Control::endorsed);
  }

  static boolean peersAgree(Map<String, String> snapshot) {
    Map<String, String> first = new TreeMap<>();
    for (var e : snapshot.entrySet()) {
      String what = e.getKey().substring(0, e.getKey().indexOf('@'));
      String seen = first.putIfAbsent(what, e.getValue());
      if (seen != null && !seen.equals(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  static FuzzSummary of(long seed, String prefix, int keyEpochs, boolean twoEpochs, List<Result> results,
      List<Control> controls, Map<String, String> before, Map<String, String> after, long fixtureMs, long attemptsMs,
      long totalMs) {
    Map<AttackClass, List<Result>> byClass = new LinkedHashMap<>();
    results.forEach(r -> byClass.computeIfAbsent(r.cls(), k -> new ArrayList<>()).add(r));
    List<ClassSummary> classes = new ArrayList<>();
    for (var e : byClass.entrySet()) {
      List<Result> rs = e.getValue();
      Map<String, Integer> codes = new TreeMap<>();
      Map<String, Integer> mutations = new TreeMap<>();
      for (Result r : rs) {
        if (!r.accepted()) {
          codes.merge(r.got(), 1, Integer::sum);
        }
        mutations.merge(r.mutation(), 1, Integer::sum);
      }
      int accepted = (int) rs.stream().filter(Result::accepted).count();
      int unexpected = (int) rs.stream().filter(r -> !r.accepted() && !r.asExpected()).count();
      long mean = rs.stream().mapToLong(Result::millis).sum() / rs.size();
      classes.add(new ClassSummary(e.getKey(), e.getKey().label(), rs.size(), rs.size() - accepted, accepted, unexpected,
          codes, mutations, mean));
    }
    int accepted = (int) results.stream().filter(Result::accepted).count();
    int unexpected = (int) results.stream().filter(r -> !r.accepted() && !r.asExpected()).count();
    List<Result> findings = results.stream().filter(r -> !r.asExpected()).toList();
    boolean agree = peersAgree(before) && peersAgree(after);
    LedgerCheck ledger = new LedgerCheck(before.equals(after), agree, before, after);
    long mean = results.isEmpty() ? 0 : attemptsMs / results.size();
    return new FuzzSummary(seed, prefix, results.size(), results.size() - accepted, accepted, unexpected, classes,
        findings, controls, ledger, keyEpochs, twoEpochs, new Timings(fixtureMs, attemptsMs, totalMs, mean));
  }
}
