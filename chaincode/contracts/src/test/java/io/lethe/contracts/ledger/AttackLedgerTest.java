package io.lethe.contracts.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Orgs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Security review attacks on the live and archive ledgers (branch attack). */
class AttackLedgerTest {
  private LedgerFixture f;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    f.setKey();
    f.publish("user1", f.model("a", List.of()));
  }

  private static ChaincodeException refused(ErrorCode code, Executable call) {
    // anything that is not a ChaincodeException with an ErrorCode reaches clients as "Unsuccessful response"
    ChaincodeException e = assertThrows(ChaincodeException.class, call);
    assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
    return e;
  }

  /** Ids that Fabric's composite keys refuse (U+0000, U+10FFFF) must be refused with an error code, not a crash. */
  @Test
  void idsThatCannotBeCompositeKeysAreRefusedWithAnErrorCode() {
    for (String bad : List.of("a\u0000b", "\u0000", "x\uDBFF\uDFFF")) {
      refused(ErrorCode.INVALID_ARGUMENT, () -> f.query(Orgs.USERS, ctx -> f.live.GetModel(ctx, bad)));
      refused(ErrorCode.INVALID_ARGUMENT, () -> f.query(Orgs.USERS, ctx -> f.live.GetRequest(ctx, bad)));
      refused(ErrorCode.INVALID_ARGUMENT, () -> f.query(Orgs.USERS, ctx -> f.live.Children(ctx, bad)));
      refused(ErrorCode.INVALID_ARGUMENT, () -> f.query(Orgs.USERS, ctx -> f.live.GetPayloadVersion(ctx, bad, 0)));
      refused(ErrorCode.INVALID_ARGUMENT, () -> f.query(Orgs.AUDITOR, ctx -> f.archive.History(ctx, bad)));
    }
  }

  /** A malformed forget spec must not be echoed back: errors end up in peer logs and SDK traces. */
  @Test
  void aRefusedForgetSpecIsNotEchoedInTheError() {
    for (String forget : List.of("classes:3,7,12", "classes:3,7,3", "secret-samples:user8", "classes:3,\u0001" + "7",
        "samples:" + "s".repeat(2000))) {
      ChaincodeException e = refused(ErrorCode.INVALID_ARGUMENT, () -> f.openRequest("user1",
          LedgerFixture.requestJson("r1", List.of("a"), forget, "gradient-ascent", "parallel")));
      String shown = forget.length() > 40 ? forget.substring(0, 40) : forget;
      assertFalse(e.getMessage().contains(shown), "error leaks the forget spec: " + e.getMessage());
      assertFalse(e.getMessage().contains("3,7") || e.getMessage().contains("user8"),
          "error leaks part of the forget spec: " + e.getMessage());
    }
  }

  /**
   * test-network-scripts/attack/verify_export_attacks.py: malformed and forged exports (non-u64
   * integers, deep JSON, a block sealed under a retired key after a newer one, reordered or
   * repeated key epochs, a tx hashed under another key than its block) must be INVALID, exit 1.
   */
  @Test
  void theOfflineVerifierRefusesMalformedAndForgedExports() throws Exception {
    Path script = Path.of("..", "..", "test-network-scripts", "attack", "verify_export_attacks.py");
    org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0);
    Process p = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    org.junit.jupiter.api.Assertions.assertTrue(Files.isRegularFile(script));
  }

  /**
   * A peer whose state was tampered with (a key index naming no committee key, a digest that is
   * not hex) must get a VerifyChain report saying so, not an unchecked exception.
   */
  @Test
  void verifyChainReportsATamperedKeyIndexOrMalformedHexInsteadOfCrashing() {
    io.lethe.ledger.Records.LiveTransaction t = f.tx("a");
    for (int which = 0; which < 3; which++) {
      var tx = f.peer.proposal(Orgs.COMMITTEE1, "mallory", Orgs.COMMITTEE1);
      LedgerState keys = new LedgerState(tx);
      io.lethe.ledger.Records.LiveBlock b = f.block(0);
      switch (which) {
        case 0 -> tx.putState(keys.txKey("a"), io.lethe.ledger.Json.bytes(new io.lethe.ledger.Records.LiveTransaction(
            t.id(), t.owner(), t.block(), t.index(), t.c(), t.r(), t.s(), t.version(), t.refs(), 7, t.payloadHash(),
            t.publishedIn(), t.writtenIn(), t.lastRequestId())));
        case 1 -> tx.putState(keys.blockKey(0), io.lethe.ledger.Json.bytes(new io.lethe.ledger.Records.LiveBlock(
            b.height(), b.parentHash(), b.merkleRoot(), b.timestamp(), b.version(), b.chCurr(), b.rCurrR(), b.rCurrS(),
            -1, b.txIds(), b.fabricTxId())));
        default -> tx.putState(keys.txKey("a"), io.lethe.ledger.Json.bytes(new io.lethe.ledger.Records.LiveTransaction(
            t.id(), t.owner(), t.block(), t.index(), "zz" + t.c().substring(2), t.r(), t.s(), t.version(), t.refs(),
            t.keyIndex(), t.payloadHash(), t.publishedIn(), t.writtenIn(), t.lastRequestId())));
      }
      tx.commit(Orgs.COMMITTEE);
      com.fasterxml.jackson.databind.JsonNode v = LedgerFixture.json(f.query(Orgs.USERS, f.live::VerifyChain));
      org.junit.jupiter.api.Assertions.assertFalse(v.get("valid").asBoolean(), v.toString());
      // restore
      var fix = f.peer.proposal(Orgs.COMMITTEE1, "mallory", Orgs.COMMITTEE1);
      fix.putState(keys.txKey("a"), io.lethe.ledger.Json.bytes(t));
      fix.putState(keys.blockKey(0), io.lethe.ledger.Json.bytes(b));
      fix.commit(Orgs.COMMITTEE);
      org.junit.jupiter.api.Assertions.assertTrue(
          LedgerFixture.json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
    }
  }

  /** The same for the archive: a stored archive block whose prevHash or an entry is not hex. */
  @Test
  void verifyArchiveReportsMalformedStoredBlocksInsteadOfCrashing() {
    f.openRequest("user1", LedgerFixture.requestJson("r1", List.of("a"), "classes:3", "gradient-ascent", "parallel"));
    f.committee(java.util.Map.of(io.lethe.ledger.TransientFields.REDACTION,
        io.lethe.ledger.Json.string(f.redaction("r1", List.of("a"), "t1", false))), f.live::RedactBatch);
    org.junit.jupiter.api.Assertions.assertTrue(
        LedgerFixture.json(f.query(Orgs.AUDITOR, f.archive::VerifyArchive)).get("valid").asBoolean());
    var tx = f.peer.proposal(Orgs.AUDITOR, "mallory", Orgs.AUDITOR);
    LedgerState keys = new LedgerState(tx);
    io.lethe.ledger.Records.ArchiveBlock b = keys.archiveBlock(0);
    var e = b.entries().get(0);
    var bad = new io.lethe.ledger.Records.ArchiveEntry(e.txId(), e.version(), e.payloadRequestId(), e.modelUri(),
        "not-hex", e.r(), e.s(), e.requestId(), e.fabricTxId(), e.time());
    tx.putPrivateData(LedgerState.ARCHIVE_COLLECTION, keys.archiveBlockKey(0), io.lethe.ledger.Json.bytes(
        new io.lethe.ledger.Records.ArchiveBlock(b.height(), b.prevHash(), b.hash(), b.timestamp(), List.of(bad),
            b.fabricTxId())));
    tx.commit(List.of(Orgs.AUDITOR));
    com.fasterxml.jackson.databind.JsonNode v = LedgerFixture.json(f.query(Orgs.AUDITOR, f.archive::VerifyArchive));
    org.junit.jupiter.api.Assertions.assertFalse(v.get("valid").asBoolean(), v.toString());
  }

  /**
   * Any FL user may reference anyone's model. A stranger who hangs a chain deeper than the depth
   * cap under a victim's model would make the victim's cascade unopenable, so the ledger bounds
   * depth at publication: the too-deep model is refused and changes nothing, and the victim's
   * request opens.
   */
  @Test
  void aStrangerCannotBlockAnOwnersRequestWithADeepChain() {
    f.publish("victim", f.model("v", List.of()));
    java.util.List<io.lethe.ledger.Inputs.NewModel> chain = new java.util.ArrayList<>();
    String prev = "v";
    for (int d = 1; d <= io.lethe.ledger.Dag.MAX_DEPTH; d++) {
      chain.add(f.model("m" + d, List.of(prev)));
      prev = "m" + d;
    }
    f.publish("stranger", chain.toArray(io.lethe.ledger.Inputs.NewModel[]::new));
    String deepest = prev;
    var state = f.peer.snapshotState();
    ChaincodeException e = refused(ErrorCode.INVALID_ARGUMENT,
        () -> f.publish("stranger", f.model("too-deep", List.of(deepest))));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("at most " + io.lethe.ledger.Dag.MAX_DEPTH),
        e.getMessage());
    assertEquals(LedgerFixture.hexMap(state), LedgerFixture.hexMap(f.peer.snapshotState()));
    f.openRequest("victim", LedgerFixture.requestJson("rv", List.of("v"), "classes:3", "gradient-ascent", "parallel"));
  }

  /**
   * A stranger can still grow a victim's cascade wide (every publish is signed and attributable).
   * The refusal names the governance parameter, and two committee admins raising it let the
   * request open; one org alone cannot, and an out-of-range cap is refused when proposed.
   */
  @Test
  void aWideCascadeOpensOnceGovernanceRaisesTheCap() {
    f.publish("victim", f.model("v", List.of()));
    int children = io.lethe.ledger.Dag.MAX_CASCADE;
    for (int batch = 0; batch < children; batch += 256) {
      java.util.List<io.lethe.ledger.Inputs.NewModel> wide = new java.util.ArrayList<>();
      for (int i = batch; i < batch + 256; i++) {
        wide.add(f.model("w" + i, List.of("v")));
      }
      f.publish("stranger", wide.toArray(io.lethe.ledger.Inputs.NewModel[]::new));
    }
    String request = LedgerFixture.requestJson("rv", List.of("v"), "classes:3", "gradient-ascent", "parallel");
    ChaincodeException e = refused(ErrorCode.FAILED_PRECONDITION, () -> f.openRequest("victim", request));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(io.lethe.ledger.Dag.CASCADE_CAP_PARAMETER),
        e.getMessage());

    var outOfRange = new io.lethe.ledger.Governance.Action("set-parameter", null, null, null, null, null,
        io.lethe.ledger.Dag.CASCADE_CAP_PARAMETER, Integer.toString(io.lethe.ledger.Dag.HARD_MAX_CASCADE + 1), null);
    refused(ErrorCode.INVALID_ARGUMENT, () -> f.admin(Orgs.COMMITTEE1,
        ctx -> f.governance.propose(ctx, "cap-too-high", io.lethe.ledger.Json.string(outOfRange))));
    var raise = new io.lethe.ledger.Governance.Action("set-parameter", null, null, null, null, null,
        io.lethe.ledger.Dag.CASCADE_CAP_PARAMETER, "2048", null);
    f.admin(Orgs.COMMITTEE1, ctx -> f.governance.propose(ctx, "cap", io.lethe.ledger.Json.string(raise)));
    refused(ErrorCode.FAILED_PRECONDITION, () -> f.openRequest("victim", request));
    f.govern("cap-approved", raise);
    var opened = LedgerFixture.json(f.openRequest("victim", request));
    assertEquals(children + 1, opened.get("cascade").size());
  }
}
