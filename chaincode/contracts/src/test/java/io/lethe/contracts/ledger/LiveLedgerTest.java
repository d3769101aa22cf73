package io.lethe.contracts.ledger;

import static io.lethe.contracts.ledger.LedgerFixture.ids;
import static io.lethe.contracts.ledger.LedgerFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.contracts.testing.InMemoryPeer;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.TransientFields;
import io.lethe.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LiveLedgerTest {
  private static final HexFormat HEX = HexFormat.of();
  private LedgerFixture f;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    f.setKey();
  }

  /** a, b (user1) ← c (user2: a) ; d (user3: a, b) ← e (user4: c, d) ; f (user5: b). */
  private void publishSmallDag() {
    f.publish("user1", f.model("a", List.of()), f.model("b", List.of()));
    f.publish("user2", f.model("c", List.of("a")));
    f.publish("user3", f.model("d", List.of("a", "b")));
    f.publish("user4", f.model("e", List.of("c", "d")));
    f.publish("user5", f.model("f", List.of("b")));
  }

  private static void refused(ErrorCode code, Executable call) {
    ChaincodeException e = assertThrows(ChaincodeException.class, call);
    assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
  }

  /** Asserts the call is refused with the code and leaves public and private state untouched. */
  private void refusedUnchanged(ErrorCode code, Executable call) {
    var state = f.peer.snapshotState();
    var priv = f.peer.snapshotPrivate();
    refused(code, call);
    assertStateEquals(state, f.peer.snapshotState());
    assertEquals(priv.keySet(), f.peer.snapshotPrivate().keySet());
    priv.forEach((c, m) -> assertStateEquals(m, f.peer.snapshotPrivate().get(c)));
  }

  private static void assertStateEquals(Map<String, byte[]> a, Map<String, byte[]> b) {
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
  }

  @Test
  void publishSealsLinkedBlocksAndVerifies() {
    publishSmallDag();
    LiveBlock b0 = f.block(0);
    LiveBlock b1 = f.block(1);
    assertEquals(List.of("a", "b"), b0.txIds());
    assertEquals("00".repeat(32), b0.parentHash());
    assertEquals(HEX.formatHex(CanonicalBytes.sha256(HEX.parseHex(b0.chCurr()))), b1.parentHash());
    assertEquals(
        HEX.formatHex(MerkleTree.root(List.of(HEX.parseHex(f.tx("a").c()), HEX.parseHex(f.tx("b").c())))),
        b0.merkleRoot());
    assertTrue(b1.timestamp() > b0.timestamp(), "timestamps come from the transactions");
    LiveTransaction c = f.tx("c");
    assertEquals("UsersMSP::x509::O=UsersMSP, OU=client, CN=user2::O=UsersMSP, OU=client, CN=user2", c.owner());
    assertEquals(List.of("a"), c.refs());
    // payload is private: not in public state, present in the live collection
    assertFalse(new String(f.peer.committedState(new LedgerState(f.peer.proposal("x", "x", "x")).txKey("c")))
        .contains("bafy-c"));
    JsonNode report = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertTrue(report.get("valid").asBoolean(), report.toString());
    assertEquals(5, report.get("blocks").asLong());
    assertEquals(6, report.get("transactions").asLong());
    JsonNode model = json(f.query(Orgs.USERS, ctx -> f.live.GetModel(ctx, "e")));
    assertEquals("bafy-e", model.get("payload").get("modelUri").asText());
  }

  @Test
  void exportCarriesEverythingAnOutsideVerifierNeeds() {
    publishSmallDag();
    JsonNode exp = json(f.query(Orgs.AUDITOR, f.live::ExportLive));
    assertEquals("lethe", exp.get("channel").asText());
    assertEquals(f.pk.toHex(), exp.get("chPublicKey").asText());
    JsonNode b = exp.get("blocks").get(2);
    for (String field : List.of("height", "parentHash", "merkleRoot", "timestamp", "version", "chCurr")) {
      assertTrue(b.has(field), field);
    }
    assertEquals(66, b.get("rCurr").get("R").asText().length());
    JsonNode t = b.get("transactions").get(0);
    assertEquals("d", t.get("txId").asText());
    assertEquals("bafy-d", t.get("modelUri").asText());
    assertEquals("[\"a\",\"b\"]", t.get("refs").toString());
    for (String field : List.of("owner", "zkDigest", "C", "R", "s", "version")) {
      assertTrue(t.has(field), field);
    }
  }

  @Test
  void malformedDuplicateDanglingOrForgedPublishesAreRefusedAndWriteNothing() {
    f.publish("user1", f.model("a", List.of()));
    refusedUnchanged(ErrorCode.ALREADY_EXISTS, () -> f.publish("user2", f.model("a", List.of())));
    refusedUnchanged(ErrorCode.NOT_FOUND, () -> f.publish("user2", f.model("x", List.of("nope"))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.publish("user2", f.model("x", List.of("a", "a"))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.publish("user2", f.model("bad id!", List.of())));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.publish("user2", f.model("x", List.of("x"))));
    // a batch whose second model duplicates the first
    refusedUnchanged(ErrorCode.ALREADY_EXISTS, () -> f.publish("user2", f.model("y", List.of()), f.model("y", List.of())));
    // digest computed over another payload
    NewModel good = f.model("z", List.of("a"));
    NewModel forged = new NewModel("z", "bafy-other", good.zkDigest(), good.refs(), good.c(), good.r(), good.s());
    refusedUnchanged(ErrorCode.VERIFICATION_FAILED, () -> f.publish("user2", forged));
    NewModel badHex = new NewModel("z", "u", "zz", List.of(), good.c(), good.r(), good.s());
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.publish("user2", badHex));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> f.user("user2", Map.of(TransientFields.PUBLISH, "{not json"), f.live::Publish));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.user("user2", Map.of(), f.live::Publish));
    // refs inside the same batch are fine (they name earlier entries)
    f.publish("user2", f.model("p", List.of("a")), f.model("q", List.of("p")));
    assertEquals(List.of("p"), f.tx("q").refs());
  }

  @Test
  void descendantsCarryPathCountsAndBlockfulDiscounts() {
    publishSmallDag();
    JsonNode fromA = json(f.query(Orgs.USERS, ctx -> f.live.Descendants(ctx, "a", 1)));
    assertEquals(List.of("a", "c", "d", "e"), idsOf(fromA));
    assertDescendant(fromA, "c", 1, 1, 1.0);
    assertDescendant(fromA, "d", 1, 1, 0.5);
    assertDescendant(fromA, "e", 2, 2, 0.75);
    JsonNode fromAb = json(f.query(Orgs.USERS, ctx -> f.live.Descendants(ctx, "a,b", 1)));
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), idsOf(fromAb));
    assertDescendant(fromAb, "d", 1, 2, 1.0);
    assertDescendant(fromAb, "e", 2, 3, 1.0);
    JsonNode squared = json(f.query(Orgs.USERS, ctx -> f.live.Descendants(ctx, "a", 2)));
    assertDescendant(squared, "d", 1, 1, 0.25);
    assertDescendant(squared, "e", 2, 2, 0.3125);
  }

  private static List<String> idsOf(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  private static void assertDescendant(JsonNode arr, String id, int depth, long paths, double discount) {
    for (JsonNode n : arr) {
      if (n.get("id").asText().equals(id)) {
        assertEquals(depth, n.get("depth").asInt(), id + " depth");
        assertEquals(paths, n.get("paths").asLong(), id + " paths");
        String[] frac = n.get("discount").asText().split("/");
        assertEquals(discount, Double.parseDouble(frac[0]) / Double.parseDouble(frac[1]), 1e-12, id + " discount");
        return;
      }
    }
    throw new AssertionError(id + " not reached");
  }

  private String openRequest(String user, String id, String... starts) {
    return f.openRequest(user, LedgerFixture.requestJson(id, List.of(starts), "classes:3,7", "gradient-ascent", "parallel"));
  }

  @Test
  void requestsNeedOwnedStartingModelsAndFixTheCascade() {
    publishSmallDag();
    refusedUnchanged(ErrorCode.ACCESS_DENIED, () -> openRequest("user2", "r0", "a"));
    refusedUnchanged(ErrorCode.NOT_FOUND, () -> openRequest("user1", "r0", "zz"));
    JsonNode req = json(openRequest("user1", "r1", "a"));
    assertEquals("OPEN", req.get("status").asText());
    assertEquals("[\"a\",\"c\",\"d\",\"e\"]", req.get("cascade").toString());
    refusedUnchanged(ErrorCode.ALREADY_EXISTS, () -> openRequest("user1", "r1", "a"));
  }

  private String openRequestFor(String user, String id, String forget, String method, String paradigm, String start) {
    return f.openRequest(user, LedgerFixture.requestJson(id, List.of(start), forget, method, paradigm));
  }

  @Test
  void requestsWithAMethodOfAnotherParadigmOrAMalformedForgetSpecAreRefused() {
    publishSmallDag();
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> openRequestFor("user1", "r0", "classes:3", "gradient-ascent", "sequential", "a"));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> openRequestFor("user1", "r0", "classes:3", "retrain", "zero-shot", "a"));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> openRequestFor("user1", "r0", "classes:3", "ga", "parallel", "a"));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> openRequestFor("user1", "r0", "5,7", "retrain", "sequential", "a"));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> openRequestFor("user1", "r0", "classes:5,12", "retrain", "sequential", "a"));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> openRequestFor("user1", "r0", "samples:", "retrain", "sequential", "a"));
    JsonNode req = json(openRequestFor("user1", "r0", "classes:7,5", "obs", "zero-shot", "a"));
    assertEquals("classes:5,7", json(f.query(Orgs.USERS, "user1", ctx -> f.live.GetForget(ctx, "r0"))).get("forget").asText(),
        "the canonical forget spec is stored");
    assertEquals(HEX.formatHex(CanonicalBytes.forgetCommitment(HEX.parseHex(LedgerFixture.SALT), "classes:5,7")),
        req.get("forgetCommitment").asText());
  }

  @Test
  void aBatchRedactionReadsEachPublicKeyOnce() {
    publishSmallDag();
    openRequest("user1", "r1", "a", "b");
    Redaction r = f.redaction("r1", ids("a", "b", "c", "d"), "v1", false);
    f.peer.resetReads();
    f.committee(Map.of(TransientFields.REDACTION, Json.string(r)), f.live::RedactBatch);
    Map<String, Integer> reads = f.peer.stateReads();
    assertTrue(reads.size() > 10, "the redaction read its records: " + reads);
    reads.forEach((key, n) -> assertEquals(1, n, "public key read " + n + " times (one round trip to the peer each): " + key));
  }

  @Test
  void batchRedactionRewritesArchivesPurgesAndKeepsTheChainValid() {
    publishSmallDag();
    openRequest("user1", "r1", "a", "b");
    LiveBlock b0 = f.block(0);
    LiveTransaction d0 = f.tx("d");
    LedgerState keys = new LedgerState(f.peer.proposal("x", "x", "x"));
    byte[] oldPayloadHash = f.peer.committedPrivateHash(LedgerState.LIVE_COLLECTION, "unused");
    assertNull(oldPayloadHash);
    Redaction r = f.redaction("r1", ids("a", "b", "c", "d"), "v1", false);
    JsonNode result = json(f.committee(Map.of(TransientFields.REDACTION, Json.string(r)), f.live::RedactBatch));
    assertEquals("[0,1,2]", result.get("blocks").toString());
    assertEquals("OPEN", result.get("requestStatus").asText(), "e and f are still to do");

    LiveBlock b0after = f.block(0);
    assertEquals(b0.chCurr(), b0after.chCurr(), "header digest unchanged");
    assertEquals(b0.merkleRoot(), b0after.merkleRoot());
    assertEquals(1, b0after.version());
    assertNotEquals(b0.rCurrR(), b0after.rCurrR());
    LiveTransaction d1 = f.tx("d");
    assertEquals(d0.c(), d1.c());
    assertEquals(1, d1.version());
    // purge: the superseded payload is gone, the new one present
    assertNull(f.peer.committedPrivate(LedgerState.LIVE_COLLECTION, keys.payloadKey("d", 0)));
    assertNotNull(f.peer.committedPrivate(LedgerState.LIVE_COLLECTION, keys.payloadKey("d", 1)));
    JsonNode v0 = json(f.query(Orgs.COMMITTEE2, ctx -> f.live.GetPayloadVersion(ctx, "d", 0)));
    assertFalse(v0.get("present").asBoolean());
    assertFalse(v0.has("privateHash"), "purge removes the private hash from state too");
    JsonNode v1 = json(f.query(Orgs.COMMITTEE2, ctx -> f.live.GetPayloadVersion(ctx, "d", 1)));
    assertEquals(d1.payloadHash(), HEX.formatHex(CanonicalBytes.sha256(CanonicalBytes.payload(1, d1.lastRequestId(),
        v1.get("payload").get("modelUri").asText(), HEX.parseHex(v1.get("payload").get("zkDigest").asText()), List.of("a", "b")))));
    // archive holds exactly the superseded versions
    JsonNode arch = json(f.query(Orgs.AUDITOR, f.archive::ExportArchive)).get("blocks");
    assertEquals(1, arch.size());
    JsonNode entries = arch.get(0).get("entries");
    assertEquals(4, entries.size());
    JsonNode dEntry = entries.get(3);
    assertEquals("d", dEntry.get("txId").asText());
    assertEquals(0, dEntry.get("version").asLong());
    assertEquals("bafy-d", dEntry.get("modelUri").asText());
    assertEquals(HEX.formatHex(LedgerFixture.zk("d")), dEntry.get("zkDigest").asText());
    assertEquals("r1", dEntry.get("requestId").asText());
    assertEquals(d0.publishedIn(), dEntry.get("fabricTxId").asText());
    // the public request keeps the superseded payload's hash
    JsonNode req = json(f.query(Orgs.USERS, ctx -> f.live.GetRequest(ctx, "r1")));
    assertEquals(d0.payloadHash(), req.get("changes").get(3).get("fromPayloadHash").asText());

    assertTrue(json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
    assertTrue(json(f.query(Orgs.AUDITOR, f.archive::VerifyArchive)).get("valid").asBoolean());
    assertEquals("bafy-d-v1", json(f.query(Orgs.USERS, ctx -> f.live.GetModel(ctx, "d"))).get("payload").get("modelUri").asText());

    // the rest of the cascade one by one (sequential), which completes and closes the request
    Redaction e = f.redaction("r1", ids("e"), "v1", false);
    f.committee(Map.of(TransientFields.REDACTION, Json.string(e)), f.live::RedactOne);
    Redaction fr = f.redaction("r1", ids("f"), "v1", false);
    JsonNode last = json(f.committee(Map.of(TransientFields.REDACTION, Json.string(fr)), f.live::RedactOne));
    assertEquals("CLOSED", last.get("requestStatus").asText());
    // a second redaction of d (new request) archives version 1 and the chain stays valid
    openRequest("user3", "r2", "d");
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.committee(
        Map.of(TransientFields.REDACTION, Json.string(f.redaction("r2", ids("d"), "v2", true))), f.live::RedactOne));
    Redaction again = f.redaction("r2", ids("d"), "v2", false);
    f.committee(Map.of(TransientFields.REDACTION, Json.string(again)), f.live::RedactOne);
    assertEquals(2, f.tx("d").version());
    JsonNode history = json(f.query(Orgs.AUDITOR, ctx -> f.archive.History(ctx, "d")));
    assertEquals(2, history.get("archived").size());
    assertEquals("bafy-d-v1", history.get("archived").get(1).get("modelUri").asText());
    assertTrue(json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
    assertTrue(json(f.query(Orgs.AUDITOR, f.archive::VerifyArchive)).get("valid").asBoolean());

    // rollback: under a later request, put d's forgotten version-0 content back live, once with
    // the public version-0 opening (R0, s0) and once even with a fresh committee collision
    openRequest("user3", "r3", "d");
    Redaction fresh = f.redaction("r3", ids("d"), "v3", false);
    Rewrite v0Content = new Rewrite("d", "bafy-d", HEX.formatHex(LedgerFixture.zk("d")), f.tx("d").refs(), d0.r(), d0.s());
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> f.committee(Map.of(TransientFields.REDACTION,
        Json.string(new Redaction("r3", List.of(v0Content), fresh.headers(), null))), f.live::RedactOne));
    Redaction collided = f.redactionTo("r3", "d", "bafy-d", LedgerFixture.zk("d"));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> f.committee(Map.of(TransientFields.REDACTION,
        Json.string(collided)), f.live::RedactOne));
    assertEquals(2, f.tx("d").version());
    assertEquals(4, json(f.query(Orgs.AUDITOR, f.archive::GetArchiveHead)).get("blocks").asLong());
  }

  @Test
  void forgedOrIllegitimateRedactionsAreRefusedAndChangeNothing() {
    publishSmallDag();
    openRequest("user1", "r1", "a");
    Redaction good = f.redaction("r1", ids("a", "c"), "v1", false);
    Map<String, String> t = Map.of(TransientFields.REDACTION, Json.string(good));

    // a user (non-committee) redaction
    refusedUnchanged(ErrorCode.ACCESS_DENIED, () -> f.user("user1", t, f.live::RedactBatch));
    // forged randomness for one transaction
    Rewrite a = good.rewrites().get(0);
    Rewrite forgedA = new Rewrite(a.id(), a.modelUri(), a.zkDigest(), a.refs(), good.rewrites().get(1).r(), a.s());
    refusedUnchanged(ErrorCode.VERIFICATION_FAILED, () -> redact(replace(good, 0, forgedA)));
    // payload changed after the collision was computed
    Rewrite swapped = new Rewrite(a.id(), "bafy-evil", a.zkDigest(), a.refs(), a.r(), a.s());
    refusedUnchanged(ErrorCode.VERIFICATION_FAILED, () -> redact(replace(good, 0, swapped)));
    // changed refs
    Rewrite c = good.rewrites().get(1);
    Rewrite reref = new Rewrite(c.id(), c.modelUri(), c.zkDigest(), List.of("b"), c.r(), c.s());
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> redact(replace(good, 1, reref)));
    // forged header randomness
    var h = good.headers().get(0);
    var badHeader = new Inputs.HeaderAdapt(h.height(), good.headers().get(1).r(), h.s());
    List<Inputs.HeaderAdapt> headers = new ArrayList<>(good.headers());
    headers.set(0, badHeader);
    refusedUnchanged(ErrorCode.VERIFICATION_FAILED,
        () -> redact(new Redaction(good.requestId(), good.rewrites(), headers, null)));
    // a header left out
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> redact(new Redaction(good.requestId(), good.rewrites(), good.headers().subList(0, 1), null)));
    // a model outside the request's cascade
    Redaction outside = f.redaction("r1", ids("f"), "v1", false);
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> redact(outside));
    // RedactOne with two models
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> f.committee(Map.of(TransientFields.REDACTION, Json.string(good)), f.live::RedactOne));
    // endorsed by one committee org only: key-level policy fails at commit
    var before = f.peer.snapshotState();
    assertThrows(InMemoryPeer.EndorsementPolicyFailure.class,
        () -> f.submit(Orgs.COMMITTEE1, "admin", t, List.of(Orgs.COMMITTEE1), f.live::RedactBatch));
    assertEquals(before.keySet(), f.peer.snapshotState().keySet());
    assertArrayEquals(before.get(new LedgerState(f.peer.proposal("x", "x", "x")).txKey("a")),
        f.peer.snapshotState().get(new LedgerState(f.peer.proposal("x", "x", "x")).txKey("a")));
    // closed request
    f.govern("close-r1", new Governance.Action("close-request", null, null, "cascade complete", null, null, null, null, "r1"));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> redact(good));
    assertTrue(json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
  }

  private String redact(Redaction r) {
    return f.committee(Map.of(TransientFields.REDACTION, Json.string(r)), f.live::RedactBatch);
  }

  private static Redaction replace(Redaction r, int i, Rewrite rw) {
    List<Rewrite> list = new ArrayList<>(r.rewrites());
    list.set(i, rw);
    return new Redaction(r.requestId(), list, r.headers(), r.close());
  }

  @Test
  void archiveIsRefusedToUsersAndReadableByAuditor() {
    publishSmallDag();
    refused(ErrorCode.ACCESS_DENIED, () -> f.query(Orgs.USERS, f.archive::ExportArchive));
    refused(ErrorCode.ACCESS_DENIED, () -> f.query(Orgs.USERS, ctx -> f.archive.History(ctx, "a")));
    assertEquals(0, json(f.query(Orgs.AUDITOR, f.archive::ExportArchive)).get("blocks").size());
  }

  @Test
  void committeeKeyIsSetOnceAndRotationNeedsTheCommittee() {
    refusedUnchanged(ErrorCode.ALREADY_EXISTS, f::setKey);
    f.publish("user1", f.model("a", List.of()));
    var next = io.lethe.chameleon.committee.Dealer.deal(2, 3, f.rnd).publicKey().groupKey();
    Governance.Action rotate = new Governance.Action("rotate-committee-key", next.toHex(), null, "scheduled rotation",
        null, null, null, null, null);
    JsonNode proposed = json(f.admin(Orgs.COMMITTEE2, ctx -> f.governance.propose(ctx, "rotate", Json.string(rotate))));
    // the approval is given, but endorsed by one committee peer only: the config key's policy fails at commit
    assertThrows(InMemoryPeer.EndorsementPolicyFailure.class,
        () -> f.submit(Orgs.COMMITTEE3, "admin", "admin", Map.of(), List.of(Orgs.COMMITTEE3),
            ctx -> f.governance.approve(ctx, "rotate", proposed.get("actionHash").asText())));
    JsonNode done = json(f.admin(Orgs.COMMITTEE3,
        ctx -> f.governance.approve(ctx, "rotate", proposed.get("actionHash").asText())));
    assertEquals("EXECUTED", done.get("status").asText());
    JsonNode cfg = json(f.query(Orgs.USERS, f.live::GetCommittee));
    assertEquals(2, cfg.get("keys").size());
    assertEquals("Committee2MSP,Committee3MSP", cfg.get("keys").get(1).get("setBy").asText());
    // one event per Fabric transaction: an executed proposal announces itself (with the new config as result)
    assertEquals(2, f.peer.log().stream().filter(c -> "lethe.governance-executed".equals(c.eventName())).count());
    // a model hashed under the old key still verifies; new publishes need the new key
    refusedUnchanged(ErrorCode.VERIFICATION_FAILED, () -> f.publish("user2", f.model("b", List.of("a"))));
    assertTrue(json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
  }

  /**
   * The issue's blocking attack: a 70-deep diamond of publishes under the victim's model made
   * the path count overflow and every later OpenRequest throw. Path counts and discounts are
   * exact now: the victim's request opens, with 2^69 paths (beyond a long) to the deepest model.
   */
  @Test
  void aDeepDiamondUnderAModelNeitherOverflowsNorBlocksItsOwner() {
    f.publish("victim", f.model("v", List.of()));
    List<String> level = List.of("v");
    for (int d = 1; d <= 70; d++) {
      NewModel left = f.model("l" + d, level);
      NewModel right = f.model("r" + d, level);
      f.publish("attacker", left, right);
      level = List.of("l" + d, "r" + d);
    }
    JsonNode req = json(f.openRequest("victim",
        LedgerFixture.requestJson("rv", List.of("v"), "classes:3", "gradient-ascent", "parallel")));
    assertEquals(141, req.get("cascade").size());
    JsonNode desc = json(f.query(Orgs.USERS, ctx -> f.live.Descendants(ctx, "v", 1)));
    JsonNode deepest = desc.get(desc.size() - 1);
    assertEquals(java.math.BigInteger.TWO.pow(69), deepest.get("paths").bigIntegerValue());
    assertEquals(70, deepest.get("depth").asInt());
    // every level averages two parents that each carry the whole change: the discount stays exactly 1
    assertEquals("1/1", deepest.get("discount").asText());
  }

  @Test
  void onlyFlUsersPublish() {
    String publish = f.publishJson(List.of(f.model("p", List.of())));
    for (String[] who : new String[][] {{Orgs.COMMITTEE1, "client"}, {Orgs.AUDITOR, "client"}, {Orgs.USERS, "admin"}}) {
      refusedUnchanged(ErrorCode.ACCESS_DENIED, () -> f.submit(who[0], "someone", who[1],
          Map.of(TransientFields.PUBLISH, publish), LedgerFixture.ALL_COMMITTEE, f.live::Publish));
    }
  }

  /** The issue's attack: a second certificate with the victim's common name, from another issuer. */
  @Test
  void aSecondCertificateWithTheSameNameIsAnotherOwner() {
    f.publish("user1", f.model("mine", List.of()));
    String req = LedgerFixture.requestJson("steal", List.of("mine"), "classes:3", "gradient-ascent", "parallel");
    refusedUnchanged(ErrorCode.ACCESS_DENIED, () -> f.submit(Orgs.USERS, "user1", "client", "rogue-ca",
        Map.of(TransientFields.REQUEST, req), LedgerFixture.ALL_COMMITTEE, f.live::OpenRequest));
    assertEquals("OPEN", json(f.openRequest("user1", req)).get("status").asText());
  }

  @Test
  void oversizedJsonIsRefusedBeforeParsing() {
    String huge = "{\"models\": [" + "{},".repeat(io.lethe.contracts.InputJson.MAX_BYTES / 3) + "{}]}";
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> f.user("user1", Map.of(TransientFields.PUBLISH, huge), f.live::Publish));
    String bigRequest = "{\"id\": \"" + "x".repeat(io.lethe.contracts.InputJson.MAX_BYTES) + "\"}";
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> f.openRequest("user1", bigRequest));
  }

  /** The forget specification never reaches public state; its owner and the committee read it, others do not. */
  @Test
  void theForgetSpecificationStaysPrivate() {
    f.publish("user1", f.model("own", List.of()));
    JsonNode req = json(f.openRequest("user1",
        LedgerFixture.requestJson("secret", List.of("own"), "classes:7,5", "gradient-ascent", "parallel")));
    assertEquals(HEX.formatHex(CanonicalBytes.forgetCommitment(HEX.parseHex(LedgerFixture.SALT), "classes:5,7")),
        req.get("forgetCommitment").asText());
    f.peer.snapshotState().forEach((k, v) ->
        assertFalse(new String(v, StandardCharsets.UTF_8).contains("classes:"), "public state leaks the spec at " + k));
    JsonNode mine = json(f.query(Orgs.USERS, "user1", ctx -> f.live.GetForget(ctx, "secret")));
    assertEquals("classes:5,7", mine.get("forget").asText());
    assertEquals("classes:5,7", json(f.query(Orgs.COMMITTEE2, ctx -> f.live.GetForget(ctx, "secret"))).get("forget").asText());
    refused(ErrorCode.ACCESS_DENIED, () -> f.query(Orgs.USERS, "user2", ctx -> f.live.GetForget(ctx, "secret")));
    refused(ErrorCode.ACCESS_DENIED, () -> f.query(Orgs.AUDITOR, ctx -> f.live.GetForget(ctx, "secret")));
    // a salt is required: without it ten classes are ten guesses away from the hash
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.openRequest("user1",
        Json.string(new Inputs.OpenRequest("nosalt", List.of("own"), "classes:1", "gradient-ascent", "parallel", null))));
  }

  @Test
  void aZkDigestIsAThirtyTwoByteScalar() {
    NewModel good = f.model("zk", List.of());
    for (String bad : new String[] {"00", "00".repeat(31), "00".repeat(33), "ff".repeat(32),
        "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"}) {
      NewModel forged = new NewModel("zk", good.modelUri(), bad, good.refs(), good.c(), good.r(), good.s());
      refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.publish("user1", forged));
    }
  }
}
