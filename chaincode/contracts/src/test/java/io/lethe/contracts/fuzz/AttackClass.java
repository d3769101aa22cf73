package io.lethe.contracts.fuzz;

import java.util.List;

/** The classes of invalid redaction attempts (issue 14, "Fuzzing"), each an enum of its mutations. */
enum AttackClass {
  FORGED_RANDOMNESS("forged or reused randomness", ForgedRandomness.class),
  MALFORMED_ENCODING("off-curve / identity / non-canonical points, s >= n", MalformedEncoding.class),
  WRONG_KEY_OR_HEADER("wrong key, header randomness for a wrong / missing / extra block", WrongKeyOrHeader.class),
  CHANGED_REFS("changed refs", ChangedRefs.class),
  WRONG_VERSION("wrong version", WrongVersion.class),
  ROLLBACK("rollback to an archived payload, or no change", Rollback.class),
  OUTSIDE_CASCADE("model outside the cascade", OutsideCascade.class),
  CLOSED_OR_FOREIGN_REQUEST("closed, foreign or unknown request", ClosedOrForeignRequest.class),
  UNAUTHORISED_CALLER("non-committee caller, missing committee endorsements", UnauthorisedCaller.class),
  MALFORMED_INPUT("malformed JSON / hex / ids / URIs", MalformedInput.class),
  OVERSIZED_INPUT("oversized inputs", OversizedInput.class),
  DUPLICATE_REWRITE("duplicate rewrites, replays of applied redactions", DuplicateRewrite.class),
  FORGED_APPROVAL("forged or replayed governance approvals", ForgedApproval.class),
  SEQUENTIAL_ORDER("RedactBatch or an out-of-order RedactOne under a sequential request", SequentialOrder.class);

  final String label;
  private final Class<? extends Mutation> mutations;

  AttackClass(String label, Class<? extends Mutation> mutations) {
    this.label = label;
    this.mutations = mutations;
  }

  List<Mutation> mutations() {
    return List.of(mutations.getEnumConstants());
  }
}
