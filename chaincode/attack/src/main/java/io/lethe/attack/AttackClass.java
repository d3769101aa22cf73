package io.lethe.attack;

import java.util.List;

/**
 * The classes of invalid redaction attempts (issue 14, "Fuzzing"), each an enum of its
 * mutations: one copy for the contracts' in-memory fuzz suite and {@code lethe ledger fuzz} on a
 * real network. (What a network client cannot build at all, e.g. a proposal signed by an MSP
 * the channel does not know, the in-memory suite adds on its own.)
 */
public enum AttackClass {
  FORGED_RANDOMNESS("forged or reused randomness", ForgedRandomness.class),
  MALFORMED_ENCODING("malformed points and scalars: off-curve, identity, x >= p, s >= n, wrong lengths", MalformedEncoding.class),
  WRONG_KEY("wrong key (other epoch, outside the committee, a caller-named key index), wrong or missing header", WrongKey.class),
  CHANGED_REFS("changed refs", ChangedRefs.class),
  WRONG_VERSION("wrong version", WrongVersion.class),
  ROLLBACK("rollback to an archived payload, or no change", Rollback.class),
  OUTSIDE_CASCADE("model outside the cascade, or unknown", OutsideCascade.class),
  CLOSED_OR_FOREIGN_REQUEST("closed, foreign or unknown request", ClosedOrForeignRequest.class),
  UNAUTHORISED_CALLER("non-committee or non-admin caller, missing committee endorsements", UnauthorisedCaller.class),
  MALFORMED_INPUT("malformed JSON / hex / ids / URIs", MalformedInput.class),
  OVERSIZED_INPUT("oversized inputs", OversizedInput.class),
  REPLAY_OR_DUPLICATE("replays of applied redactions, duplicate rewrites", ReplayOrDuplicate.class),
  SEQUENTIAL_ORDER("RedactBatch, or an out-of-order RedactOne, under a sequential request", SequentialOrder.class);

  private final String label;
  private final Class<? extends Mutation> mutations;

  AttackClass(String label, Class<? extends Mutation> mutations) {
    this.label = label;
    this.mutations = mutations;
  }

  public String label() {
    return label;
  }

  public List<Mutation> mutations() {
    return List.of(mutations.getEnumConstants());
  }
}
