package io.lethe.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.LedgerClient;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
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
  private final CommitteeSigner committee;

  public RedactionPlanner(LedgerClient ledger, CommitteeSigner committee) {
    this.ledger = ledger;
    this.committee = committee;
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

  /**
   * A redaction rewriting each model of {@code updates} to its new payload: the records are read
   * once, then the committee computes every collision (one batched run through the services).
   */
  public Redaction plan(String requestId, Map<String, NewPayload> updates) {
    return plan(requestId, updates, Map.of());
  }

  /**
   * The same, each rewrite carrying its proof bundle from {@code proofs} (by model id; a model
   * without one carries none). The collisions do not cover the bundles: the chaincode checks them
   * against the ledger's own values, so they are attached after the committee's rounds.
   */
  public Redaction plan(String requestId, Map<String, NewPayload> updates, Map<String, ProofBundle> proofs) {
    Map<String, LiveTransaction> txs = new HashMap<>();
    Map<Long, LiveBlock> blocks = new HashMap<>();
    for (String id : updates.keySet()) {
      LiveTransaction t = ledger.tx(id);
      txs.put(id, t);
      blocks.computeIfAbsent(t.block(), ledger::block);
    }
    String channel = ledger.channel();
    Redaction r = committee.collide(requestId,
        collider -> LedgerRequests.redaction(channel, requestId, updates, txs, blocks, collider));
    if (proofs.isEmpty()) {
      return r;
    }
    List<Rewrite> proven = new ArrayList<>();
    for (Rewrite w : r.rewrites()) {
      proven.add(new Rewrite(w.id(), w.modelUri(), w.zkDigest(), w.refs(), w.r(), w.s(), proofs.get(w.id())));
    }
    return new Redaction(r.requestId(), proven, r.headers(), r.close());
  }
}
