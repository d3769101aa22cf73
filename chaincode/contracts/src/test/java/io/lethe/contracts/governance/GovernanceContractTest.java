package io.lethe.contracts.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.contracts.ledger.LedgerFixture;
import io.lethe.contracts.system.SystemContract;
import io.lethe.contracts.zk.ZkContract;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.zk.GnarkProofFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Governance as an attacker meets it: one committee org (its clients, its admin, a second
 * admin certificate of the same org) changes nothing; approvals cover exactly the reviewed
 * action; each refusal leaves the world state and private data byte-identical.
 */
class GovernanceContractTest {
  private final LedgerFixture f = LedgerFixture.unkeyed();
  private final GovernanceContract gov = new GovernanceContract();

  private Action setKey(int threshold) {
    return new Action("set-committee-key", f.publicKeyHex(), threshold, null, null, null, null, null, null);
  }

  private String as(String msp, String name, String nodeOu, Function<Context, String> fn) {
    return f.submit(msp, name, nodeOu, Map.of(), Orgs.COMMITTEE, fn);
  }

  private JsonNode propose(String msp, String id, Action a) {
    return LedgerFixture.json(as(msp, "admin", "admin", ctx -> gov.propose(ctx, id, Json.string(a))));
  }

  private JsonNode approve(String msp, String name, String id, String hash) {
    return LedgerFixture.json(as(msp, name, "admin", ctx -> gov.approve(ctx, id, hash)));
  }

  private void refusedUnchanged(ErrorCode code, Executable call) {
    var state = f.peer.snapshotState();
    var priv = f.peer.snapshotPrivate();
    ChaincodeException e = assertThrows(ChaincodeException.class, call);
    assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
    assertEquals(LedgerFixture.hexMap(state), LedgerFixture.hexMap(f.peer.snapshotState()));
    assertEquals(priv.keySet(), f.peer.snapshotPrivate().keySet());
    priv.forEach((c, m) -> assertEquals(LedgerFixture.hexMap(m), LedgerFixture.hexMap(f.peer.snapshotPrivate().get(c))));
  }

  private boolean keySet() {
    return f.peer.snapshotState().keySet().stream().anyMatch(k -> k.contains("lethe.config.committee"));
  }

