package io.lethe.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.committee.CommitteeFiles;
import io.lethe.fabric.LedgerClient;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a redaction bundle under an unlearning request: reads the current records of the
 * rewritten models and of their blocks from the ledger and has the committee compute a collision
 * for every rewritten transaction and every affected block header.
 */
public final class RedactionPlanner {
  private final LedgerClient ledger;
  private final CommitteeFiles committee;
  private final SecureRandom rnd;

  public RedactionPlanner(LedgerClient ledger, CommitteeFiles committee, SecureRandom rnd) {
    this.ledger = ledger;
    this.committee = committee;
    this.rnd = rnd;
  }

  /** The models of the request's cascade not rewritten under it yet, in cascade order. */
  public List<String> pendingModels(String requestId) {
    JsonNode request = ledger.evaluate("GetRequest", requestId);
    Set<String> done = new HashSet<>();
    request.get("changes").forEach(c -> done.add(c.get("txId").asText()));
    List<String> pending = new ArrayList<>();
    request.get("cascade").forEach(id -> {
      if (!done.contains(id.asText())) {
        pending.add(id.asText());
      }
    });
    return pending;
  }

  /** A redaction rewriting each model of {@code updates} to its new payload, collisions from the share files. */
  public Redaction plan(String requestId, Map<String, NewPayload> updates) {
    return plan(requestId, updates, committee.collider(rnd));
  }

  /** A redaction rewriting each model of {@code updates}, collisions from {@code collider} (e.g. the member services). */
  public Redaction plan(String requestId, Map<String, NewPayload> updates, LedgerRequests.Collider collider) {
    Map<String, LiveTransaction> txs = new HashMap<>();
    Map<Long, LiveBlock> blocks = new HashMap<>();
    for (String id : updates.keySet()) {
      LiveTransaction t = ledger.tx(id);
      txs.put(id, t);
      blocks.computeIfAbsent(t.block(), ledger::block);
    }
    return LedgerRequests.redaction(ledger.channel(), requestId, updates, txs, blocks, collider);
  }
}
