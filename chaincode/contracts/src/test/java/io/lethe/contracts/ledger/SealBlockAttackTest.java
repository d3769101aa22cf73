package io.lethe.contracts.ledger;

import static io.lethe.contracts.ledger.LedgerFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.PendingRef;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.TransientFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Publishing without a hot key (DESIGN §3): publishes stay pending until a committee sealer's
 * SealBlock takes the oldest ones in key order. Every forged seal or publish is refused with its
 * code and leaves every byte of the peer unchanged.
 */
class SealBlockAttackTest {
  private LedgerFixture f;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    f.setKey();
    f.publish("user1", f.model("root", List.of()));
  }

  private void refusedUnchanged(ErrorCode code, Executable call) {
    var all = f.peer.snapshotAll();
    ChaincodeException e = assertThrows(ChaincodeException.class, call);
    assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
    var after = f.peer.snapshotAll();
    assertEquals(all.keySet(), after.keySet());
    all.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
  }

  private String sealAs(String msp, String name, String arg) {
    return f.submit(msp, name, "client", Map.of(), LedgerFixture.ALL_COMMITTEE, ctx -> f.live.SealBlock(ctx, arg));
  }

  private String seal(List<PendingRef> refs) {
    return sealAs(Orgs.COMMITTEE1, "sealer", f.sealJson(refs));
  }

  private List<PendingRef> threePending() {
    f.publishPending("user2", f.model("p1", List.of("root")));
    f.publishPending("user3", f.model("p2", List.of()), f.model("p3", List.of("root")));
    f.publishPending("user4", f.model("p4", List.of()));
    List<PendingRef> refs = f.pendingRefs();
    assertEquals(3, refs.size());
    return refs;
  }

  @Test
  void publishWritesNoBlockAndTheSealerSealsInKeyOrder() {
    List<PendingRef> refs = threePending();
    JsonNode head = json(f.query(Orgs.USERS, f.live::GetHead));
    assertEquals(1, head.get("blocks").asInt(), "a publish seals nothing");
    // pending models are published: readable, in cascades, verified, exported
    JsonNode m = json(f.query(Orgs.USERS, ctx -> f.live.GetModel(ctx, "p3")));
    assertFalse(m.get("sealed").asBoolean());
    assertEquals(-1, m.get("transaction").get("block").asInt());
    JsonNode desc = json(f.query(Orgs.USERS, ctx -> f.live.Descendants(ctx, "root", 1)));
    List<String> ids = new ArrayList<>();
    desc.forEach(d -> ids.add(d.get("id").asText()));
    assertTrue(ids.containsAll(List.of("root", "p1", "p3")), ids.toString());
    JsonNode v = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertTrue(v.get("valid").asBoolean(), v.toString());
    assertEquals(4, v.get("pendingTransactions").asInt());
    assertEquals(3, json(f.query(Orgs.USERS, f.live::ExportLive)).get("pending").size());

    // a partial seal takes the oldest two; the next takes the rest
    JsonNode b1 = json(seal(refs.subList(0, 2)));
    assertEquals(List.of("p1", "p2", "p3"), strings(b1.get("txIds")));
    JsonNode b2 = json(seal(f.pendingRefs()));
    assertEquals(List.of("p4"), strings(b2.get("txIds")));
    assertEquals(1, f.tx("p3").block());
    assertEquals(2, f.tx("p3").index());
    assertEquals(2, f.tx("p4").block());
    JsonNode after = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertTrue(after.get("valid").asBoolean(), after.toString());
    assertEquals(0, after.get("pendingTransactions").asInt());
    assertEquals(5, after.get("transactions").asInt());
    assertTrue(json(f.query(Orgs.USERS, ctx -> f.live.GetModel(ctx, "p3"))).get("sealed").asBoolean());
  }

  @Test
  void onlyTheCommitteeSeals() {
    List<PendingRef> refs = threePending();
    String arg = f.sealJson(refs);
    refusedUnchanged(ErrorCode.ACCESS_DENIED, () -> sealAs(Orgs.USERS, "user2", arg));
    refusedUnchanged(ErrorCode.ACCESS_DENIED, () -> sealAs(Orgs.AUDITOR, "auditor", arg));
  }

  @Test
  void aForgedOrderIsRefused() {
    List<PendingRef> refs = threePending();
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> seal(List.of(refs.get(1), refs.get(0), refs.get(2))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> seal(List.of(refs.get(0), refs.get(0))));
  }

  @Test
  void aSkippedPendingPublishIsRefused() {
    List<PendingRef> refs = threePending();
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> seal(List.of(refs.get(0), refs.get(2))));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> seal(List.of(refs.get(1))));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> seal(List.of(refs.get(2))));
  }

  @Test
  void anInjectedPublishIsRefused() {
    List<PendingRef> refs = threePending();
    PendingRef first = refs.get(0);
    // never published
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> seal(List.of(new PendingRef(first.timestamp() - 1, "ab".repeat(32)))));
    // a real publish named at another place
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> seal(List.of(new PendingRef(first.timestamp() - 1, first.fabricTxId()))));
    // the sealed block's own transaction id, or the publish that made root (sealed already)
    String rootPublish = f.tx("root").publishedIn();
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> seal(List.of(new PendingRef(0, rootPublish))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> seal(List.of(new PendingRef(-5, first.fabricTxId()))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> seal(List.of(new PendingRef(first.timestamp(), "not/an id"))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> seal(List.of()));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> sealAs(Orgs.COMMITTEE1, "sealer", Json.string(new io.lethe.ledger.Inputs.Seal(refs, null))));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> sealAs(Orgs.COMMITTEE1, "sealer", "{\"publishes\": [], \"extra\": 1}"));
  }

  @Test
  void aSecondSealOfTheSamePublishesIsRefused() {
    List<PendingRef> refs = threePending();
    // two sealers prepared the same seal on the same state: on Fabric the later one fails MVCC on
    // the head and the pending keys; here it is simulated after the first committed
    String first = f.sealJson(refs);
    String second = f.sealJson(refs);
    sealAs(Orgs.COMMITTEE1, "sealer", first);
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> sealAs(Orgs.COMMITTEE2, "sealer", second));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> sealAs(Orgs.COMMITTEE1, "sealer", first));
    JsonNode v = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertTrue(v.get("valid").asBoolean(), v.toString());
    assertEquals(2, v.get("blocks").asInt());
  }

  @Test
  void aPublishCannotChooseItsPlace() {
    NewModel m = f.model("x", List.of());
    // header randomness would be a block of its own: refused, sealing is the sealer's
    String withHeader = Json.string(new io.lethe.ledger.Inputs.Publish(List.of(m), LedgerRequests.headerRandomness(f.pk, f.rnd)));
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT,
        () -> f.user("user2", Map.of(TransientFields.PUBLISH, withHeader), f.live::Publish));
    // no field names a block, index, height or queue place
    for (String field : List.of("block", "index", "height", "place", "timestamp")) {
      String json = f.publishJson(List.of(m)).replaceFirst("\\{", "{\"" + field + "\": 0, ");
      refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> f.user("user2", Map.of(TransientFields.PUBLISH, json), f.live::Publish));
    }
    // its pending record is named by its own Fabric transaction, whatever it carries
    JsonNode out = json(f.publishPending("user2", m));
    PendingRef ref = f.pendingRefs().get(0);
    assertEquals(out.get("fabricTxId").asText(), ref.fabricTxId());
    assertEquals(out.get("timestamp").asLong(), ref.timestamp());
    assertEquals(-1, f.tx("x").block());
  }

  @Test
  void pendingModelsAreNeitherRefsNorRewrittenUntilSealed() {
    f.publishPending("user2", f.model("p", List.of("root")));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION, () -> f.publishPending("user3", f.model("child", List.of("p"))));
    // within one publish, refs to its earlier models are fine
    f.publishPending("user3", f.model("q", List.of("root")), f.model("q2", List.of("q")));
    f.openRequest("user1", LedgerFixture.requestJson("r1", List.of("root"), "classes:1", "gradient-ascent", "parallel"));
    JsonNode req = json(f.query(Orgs.USERS, ctx -> f.live.GetRequest(ctx, "r1")));
    List<String> cascade = strings(req.get("cascade"));
    assertEquals(List.of("root", "p", "q", "q2"), cascade, "pending models come after sealed ones, in publish order");
    // a redaction of a pending model waits for the seal
    var redaction = f.redaction("r1", List.of("root"), "t", false);
    String pendingOne = Json.string(new io.lethe.ledger.Inputs.Redaction("r1",
        List.of(new io.lethe.ledger.Inputs.Rewrite("p", "bafy-p2", java.util.HexFormat.of().formatHex(LedgerFixture.zk("p2")),
            List.of("root"), redaction.rewrites().get(0).r(), redaction.rewrites().get(0).s(), null)),
        List.of(), null));
    refusedUnchanged(ErrorCode.FAILED_PRECONDITION,
        () -> f.committee(Map.of(TransientFields.REDACTION, pendingOne), f.live::RedactBatch));
    f.seal();
    f.publish("user3", f.model("child", List.of("p")));
    var ok = f.redaction("r1", List.of("root", "p"), "t", false);
    f.committee(Map.of(TransientFields.REDACTION, Json.string(ok)), f.live::RedactBatch);
    JsonNode v = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertTrue(v.get("valid").asBoolean(), v.toString());
  }

  @Test
  void aBlockNeverMixesKeyEpochs() {
    f.publishPending("user2", f.model("old", List.of()));
    Dealer.Dealt next = Dealer.deal(2, 3, f.rnd);
    f.govern("rotate-1", new Governance.Action("rotate-committee-key", next.publicKey().groupKey().toHex(), null,
        "scheduled rotation", null, null, null, null, null));
    NewModel fresh = LedgerRequests.newModel(next.publicKey().groupKey(), LedgerFixture.CHANNEL, "new", "bafy-new",
        LedgerFixture.zk("new"), List.of(), f.rnd);
    f.publishPending("user3", fresh);
    List<PendingRef> refs = f.pendingRefs();
    refusedUnchanged(ErrorCode.INVALID_ARGUMENT, () -> seal(refs));
    assertEquals(0, json(seal(refs.subList(0, 1))).get("keyIndex").asInt());
    assertEquals(1, json(seal(f.pendingRefs())).get("keyIndex").asInt());
    JsonNode v = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertTrue(v.get("valid").asBoolean(), v.toString());
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }
}
