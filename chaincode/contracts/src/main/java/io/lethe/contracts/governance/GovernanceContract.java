package io.lethe.contracts.governance;

import io.lethe.contracts.Check;
import io.lethe.contracts.InputJson;
import io.lethe.contracts.system.Access;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Governance.Approval;
import io.lethe.ledger.Governance.Proposal;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * {@code Governance}: changes no single committee org may make alone. An admin of a committee
 * org proposes an action (its own approval included); admins of other committee orgs approve
 * it by naming its action hash; the approval that reaches {@link Governance#REQUIRED_APPROVALS}
 * orgs executes the action in the same transaction. One approval per org; a proposal is
 * executed at most once.
 */
@Contract(name = "Governance", info = @Info(title = "Lethe governance", version = "1"))
public final class GovernanceContract implements ContractInterface {
  static final String PROPOSAL = "lethe.governance.proposal";
  static final int MAX_ACTION_BYTES = 1 << 20;

  @Transaction(name = "Propose", intent = Transaction.TYPE.SUBMIT)
  public String propose(Context ctx, String id, String actionJson) {
    String msp = Access.requireCommitteeAdmin(ctx, "Governance:Propose");
    ChaincodeStub stub = ctx.getStub();
    Check.id(id, "proposal id");
    Check.require(stub.getState(key(stub, id)).length == 0, ErrorCode.ALREADY_EXISTS, "proposal " + id + " already exists");
    Check.require(actionJson != null && actionJson.length() <= MAX_ACTION_BYTES, ErrorCode.INVALID_ARGUMENT,
        "action must be at most " + MAX_ACTION_BYTES + " bytes of JSON");
    Action action = GovernedActions.validate(stub,
        InputJson.parse(actionJson.getBytes(StandardCharsets.UTF_8), Action.class, "action"));
    List<Approval> approvals = List.of(approval(ctx, msp));
    Proposal p = new Proposal(id, action, actionHash(action), approvals, Governance.REQUIRED_APPROVALS, "OPEN",
        millis(stub), stub.getTxId(), null, null);
    put(stub, p);
    stub.setEvent("lethe.governance-proposed", Json.bytes(p));
    return Json.string(p);
  }

  @Transaction(name = "Approve", intent = Transaction.TYPE.SUBMIT)
  public String approve(Context ctx, String id, String actionHash) {
    String msp = Access.requireCommitteeAdmin(ctx, "Governance:Approve");
    ChaincodeStub stub = ctx.getStub();
    Proposal p = require(stub, id);
    Check.require("OPEN".equals(p.status()), ErrorCode.FAILED_PRECONDITION,
        "proposal " + id + " is " + p.status() + ", not open");
    Check.require(p.actionHash().equals(actionHash), ErrorCode.FAILED_PRECONDITION,
        "proposal " + id + " has action hash " + p.actionHash() + ", not " + actionHash
            + ": approve only the action you reviewed");
    Check.require(p.approvals().stream().noneMatch(a -> a.msp().equals(msp)), ErrorCode.ALREADY_EXISTS,
        msp + " has already approved proposal " + id);
    List<Approval> approvals = new ArrayList<>(p.approvals());
    approvals.add(approval(ctx, msp));
    Proposal next;
    if (approvals.size() >= p.required()) {
      String approvedBy = String.join(",", approvals.stream().map(Approval::msp).sorted().toList());
      String result = GovernedActions.execute(stub, p.action(), approvedBy);
      next = new Proposal(p.id(), p.action(), p.actionHash(), approvals, p.required(), "EXECUTED", p.createdAt(),
          p.createdIn(), stub.getTxId(), result);
      // Fabric keeps one event per transaction: this one replaces the action's own event
      stub.setEvent("lethe.governance-executed", Json.bytes(next));
    } else {
      next = new Proposal(p.id(), p.action(), p.actionHash(), approvals, p.required(), "OPEN", p.createdAt(),
          p.createdIn(), null, null);
      stub.setEvent("lethe.governance-approved", Json.bytes(next));
    }
    put(stub, next);
    return Json.string(next);
  }

  @Transaction(name = "GetProposal", intent = Transaction.TYPE.EVALUATE)
  public String getProposal(Context ctx, String id) {
    return Json.string(require(ctx.getStub(), id));
  }

  /** SHA-256 (hex) of the action's canonical JSON (record field order, nulls omitted). */
  public static String actionHash(Action action) {
    return Check.hex(CanonicalBytes.sha256(Json.bytes(action)));
  }

  private static Approval approval(Context ctx, String msp) {
    return new Approval(msp, ctx.getClientIdentity().getId(), millis(ctx.getStub()), ctx.getStub().getTxId());
  }

  private static Proposal require(ChaincodeStub stub, String id) {
    Check.id(id, "proposal id");
    byte[] b = stub.getState(key(stub, id));
    Check.require(b != null && b.length > 0, ErrorCode.NOT_FOUND, "no governance proposal " + id);
    return Json.read(b, Proposal.class);
  }

  private static void put(ChaincodeStub stub, Proposal p) {
    stub.putState(key(stub, p.id()), Json.bytes(p));
  }

  private static String key(ChaincodeStub stub, String id) {
    return stub.createCompositeKey(PROPOSAL, id).toString();
  }

  private static long millis(ChaincodeStub stub) {
    return stub.getTxTimestamp().toEpochMilli();
  }
}
