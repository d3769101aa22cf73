package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.ledger.ArchiveChain;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ChainVerifier;
import io.lethe.ledger.Hex;
import io.lethe.ledger.Json;
import io.lethe.ledger.P256ChameleonScheme;
import io.lethe.ledger.Records.ArchiveEntry;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Check {@code chains}: the live export re-verified offline with the chaincode's own
 * {@link ChainVerifier} under the committee keys governance pinned, the archive export's hash
 * chain and every entry's opening of its model's digest C, and the archive complete: every
 * superseded version of every live model exactly once, in order, naming the request that
 * superseded it — in particular every version the audited request rewrote.
 */
public final class ChainAudit {
  public static final String NAME = "chains";

  private ChainAudit() {}

  /** A version the request superseded, where the archive keeps it. */
  public record Superseded(String model, long version, String modelUri, String zkDigest, long archiveBlock) {}

  public record Evidence(List<String> pinnedKeys, List<Change> changes, long liveBlocks, long liveTransactions, long archiveBlocks,
      long archiveEntries, String archiveHead, List<Superseded> superseded) {}

  /** One rewrite of the request, as the ledger's request record lists it. */
  public record Change(String model, long fromVersion, long toVersion, String fabricTxId) {}

  private static final class Failed extends RuntimeException {
    Failed(String message) {
      super(message);
    }
  }

  public static CheckResult check(JsonNode live, JsonNode archive, List<String> pinnedKeys, String requestId,
      List<Change> changes) {
    Evidence partial = new Evidence(pinnedKeys, changes, 0, 0, 0, 0, null, List.of());
    try {
      return run(live, archive, pinnedKeys, requestId, changes);
    } catch (Failed e) {
      return CheckResult.fail(NAME, e.getMessage(), partial);
    } catch (RuntimeException e) {
      return CheckResult.fail(NAME, "malformed export: " + e, partial);
    }
  }

