package io.lethe.attack.network;

import io.lethe.attack.AttackClass;
import io.lethe.attack.Mutation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Which attempts a run makes, fixed by the seed: attempt i belongs to class
 * {@code classes[i mod k]} (so every class gets ⌊n/k⌋ or ⌈n/k⌉ attempts), its mutation, its
 * base (a non-empty subset of r-open's cascade, RedactOne or RedactBatch) and every detail the
 * mutation draws come from a {@link Random} seeded by (seed, i). The same seed gives the same
 * plan; only the committee's collisions (fresh nonces, as the protocol demands) differ.
 */
public record FuzzPlan(long seed, List<Step> steps) {
  /** One planned attempt: its class, its mutation, the base it mutates and its own random seed. */
  public record Step(int index, AttackClass cls, String mutation, int mask, boolean one, long randomSeed) {
    Random random() {
      return new Random(randomSeed);
    }
  }

  /** The plan of {@code attempts} attempts over {@code classes}, using only the mutations {@code applicable} admits. */
  public static FuzzPlan of(long seed, int attempts, List<AttackClass> classes, Predicate<Mutation> applicable) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      AttackClass cls = classes.get(i % classes.size());
      Random r = new Random(mix(seed, i));
      List<Mutation> ms = cls.mutations().stream().filter(applicable).toList();
      Mutation m = ms.get(r.nextInt(ms.size()));
      steps.add(new Step(i, cls, m.name(), 1 + r.nextInt(63), r.nextBoolean(), r.nextLong()));
    }
    return new FuzzPlan(seed, List.copyOf(steps));
  }

  static Mutation mutation(Step s) {
    return s.cls().mutations().stream().filter(m -> m.name().equals(s.mutation())).findFirst().orElseThrow();
  }

  /** SplitMix64 of (seed, i): well-spread per-attempt seeds from one run seed. */
  static long mix(long seed, long i) {
    long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
