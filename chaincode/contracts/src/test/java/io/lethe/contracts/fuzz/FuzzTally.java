package io.lethe.contracts.fuzz;

import io.lethe.attack.Attempt;
import io.lethe.attack.Mutation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts the attempts per attack class, mutation and expected refusal, and prints the table. */
final class FuzzTally {
  private static final Map<InMemoryClass, Map<String, Integer>> BY_MUTATION = new LinkedHashMap<>();
  private static final Map<InMemoryClass, Map<String, Integer>> BY_REFUSAL = new LinkedHashMap<>();
  private static final Map<InMemoryClass, Long> NANOS = new LinkedHashMap<>();
  private static int accepted;
  private static int changedState;
  private static int wrongRefusal;

  private FuzzTally() {}

  static synchronized void record(InMemoryClass cls, Mutation m, Attempt a, long nanos) {
    BY_MUTATION.computeIfAbsent(cls, c -> new TreeMap<>()).merge(m.name(), 1, Integer::sum);
    BY_REFUSAL.computeIfAbsent(cls, c -> new TreeMap<>()).merge(a.expected(), 1, Integer::sum);
    NANOS.merge(cls, nanos, Long::sum);
  }

  static synchronized void accepted() {
    accepted++;
  }

  static synchronized void changedState() {
    changedState++;
  }

  static synchronized void wrongRefusal() {
    wrongRefusal++;
  }

  static synchronized int attempts(InMemoryClass cls) {
    return BY_MUTATION.getOrDefault(cls, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
  }

  static synchronized Map<String, Integer> byMutation(InMemoryClass cls) {
    return new TreeMap<>(BY_MUTATION.getOrDefault(cls, Map.of()));
  }

  /** With enough tries (20 per mutation), every mutation of each class that ran was drawn at least once. */
  static synchronized void assertEveryMutationRan() {
    for (var e : BY_MUTATION.entrySet()) {
      InMemoryClass cls = e.getKey();
      if (attempts(cls) >= 20 * cls.mutations().size()) {
        for (Mutation m : cls.mutations()) {
          if (!e.getValue().containsKey(m.name())) {
            throw new AssertionError(cls + "/" + m.name() + " never ran in " + attempts(cls) + " attempts");
          }
        }
      }
    }
  }

  static synchronized String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%n%-26s %-62s %8s %9s %10s  %s%n", "class", "what", "attempts", "mutations", "ms",
        "refused with"));
    int total = 0;
    long nanos = 0;
    for (InMemoryClass cls : BY_MUTATION.keySet()) {
      int n = attempts(cls);
      total += n;
      nanos += NANOS.get(cls);
      out.append(String.format("%-26s %-62s %8d %5d/%-3d %10d  %s%n", cls, cls.label(), n, BY_MUTATION.get(cls).size(),
          cls.mutations().size(), NANOS.get(cls) / 1_000_000, BY_REFUSAL.get(cls)));
    }
    out.append(String.format("%-26s %-62s %8d %9s %10d  accepted: %d, state changed: %d, other refusal: %d%n", "TOTAL",
        "(" + FuzzTries.PROPERTY + "=" + FuzzTries.total() + ")", total, "", nanos / 1_000_000, accepted, changedState,
        wrongRefusal));
    return out.toString();
  }
}
