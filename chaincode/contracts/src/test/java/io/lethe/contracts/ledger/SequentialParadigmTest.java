package io.lethe.contracts.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.TransientFields;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sequential paradigm (DESIGN §3, {@code Paradigm}): one RedactOne per model, in the
 * topological order of the request's cascade. RedactBatch under a sequential request, and a
 * RedactOne of any model but the next one, are refused with FAILED_PRECONDITION and leave every
 * byte of the peer unchanged; the parallel paradigm keeps both functions in any order.
 *
 * <pre>
 * block 0 a (user1) · block 1 b[a] (user1) · block 2 c[b] d[a] (user2)
 * r-seq (user1, from a, sequential): cascade a b d c   (topological)
 * </pre>
 */
class SequentialParadigmTest {
  private LedgerFixture f;
  private List<String> cascade;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    f.setKey();
    f.publish("user1", f.model("a", List.of()));
    f.publish("user1", f.model("b", List.of("a")));
    f.publish("user2", f.model("c", List.of("b")), f.model("d", List.of("a")));
    String r = f.openRequest("user1", LedgerFixture.requestJson("r-seq", List.of("a"), "samples:user1-0..9", "retrain",
        "sequential"));
    cascade = Json.read(LedgerFixture.json(r).get("cascade").toString().getBytes(StandardCharsets.UTF_8), List.class);
    assertEquals(List.of("a", "b", "c", "d"), cascade.stream().sorted().toList());
    assertEquals("a", cascade.get(0));
    assertTrue(cascade.indexOf("b") < cascade.indexOf("c"), cascade.toString());
  }

  private String redact(String request, List<String> ids, String tag, Function<Context, String> fn) {
    return f.committee(Map.of(TransientFields.REDACTION, Json.string(f.redaction(request, ids, tag, false))), fn);
  }

  private void refusedUnchanged(String why, Runnable call) {
    SortedMap<String, byte[]> before = f.peer.snapshotAll();
    int committed = f.peer.log().size();
    ChaincodeException e = assertThrows(ChaincodeException.class, call::run, why);
    assertEquals(ErrorCode.FAILED_PRECONDITION.name(), new String(e.getPayload(), StandardCharsets.UTF_8),
        why + ": " + e.getMessage());
    SortedMap<String, byte[]> after = f.peer.snapshotAll();
    assertEquals(before.keySet(), after.keySet(), why);
    before.forEach((k, v) -> assertArrayEquals(v, after.get(k), why + ": " + k + " changed"));
    assertEquals(committed, f.peer.log().size(), why);
  }

  @Test
  void redactBatchIsRefusedForASequentialRequestWhateverItHolds() {
    refusedUnchanged("RedactBatch of the next model alone", () -> redact("r-seq", List.of("a"), "t", f.live::RedactBatch));
    refusedUnchanged("RedactBatch of the whole cascade in order",
        () -> redact("r-seq", cascade, "t", f.live::RedactBatch));
    redact("r-seq", List.of("a"), "t1", f.live::RedactOne);
    refusedUnchanged("RedactBatch of the next model after one RedactOne",
        () -> redact("r-seq", List.of(cascade.get(1)), "t", f.live::RedactBatch));
  }

  @Test
  void redactOneOutOfCascadeOrderIsRefused() {
    for (String m : cascade.subList(1, cascade.size())) {
      refusedUnchanged("RedactOne of " + m + " before a", () -> redact("r-seq", List.of(m), "t", f.live::RedactOne));
    }
    for (int i = 0; i < cascade.size(); i++) {
      String next = cascade.get(i);
      for (String done : cascade.subList(0, i)) {
        refusedUnchanged("RedactOne of " + done + " again (next is " + next + ")",
            () -> redact("r-seq", List.of(done), "again", f.live::RedactOne));
      }
      for (String later : cascade.subList(i + 1, cascade.size())) {
        refusedUnchanged("RedactOne of " + later + " before " + next,
            () -> redact("r-seq", List.of(later), "skip", f.live::RedactOne));
      }
      String out = redact("r-seq", List.of(next), "s" + i, f.live::RedactOne);
      assertEquals(i == cascade.size() - 1 ? "CLOSED" : "OPEN", LedgerFixture.json(out).get("requestStatus").asText());
    }
    assertTrue(LedgerFixture.json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
  }

  @Test
  void theParallelParadigmKeepsBothFunctionsInAnyOrder() {
    f.openRequest("user1", LedgerFixture.requestJson("r-par", List.of("a"), "classes:2", "gradient-ascent", "parallel"));
    redact("r-par", List.of("d"), "p1", f.live::RedactOne);
    redact("r-par", List.of("c", "b"), "p2", f.live::RedactBatch);
    String out = redact("r-par", List.of("a"), "p3", f.live::RedactBatch);
    assertEquals("CLOSED", LedgerFixture.json(out).get("requestStatus").asText());
  }
}