  private static CheckResult run(JsonNode live, JsonNode archive, List<String> pinnedKeys, String requestId,
      List<Change> changes) {
    if (pinnedKeys.isEmpty()) {
      throw new Failed("no committee key is pinned by governance");
    }
    List<String> keys = new ArrayList<>();
    live.get("chPublicKeys").forEach(k -> keys.add(k.asText()));
    if (keys.isEmpty() || keys.size() > pinnedKeys.size() || !keys.equals(pinnedKeys.subList(0, keys.size()))) {
      throw new Failed("the live export's committee keys " + keys + " are not the pinned key epochs (governance, or --pk) "
          + pinnedKeys);
    }
    ExportView view = new ExportView(live);
    P256ChameleonScheme scheme = new P256ChameleonScheme();
    ChainVerifier.Report r = ChainVerifier.verify(view, scheme);
    if (!r.valid()) {
      ChainVerifier.Failure f = r.failure();
      throw new Failed("live chain invalid at block " + f.height() + (f.txId() == null ? "" : " tx " + f.txId()) + ": "
          + f.check() + " (" + f.detail() + ")");
    }
    // archive: hash chain, each entry an opening of its model's C, each version once
    byte[] prev = new byte[32];
    long entries = 0;
    Map<String, ArchiveEntry> seen = new HashMap<>();
    Map<String, Long> blockOf = new HashMap<>();
    JsonNode blocks = archive.get("blocks");
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode b = blocks.get(i);
      if (b.get("height").asLong() != i) {
        throw new Failed("archive block " + i + ": height " + b.get("height") + " out of sequence");
      }
      if (!Arrays.equals(prev, Hex.decode(b.get("prevHash").asText()))) {
        throw new Failed("archive block " + i + ": prevHash does not link to block " + (i - 1));
      }
      List<ArchiveEntry> es = new ArrayList<>();
      for (JsonNode e : b.get("entries")) {
        es.add(Json.read(Json.bytes(e), ArchiveEntry.class));
      }
      byte[] hash = ArchiveChain.hash(i, prev, b.get("timestamp").asLong(), es);
      if (!Hex.encode(hash).equals(b.get("hash").asText())) {
        throw new Failed("archive block " + i + ": hash is not SHA-256 of its canonical bytes (an entry was changed, "
            + "added or removed)");
      }
      for (ArchiveEntry e : es) {
        LiveTransaction t = view.tx(e.txId());
        if (t == null) {
          throw new Failed("archive block " + i + ": " + e.txId() + " is not on the live chain");
        }
        if (e.version() < 0 || e.version() >= t.version()) {
          throw new Failed("archive block " + i + ": " + e.txId() + " v" + e.version() + " is not older than live v"
              + t.version());
        }
        String key = e.txId() + "@" + e.version();
        if (seen.containsKey(key)) {
          throw new Failed("archive block " + i + ": " + e.txId() + " v" + e.version() + " is archived twice");
        }
        byte[] msg = CanonicalBytes.payload(e.version(), e.payloadRequestId(), e.modelUri(), Hex.decode(e.zkDigest()),
            t.refs());
        String why = scheme.verify(Hex.decode(keys.get(t.keyIndex())), CanonicalBytes.txContext(view.channel(), e.txId()),
            msg, Hex.decode(t.c()), Hex.decode(e.r()), Hex.decode(e.s()));
        if (why != null) {
          throw new Failed("archive block " + i + ": " + e.txId() + " v" + e.version()
              + " is not a version the live digest C committed to (" + why + ")");
        }
        seen.put(key, e);
        blockOf.put(key, (long) i);
        entries++;
      }
      prev = hash;
    }
    JsonNode head = archive.get("head");
    String lastHash = blocks.size() == 0 ? "" : Hex.encode(prev);
    if (head.get("blocks").asLong() != blocks.size() || !head.path("lastHash").asText("").equals(lastHash)) {
      throw new Failed("archive head " + head + " does not match the " + blocks.size() + " exported blocks");
    }
    // complete: every superseded version of every live model, exactly once, in order
    for (long h = 0; h < view.blockCount(); h++) {
      for (String id : view.block(h).txIds()) {
        LiveTransaction t = view.tx(id);
        long lastBlock = -1;
        for (long v = 0; v < t.version(); v++) {
          ArchiveEntry e = seen.get(id + "@" + v);
          if (e == null) {
            throw new Failed(id + " is at version " + t.version() + " but its version " + v + " is not in the archive");
          }
          long at = blockOf.get(id + "@" + v);
          if (at < lastBlock) {
            throw new Failed(id + " v" + v + " is archived before v" + (v - 1) + " (out of order)");
          }
          lastBlock = at;
          String later = v + 1 < t.version() ? seen.get(id + "@" + (v + 1)).payloadRequestId() : t.lastRequestId();
          if (!e.requestId().equals(later)) {
            throw new Failed(id + " v" + v + " is archived as superseded under " + e.requestId() + ", but version "
                + (v + 1) + " carries request " + later);
          }
        }
      }
    }
    // the request's own rewrites
    List<Superseded> superseded = new ArrayList<>();
    for (Change c : changes) {
      for (long v = c.fromVersion(); v < c.toVersion(); v++) {
        ArchiveEntry e = seen.get(c.model() + "@" + v);
        if (e == null || !requestId.equals(e.requestId())) {
          throw new Failed("request " + requestId + " rewrote " + c.model() + " v" + v + ", which the archive does not "
              + "keep as superseded under it");
        }
        superseded.add(new Superseded(c.model(), v, e.modelUri(), e.zkDigest(), blockOf.get(c.model() + "@" + v)));
      }
    }
    Evidence ev = new Evidence(pinnedKeys, changes, view.blockCount(), r.transactions(), blocks.size(), entries, lastHash,
        superseded);
    return CheckResult.pass(NAME, "live chain (" + view.blockCount() + " blocks, " + r.transactions() + " transactions) "
        + "and archive (" + blocks.size() + " blocks, " + entries + " superseded versions) verify under the pinned "
        + "committee key(s); the archive holds every superseded version once, in order, including the "
        + superseded.size() + " this request superseded", ev);
  }
}
