package io.lethe.attack;

import java.util.Random;

/** One way to turn a valid redaction into an invalid one; each attack class is an enum of these. */
public interface Mutation {
  String name();

  /** The attempt derived from {@code base} by this one mutation; {@code random} picks its details. */
  Attempt apply(Base base, Random random);

  /** Whether this mutation can be built on {@code fx} (e.g. two key epochs whose collisions this process computes). */
  default boolean applicable(FuzzFixture fx) {
    return true;
  }
}
