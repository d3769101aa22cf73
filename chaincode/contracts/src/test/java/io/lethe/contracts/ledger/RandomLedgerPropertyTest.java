package io.lethe.contracts.ledger;

import static io.lethe.contracts.ledger.LedgerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.ledger.ArchiveChain;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records;
import io.lethe.ledger.TransientFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random DAGs, random publish batches and random redactions: the chain always verifies (in
 * the chaincode and, when python3 is present, in the independent Python verifier), and any
 * single tampered stored field is caught.
 */
class RandomLedgerPropertyTest {
  @TempDir Path tmp;

  @Test
  void randomHistoriesVerifyAndTamperingIsCaught() throws Exception {
    Random rnd = new Random(42);
    for (int round = 0; round < 4; round++) {
      LedgerFixture f = new LedgerFixture();
      f.setKey();
      List<String> ids = new ArrayList<>();
      List<String> sealed = new ArrayList<>();
      int models = 8 + rnd.nextInt(10);
      while (ids.size() < models) {
        int batch = 1 + rnd.nextInt(3);
        List<NewModel> ms = new ArrayList<>();
        List<String> visible = new ArrayList<>(sealed); // refs name sealed models or earlier ones of this publish
        for (int i = 0; i < batch; i++) {
          String id = "r" + round + "-" + (ids.size() + i);
          List<String> refs = new ArrayList<>();
          for (int k = rnd.nextInt(Math.min(4, visible.size() + 1)); k > 0; k--) {
            String r = visible.get(rnd.nextInt(visible.size()));
            if (!refs.contains(r)) {
              refs.add(r);
            }
          }
          ms.add(f.model(id, refs));
          visible.add(id);
        }
        f.publishPending("user" + (1 + rnd.nextInt(14)), ms.toArray(NewModel[]::new));
        ms.forEach(m -> ids.add(m.id()));
        // the sealer takes a random number of the oldest pending publishes, or none this time
        List<Inputs.PendingRef> pending = f.pendingRefs();
        int take = rnd.nextInt(pending.size() + 1);
        if (take > 0 || ids.size() >= models) {
          f.submit(Orgs.COMMITTEE1, "sealer", "client", Map.of(), LedgerFixture.ALL_COMMITTEE,
              ctx -> f.live.SealBlock(ctx, f.sealJson(ids.size() >= models ? pending : pending.subList(0, take))));
          sealed.clear();
          sealed.addAll(ids.subList(0, sealedCount(f, ids)));
        }
      }
      assertEquals(ids, sealed, "every publish is sealed, in publish order");
      // random requests and redactions
      for (int r = 0; r < 3; r++) {
        String start = ids.get(rnd.nextInt(ids.size()));
        String owner = f.ownerName(f.tx(start).owner());
        String reqId = "q" + round + "-" + r;
        JsonNode opened = json(f.openRequest(owner,
            LedgerFixture.requestJson(reqId, List.of(start), "classes:1", "gradient-ascent", "parallel")));
        List<String> cascade = new ArrayList<>();
        opened.get("cascade").forEach(n -> cascade.add(n.asText()));
        List<String> pick = new ArrayList<>();
        for (String c : cascade) {
          if (rnd.nextBoolean() || pick.isEmpty()) {
            pick.add(c);
          }
        }
        var redaction = f.redaction(reqId, pick, "t" + r, false);
        f.committee(Map.of(TransientFields.REDACTION, Json.string(redaction)), f.live::RedactBatch);
        JsonNode v = json(f.query(Orgs.USERS, f.live::VerifyChain));
        assertTrue(v.get("valid").asBoolean(), v.toString());
        assertEquals(ids.size(), v.get("transactions").asInt());
      }
      JsonNode av = json(f.query(Orgs.AUDITOR, f.archive::VerifyArchive));
      assertTrue(av.get("valid").asBoolean(), av.toString());
      // one publish left pending: the chain and both verifiers still accept it
      f.publishPending("user1", f.model("pending" + round, List.of(ids.get(0))));
      JsonNode withPending = json(f.query(Orgs.USERS, f.live::VerifyChain));
      assertTrue(withPending.get("valid").asBoolean(), withPending.toString());
      assertEquals(1, withPending.get("pendingTransactions").asInt());
      crossCheckWithPython(f, round);
      tamperOneField(f, ids, rnd);
    }
  }

