package io.lethe.contracts.fuzz;

import io.lethe.ledger.ErrorCode;

/**
 * One fuzzed transaction and the refusal it must meet: a {@code ChaincodeException} carrying
 * {@code code}, or (code null) Fabric's ENDORSEMENT_POLICY_FAILURE at commit.
 */
record Attempt(ErrorCode code, FuzzLedger.Call call, String detail) {
  static Attempt refused(ErrorCode code, FuzzLedger.Call call, String detail) {
    return new Attempt(code, call, detail);
  }

  static Attempt policyFailure(FuzzLedger.Call call, String detail) {
    return new Attempt(null, call, detail);
  }

  String expected() {
    return code == null ? "ENDORSEMENT_POLICY_FAILURE" : code.name();
  }
}
