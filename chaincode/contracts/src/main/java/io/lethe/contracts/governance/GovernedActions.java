package io.lethe.contracts.governance;

import io.lethe.contracts.Check;
import io.lethe.contracts.ledger.GovernedLedgerChanges;
import io.lethe.contracts.system.Parameter;
import io.lethe.contracts.system.SystemContract;
import io.lethe.contracts.zk.ZkContract;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Governance.Kind;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** What each proposal kind needs, checked when it is proposed, and what it does once approved. */
final class GovernedActions {
  private GovernedActions() {}

  /** Checks the fields of the action's kind (and that no other field is set); returns it. */
  static Action validate(ChaincodeStub stub, Action a) {
    Kind kind;
    try {
      kind = Kind.parse(a.kind());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    switch (kind) {
      case SET_COMMITTEE_KEY -> {
        only(a, kind, a.publicKey() != null && a.threshold() != null, a.reason() == null && a.keyId() == null
            && a.verifyingKey() == null && a.parameter() == null && a.value() == null && a.requestId() == null);
        Check.hex(a.publicKey(), "publicKey", 33);
        Check.require(a.threshold() >= Governance.REQUIRED_APPROVALS && a.threshold() <= Orgs.COMMITTEE.size(),
            ErrorCode.INVALID_ARGUMENT, "redaction threshold must be " + Governance.REQUIRED_APPROVALS + ".."
                + Orgs.COMMITTEE.size() + " committee orgs (one org alone may never redact), got " + a.threshold());
      }
      case ROTATE_COMMITTEE_KEY -> {
        only(a, kind, a.publicKey() != null && a.reason() != null, a.threshold() == null && a.keyId() == null
            && a.verifyingKey() == null && a.parameter() == null && a.value() == null && a.requestId() == null);
        Check.hex(a.publicKey(), "publicKey", 33);
        Check.text(a.reason(), "reason", 512);
      }
      case REGISTER_VERIFYING_KEY -> {
        only(a, kind, a.keyId() != null && a.verifyingKey() != null,
            a.publicKey() == null && a.threshold() == null && a.reason() == null && a.parameter() == null
                && a.value() == null && a.requestId() == null);
        ZkContract.checkVerifyingKey(a.keyId(), a.verifyingKey());
      }
      case SET_PARAMETER -> {
        only(a, kind, a.parameter() != null && a.value() != null,
            a.publicKey() == null && a.threshold() == null && a.reason() == null && a.keyId() == null
                && a.verifyingKey() == null && a.requestId() == null);
        SystemContract.checkValue(a.parameter(), a.value());
      }
      case CLOSE_REQUEST -> {
        only(a, kind, a.requestId() != null && a.reason() != null, a.publicKey() == null && a.threshold() == null
            && a.keyId() == null && a.verifyingKey() == null && a.parameter() == null && a.value() == null);
        Check.id(a.requestId(), "requestId");
        Check.text(a.reason(), "reason", 512);
      }
      default -> throw new IllegalStateException(kind.name());
    }
    return new Action(kind.word(), a.publicKey(), a.threshold(), a.reason(), a.keyId(), a.verifyingKey(),
        a.parameter(), a.value(), a.requestId());
  }

  /** Runs an approved action; returns its result as JSON text (or the key hash). */
  static String execute(ChaincodeStub stub, Action a, String approvedBy) {
    return switch (Kind.parse(a.kind())) {
      case SET_COMMITTEE_KEY -> Json.string(GovernedLedgerChanges.setCommitteeKey(stub, a.publicKey(), a.threshold(), approvedBy));
      case ROTATE_COMMITTEE_KEY -> Json.string(GovernedLedgerChanges.rotateCommitteeKey(stub, a.publicKey(), a.reason(), approvedBy));
      case REGISTER_VERIFYING_KEY -> ZkContract.registerVerifyingKey(stub, a.keyId(), a.verifyingKey());
      case SET_PARAMETER -> parameterJson(SystemContract.setParameter(stub, a.parameter(), a.value(), approvedBy));
      case CLOSE_REQUEST -> Json.string(GovernedLedgerChanges.closeRequest(stub, a.requestId()));
    };
  }

  private static String parameterJson(Parameter p) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("key", p.getKey());
    out.put("value", p.getValue());
    out.put("setBy", p.getSetBy());
    out.put("txId", p.getTxId());
    return Json.string(out);
  }

  private static void only(Action a, Kind kind, boolean required, boolean nothingElse) {
    Check.require(required, ErrorCode.INVALID_ARGUMENT, kind.word() + " needs " + needs(kind));
    Check.require(nothingElse, ErrorCode.INVALID_ARGUMENT, kind.word() + " takes only " + needs(kind));
  }

  private static String needs(Kind kind) {
    return switch (kind) {
      case SET_COMMITTEE_KEY -> "publicKey and threshold";
      case ROTATE_COMMITTEE_KEY -> "publicKey and reason";
      case REGISTER_VERIFYING_KEY -> "keyId and verifyingKey";
      case SET_PARAMETER -> "parameter and value";
      case CLOSE_REQUEST -> "requestId and reason";
    };
  }
}
