package io.lethe.contracts.ledger;

import io.lethe.contracts.Check;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.P256ChameleonScheme;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.KeyEpoch;
import io.lethe.ledger.Records.UnlearningRequest;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The live ledger's governed changes: setting and rotating the committee key and closing a
 * request. They run only inside an approved governance proposal ({@code Governance:Approve});
 * {@code approvedBy} names the orgs whose admins approved it.
 */
public final class GovernedLedgerChanges {
  private GovernedLedgerChanges() {}

  /** Sets the committee's chameleon public key once; {@code threshold} committee orgs must endorse redactions. */
  public static CommitteeConfig setCommitteeKey(ChaincodeStub stub, String publicKeyHex, int threshold, String approvedBy) {
    LedgerState state = new LedgerState(stub);
    Check.require(state.config() == null, ErrorCode.ALREADY_EXISTS,
        "the committee key is already set; change it with a rotate-committee-key proposal");
    Check.require(threshold >= Governance.REQUIRED_APPROVALS && threshold <= Orgs.COMMITTEE.size(),
        ErrorCode.INVALID_ARGUMENT, "redaction threshold must be " + Governance.REQUIRED_APPROVALS + ".."
            + Orgs.COMMITTEE.size() + " committee orgs (one org alone may never redact), got " + threshold);
    byte[] pk = publicKey(publicKeyHex);
    KeyEpoch epoch = new KeyEpoch(0, Check.hex(pk), LiveLedger.millis(stub), stub.getTxId(), approvedBy, "initial");
    CommitteeConfig cfg = new CommitteeConfig(List.of(epoch), threshold);
    state.put(LedgerState.CONFIG_KEY, cfg);
    // Besides the admins' approvals, a later change needs the endorsement of a majority of committee peers.
    stub.setStateValidationParameter(LedgerState.CONFIG_KEY,
        CommitteeEndorsementPolicy.tOfN(Orgs.COMMITTEE, Governance.REQUIRED_APPROVALS));
    stub.setEvent("lethe.committee-key", Json.bytes(cfg));
    return cfg;
  }

  /** Adds a key for new publishes; older transactions keep the key index they were hashed under. */
  public static CommitteeConfig rotateCommitteeKey(ChaincodeStub stub, String publicKeyHex, String reason, String approvedBy) {
    LedgerState state = new LedgerState(stub);
    CommitteeConfig cfg = state.requireConfig();
    byte[] pk = publicKey(publicKeyHex);
    Check.text(reason, "reason", 512);
    Check.require(cfg.keys().stream().noneMatch(k -> k.publicKey().equals(Check.hex(pk))), ErrorCode.ALREADY_EXISTS,
        "this public key was already used");
    List<KeyEpoch> keys = new ArrayList<>(cfg.keys());
    keys.add(new KeyEpoch(keys.size(), Check.hex(pk), LiveLedger.millis(stub), stub.getTxId(), approvedBy, reason));
    CommitteeConfig next = new CommitteeConfig(keys, cfg.threshold());
    state.put(LedgerState.CONFIG_KEY, next);
    stub.setEvent("lethe.committee-key", Json.bytes(next));
    return next;
  }

  /** Closes an open request whose cascade is complete (e.g. the remaining models fell under ε). */
  public static UnlearningRequest closeRequest(ChaincodeStub stub, String id) {
    LedgerState state = new LedgerState(stub);
    UnlearningRequest r = state.request(Check.id(id, "request id"));
    Check.require(r != null, ErrorCode.NOT_FOUND, "no unlearning request " + id);
    Check.require("OPEN".equals(r.status()), ErrorCode.FAILED_PRECONDITION, "request " + id + " is already closed");
    UnlearningRequest closed = LiveLedger.withStatus(r, r.changes(), "CLOSED", LiveLedger.millis(stub));
    state.put(state.requestKey(id), closed);
    stub.setEvent("lethe.request-closed", Json.bytes(closed));
    return closed;
  }

  private static byte[] publicKey(String hex) {
    byte[] pk = Check.hex(hex, "committee public key", 33);
    try {
      new P256ChameleonScheme().checkPublicKey(pk);
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "committee public key refused: " + e.getMessage());
    }
    return pk;
  }
}
