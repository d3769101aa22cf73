package io.lethe.attack;

/**
 * One fuzzed transaction and the refusal it must meet: the chaincode's error code (an
 * {@link io.lethe.ledger.ErrorCode} name, from the {@code [CODE] } prefix of its message), or
 * {@link #POLICY_FAILURE} when the peers must invalidate it at commit.
 */
public record Attempt(Call call, String expected, String detail) {
  /** Fabric's validation code for a transaction whose endorsements do not satisfy the key-level policy. */
  public static final String POLICY_FAILURE = "ENDORSEMENT_POLICY_FAILURE";

  public static Attempt refused(io.lethe.ledger.ErrorCode code, Call call, String detail) {
    return new Attempt(call, code.name(), detail);
  }

  public static Attempt policyFailure(Call call, String detail) {
    return new Attempt(call, POLICY_FAILURE, detail);
  }

  /** Whether the refusal comes at commit (the transaction must be ordered), not at endorsement. */
  public boolean atCommit() {
    return POLICY_FAILURE.equals(expected);
  }
}
