package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.ledger.Hex;
import io.lethe.ledger.Json;
import io.lethe.ledger.Records.ArchiveEntry;
import io.lethe.ledger.ArchiveChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chains check on a real request's exports, and each forgery of them it must refuse. */
class ChainAuditTest {
  private JsonNode live;
  private JsonNode archive;
  private List<ChainAudit.Change> changes;

  @BeforeEach
  void setUp() throws Exception {
    live = AuditFixtures.json("live-export.json");
    archive = AuditFixtures.json("archive-export.json");
    changes = AuditFixtures.changes(AuditFixtures.json("request.json"));
  }

  private CheckResult check(JsonNode l, JsonNode a) {
    return ChainAudit.check(l, a, AuditFixtures.pinned(live), AuditFixtures.REQUEST, changes);
  }

  @Test
  void cleanExportsPass() {
    CheckResult r = check(live, archive);
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
    ChainAudit.Evidence ev = (ChainAudit.Evidence) r.evidence();
    assertEquals(12, ev.superseded().size());
    assertEquals(15, ev.liveBlocks());
  }

  @Test
  void archiveEntryRemovedFails() {
    ObjectNode a = archive.deepCopy();
    ((ArrayNode) a.get("blocks").get(0).get("entries")).remove(3);
    CheckResult r = check(live, a);
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("hash is not SHA-256 of its canonical bytes"), r.reason());
  }

  @Test
  void archiveEntryRemovedAndBlockRehashedFailsAsIncomplete() {
    // a forger who also recomputes the block hash and head: the archive no longer holds every version
    ObjectNode a = archive.deepCopy();
    ObjectNode b = (ObjectNode) a.get("blocks").get(0);
    ((ArrayNode) b.get("entries")).remove(3);
    List<ArchiveEntry> es = new ArrayList<>();
    b.get("entries").forEach(e -> es.add(Json.read(Json.bytes(e), ArchiveEntry.class)));
    String hash = Hex.encode(ArchiveChain.hash(0, new byte[32], b.get("timestamp").asLong(), es));
    b.put("hash", hash);
    ((ObjectNode) a.get("head")).put("lastHash", hash);
    CheckResult r = check(live, a);
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("is not in the archive"), r.reason());
  }

  @Test
  void archivedVersionOtherThanTheCommittedOneFails() {
    ObjectNode a = archive.deepCopy();
    ((ObjectNode) a.get("blocks").get(0).get("entries").get(0)).put("modelUri", "bafkforged");
    assertEquals(Verdict.FAIL, check(live, a).verdict());
  }

  @Test
  void livePayloadEditedFails() {
    ObjectNode l = live.deepCopy();
    ((ObjectNode) l.get("blocks").get(1).get("transactions").get(0)).put("modelUri", "bafkforged");
    CheckResult r = check(l, archive);
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("live chain invalid"), r.reason());
  }

  @Test
  void keyNotPinnedByGovernanceFails() {
    CheckResult r = ChainAudit.check(live, archive,
        List.of("02" + "11".repeat(32)), AuditFixtures.REQUEST, changes);
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("not the pinned key epochs"), r.reason());
  }

  @Test
  void aRewriteTheArchiveDoesNotKeepUnderTheRequestFails() {
    List<ChainAudit.Change> more = new ArrayList<>(changes);
    more.add(new ChainAudit.Change("u02", 0, 1, "x"));
    CheckResult r = ChainAudit.check(live, archive, AuditFixtures.pinned(live), AuditFixtures.REQUEST, more);
    assertEquals(Verdict.FAIL, r.verdict());
  }
}