  /** How many of {@code ids} (in publish order) are sealed: seals take the oldest publishes first. */
  private static int sealedCount(LedgerFixture f, List<String> ids) {
    int n = 0;
    while (n < ids.size() && f.tx(ids.get(n)).block() >= 0) {
      n++;
    }
    return n;
  }

  private void crossCheckWithPython(LedgerFixture f, int round) throws Exception {
    Path script = Path.of("..", "..", "test-network-scripts", "verify-export.py");
    assertTrue(Files.isRegularFile(script), "the offline verifier is missing: " + script.toAbsolutePath());
    Path live = tmp.resolve("live" + round + ".json");
    Path archive = tmp.resolve("archive" + round + ".json");
    Files.writeString(live, f.query(Orgs.USERS, f.live::ExportLive));
    Files.writeString(archive, f.query(Orgs.AUDITOR, f.archive::ExportArchive));
    Path pinned = tmp.resolve("public" + round + ".json");
    Files.writeString(pinned, "{\"Y\": \"" + f.publicKeyHex() + "\"}");
    String out = verifier(script, 0, "--pk", pinned.toString(), live.toString(), archive.toString());
    assertTrue(out.contains("live chain valid") && out.contains("archive chain valid"), out);
    System.out.println("independent verifier: " + out.strip().replace("\n", "; "));

    // fabricated exports the verifier must call INVALID (exit 1, a reason, never a traceback)
    JsonNode liveDoc = json(Files.readString(live));
    String otherKey = LedgerFixture.unkeyed().publicKeyHex();
    Path otherPin = tmp.resolve("other" + round + ".json");
    Files.writeString(otherPin, "{\"Y\": \"" + otherKey + "\"}");
    assertTrue(verifier(script, 1, "--pk", otherPin.toString(), live.toString()).contains("not a key pinned"));
    Path noArchive = tmp.resolve("empty" + round + ".json");
    Files.writeString(noArchive, "{\"head\": {\"blocks\": 0}, \"blocks\": []}");
    assertTrue(verifier(script, 1, "--pk", pinned.toString(), live.toString(), noArchive.toString())
        .contains("is not in the archive"));
    com.fasterxml.jackson.databind.node.ObjectNode badIndex = liveDoc.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badIndex.get("blocks").get(0).get("transactions").get(0))
        .put("keyIndex", 7);
    Path badIndexFile = tmp.resolve("badindex" + round + ".json");
    Files.writeString(badIndexFile, badIndex.toString());
    assertTrue(verifier(script, 1, "--pk", pinned.toString(), badIndexFile.toString()).contains("names no committee key"));
    // a pending model whose payload was changed, or that claims a place in a sealed block
    com.fasterxml.jackson.databind.node.ObjectNode badPending = liveDoc.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badPending.get("pending").get(0).get("transactions").get(0))
        .put("modelUri", "bafy-swapped");
    Path badPendingFile = tmp.resolve("badpending" + round + ".json");
    Files.writeString(badPendingFile, badPending.toString());
    assertTrue(verifier(script, 1, "--pk", pinned.toString(), badPendingFile.toString()).contains("does not open C"));
    com.fasterxml.jackson.databind.node.ObjectNode twice = liveDoc.deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) twice.get("pending").get(0).get("transactions"))
        .add(twice.get("blocks").get(0).get("transactions").get(0).deepCopy());
    Path twiceFile = tmp.resolve("twice" + round + ".json");
    Files.writeString(twiceFile, twice.toString());
    assertTrue(verifier(script, 1, "--pk", pinned.toString(), twiceFile.toString()).contains("INVALID"));
    com.fasterxml.jackson.databind.node.ObjectNode nullPayload = liveDoc.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) nullPayload.get("blocks").get(0).get("transactions").get(0))
        .putNull("modelUri");
    Path nullFile = tmp.resolve("null" + round + ".json");
    Files.writeString(nullFile, nullPayload.toString());
    String nullOut = verifier(script, 1, "--pk", pinned.toString(), nullFile.toString());
    assertTrue(nullOut.contains("INVALID") && !nullOut.contains("Traceback"), nullOut);

    // An archive whose hashes are all recomputed but whose entry is not the version C committed
    // to must still be rejected: the verifier opens C with the archived (R, s).
    Records.ArchiveBlock b0 = Json.read(f.query(Orgs.AUDITOR, ctx -> f.archive.GetArchiveBlock(ctx, 0))
        .getBytes(StandardCharsets.UTF_8), Records.ArchiveBlock.class);
    Records.ArchiveEntry e = b0.entries().get(0);
    List<Records.ArchiveEntry> forged = new ArrayList<>(b0.entries());
    forged.set(0, new Records.ArchiveEntry(e.txId(), e.version(), e.payloadRequestId(), e.modelUri() + "-other",
        e.zkDigest(), e.r(), e.s(),
        e.requestId(), e.fabricTxId(), e.time()));
    byte[] hash = ArchiveChain.hash(0, new byte[32], b0.timestamp(), forged);
    Records.ArchiveBlock fb = new Records.ArchiveBlock(0, b0.prevHash(), HexFormat.of().formatHex(hash), b0.timestamp(),
        forged, b0.fabricTxId());
    Path forgedArchive = tmp.resolve("forged" + round + ".json");
    Files.writeString(forgedArchive, Json.string(Map.of("head", Map.of("blocks", 1, "lastHash", fb.hash()),
        "blocks", List.of(fb))));
    String qout = verifier(script, 1, "--pk", pinned.toString(), live.toString(), forgedArchive.toString());
    assertTrue(qout.contains("is not a version C committed to"), qout);
  }

  private static String verifier(Path script, int expectedExit, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(expectedExit, p.exitValue(), out);
    return out;
  }

  /** Rewrites one stored field behind the contracts' back; VerifyChain must report it. */
  private static void tamperOneField(LedgerFixture f, List<String> ids, Random rnd) {
    LedgerState keys = new LedgerState(f.peer.proposal("x", "x", "x"));
    String victim = ids.get(rnd.nextInt(ids.size()));
    LiveTransaction t = f.tx(victim);
    LiveBlock b = f.block(t.block());
    HexFormat hex = HexFormat.of();
    byte[] s = hex.parseHex(t.s());
    s[31] ^= 1;
    int which = rnd.nextInt(3);
    var tx = f.peer.proposal(Orgs.COMMITTEE1, "mallory", Orgs.COMMITTEE1);
    switch (which) {
      case 0 -> tx.putState(keys.txKey(victim), Json.bytes(new LiveTransaction(t.id(), t.owner(), t.block(), t.index(),
          t.c(), t.r(), hex.formatHex(s), t.version(), t.refs(), t.keyIndex(), t.payloadHash(), t.publishedIn(),
          t.writtenIn(), t.lastRequestId())));
      case 1 -> tx.putState(keys.blockKey(b.height()), Json.bytes(new LiveBlock(b.height(), b.parentHash(),
          b.merkleRoot(), b.timestamp() + 1, b.version(), b.chCurr(), b.rCurrR(), b.rCurrS(), b.keyIndex(), b.txIds(),
          b.fabricTxId())));
      default -> tx.putState(keys.blockKey(b.height()), Json.bytes(new LiveBlock(b.height(), b.parentHash(),
          b.merkleRoot(), b.timestamp(), b.version() + 1, b.chCurr(), b.rCurrR(), b.rCurrS(), b.keyIndex(), b.txIds(),
          b.fabricTxId())));
    }
    tx.commit(Orgs.COMMITTEE);
    JsonNode v = json(f.query(Orgs.USERS, f.live::VerifyChain));
    assertFalse(v.get("valid").asBoolean(), "tampering " + which + " of " + victim + " went unnoticed");
    assertEquals(t.block(), v.get("failure").get("height").asLong());
  }
}