  @Test
  void oneOrgAloneCannotSetTheCommitteeKey() {
    // clients of a committee org, and admins of other orgs, may not even propose
    refusedUnchanged(ErrorCode.ACCESS_DENIED,
        () -> as(Orgs.COMMITTEE1, "client1", "client", ctx -> gov.propose(ctx, "p", Json.string(setKey(3)))));
    refusedUnchanged(ErrorCode.ACCESS_DENIED,
        () -> as(Orgs.USERS, "admin", "admin", ctx -> gov.propose(ctx, "p", Json.string(setKey(3)))));
    refusedUnchanged(ErrorCode.ACCESS_DENIED,
        () -> as(Orgs.AUDITOR, "admin", "admin", ctx -> gov.propose(ctx, "p", Json.string(setKey(3)))));
    JsonNode p = propose(Orgs.COMMITTEE1, "p", setKey(3));
    assertEquals("OPEN", p.get("status").asText());
    assertEquals(Governance.REQUIRED_APPROVALS, p.get("required").asInt());
    assertTrue(!keySet(), "a proposal alone must not set the key");
    String hash = p.get("actionHash").asText();
    // the same org again, even through a second admin certificate: still one approval
    refusedUnchanged(ErrorCode.ALREADY_EXISTS, () -> approve(Orgs.COMMITTEE1, "admin", "p", hash));
    refusedUnchanged(ErrorCode.ALREADY_EXISTS, () -> approve(Orgs.COMMITTEE1, "second-admin", "p", hash));
    // a committee client of another org is not an admin
    refusedUnchanged(ErrorCode.ACCESS_DENIED,
        () -> as(Orgs.COMMITTEE2, "client2", "client", ctx -> gov.approve(ctx, "p", hash)));
    // approving something other than what was reviewed
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> approve(Orgs.COMMITTEE2, "admin", "p", "00".repeat(32)));
    assertTrue(!keySet());
    JsonNode done = approve(Orgs.COMMITTEE2, "admin", "p", hash);
    assertEquals("EXECUTED", done.get("status").asText());
    assertTrue(keySet());
    JsonNode cfg = LedgerFixture.json(f.query(Orgs.USERS, f.live::GetCommittee));
    assertEquals(3, cfg.get("threshold").asInt());
    assertEquals("Committee1MSP,Committee2MSP", cfg.get("keys").get(0).get("setBy").asText());
    // executed at most once
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> approve(Orgs.COMMITTEE3, "admin", "p", hash));
  }

  /** The takeover: one org picks a threshold of 1, then redacts alone. */
  @Test
  void aRedactionThresholdBelowAMajorityIsRefused() {
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> propose(Orgs.COMMITTEE1, "weak", setKey(1)));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> propose(Orgs.COMMITTEE1, "weak", setKey(4)));
  }

  @Test
  void rotationByOneOrgChangesNothing() {
    f.setKey();
    var before = f.peer.snapshotState();
    Action rotate = new Action("rotate-committee-key", LedgerFixture.unkeyed().publicKeyHex(), null, "takeover",
        null, null, null, null, null);
    propose(Orgs.COMMITTEE1, "rot", rotate);
    JsonNode cfg = LedgerFixture.json(f.query(Orgs.USERS, f.live::GetCommittee));
    assertEquals(1, cfg.get("keys").size());
    assertEquals(LedgerFixture.hexMap(before).entrySet().stream().filter(e -> e.getKey().contains("config")).toList(),
        LedgerFixture.hexMap(f.peer.snapshotState()).entrySet().stream().filter(e -> e.getKey().contains("config")).toList());
  }

  @Test
  void malformedActionsAreRefusedAtProposal() {
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> as(Orgs.COMMITTEE1, "admin", "admin", ctx -> gov.propose(ctx, "x", "{not json")));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> as(Orgs.COMMITTEE1, "admin", "admin", ctx -> gov.propose(ctx, "x", "{\"kind\":\"drop-table\"}")));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> propose(Orgs.COMMITTEE1, "x",
        new Action("set-parameter", f.publicKeyHex(), null, null, null, null, "k", "v", null)));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> propose(Orgs.COMMITTEE1, "x",
        new Action("set-committee-key", "zz", 3, null, null, null, null, null, null)));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> propose(Orgs.COMMITTEE1, "bad id!", setKey(3)));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> as(Orgs.COMMITTEE1, "admin", "admin",
        ctx -> gov.propose(ctx, "big", "{\"kind\":\"set-parameter\",\"parameter\":\"k\",\"value\":\""
            + "v".repeat(GovernanceContract.MAX_ACTION_BYTES) + "\"}")));
    refusedUnchanged(ErrorCode.NOT_FOUND, () -> approve(Orgs.COMMITTEE2, "admin", "nope", "00".repeat(32)));
  }

  @Test
  void verifyingKeysAndParametersTakeEffectOnlyWhenApproved() throws Exception {
    String vk = Base64.getEncoder().encodeToString(GnarkProofFixtures.load("obs-n100-b64-p2").vk());
    Action register = new Action("register-verifying-key", null, null, null, "obs-n100", vk, null, null, null);
    JsonNode p = propose(Orgs.COMMITTEE3, "vk", register);
    ZkContract zk = new ZkContract();
    refusedUnchanged(ErrorCode.NOT_FOUND, () -> f.query(Orgs.AUDITOR, ctx -> zk.verifyingKeyHash(ctx, "obs-n100")));
    JsonNode done = approve(Orgs.COMMITTEE1, "admin", "vk", p.get("actionHash").asText());
    assertEquals(done.get("result").asText(), f.query(Orgs.AUDITOR, ctx -> zk.verifyingKeyHash(ctx, "obs-n100")));

    Action param = new Action("set-parameter", null, null, null, null, null, "alpha", "0.5", null);
    JsonNode q = propose(Orgs.COMMITTEE2, "alpha", param);
    SystemContract system = new SystemContract();
    refusedUnchanged(ErrorCode.NOT_FOUND, () -> f.query(Orgs.USERS, ctx -> system.getParameter(ctx, "alpha").getValue()));
    JsonNode set = approve(Orgs.COMMITTEE3, "admin", "alpha", q.get("actionHash").asText());
    JsonNode result = LedgerFixture.json(set.get("result").asText());
    assertEquals("0.5", result.get("value").asText());
    assertEquals("Committee2MSP,Committee3MSP", result.get("setBy").asText());
    assertEquals("0.5", f.query(Orgs.USERS, ctx -> system.getParameter(ctx, "alpha").getValue()));
  }

  @Test
  void proposalsAreReadable() {
    JsonNode p = propose(Orgs.COMMITTEE1, "p", setKey(2));
    JsonNode read = LedgerFixture.json(f.query(Orgs.USERS, ctx -> gov.getProposal(ctx, "p")));
    assertEquals(p, read);
    assertEquals(List.of("Committee1MSP"), List.of(read.get("approvals").get(0).get("msp").asText()));
    assertEquals(GovernanceContract.actionHash(setKey(2)), read.get("actionHash").asText());
  }
}
