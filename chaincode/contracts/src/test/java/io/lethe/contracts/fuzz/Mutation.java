package io.lethe.contracts.fuzz;

import java.util.Random;

/** One way to turn a valid redaction (or approval) into an invalid one; each attack class is an enum of these. */
interface Mutation {
  String name();

  /** The attempt derived from {@code base} by this one mutation; {@code random} picks its details. */
  Attempt apply(Base base, Random random);
}
