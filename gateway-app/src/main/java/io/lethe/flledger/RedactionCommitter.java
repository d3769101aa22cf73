package io.lethe.flledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.LedgerRequests.NewPayload;
import java.io.IOException;
import java.util.Map;

/**
 * How the coordinator commits a rewrite: the committee path {@code lethe ledger redact} uses
 * (collisions from the share files or the member services, then RedactBatch / RedactOne endorsed
 * by the committee orgs). Supplied by the CLI, so the two never diverge.
 */
public interface RedactionCommitter {
  /** The chaincode's answer and where the time went. */
  record Committed(JsonNode result, double committeeSeconds, double consensusSeconds) {}

  /**
   * Rewrites each model of {@code updates} under {@code requestId}, each carrying its bundle from
   * {@code proofs} (none for a model it lacks); {@code single}: RedactOne.
   */
  Committed commit(String requestId, Map<String, NewPayload> updates, Map<String, ProofBundle> proofs, boolean single)
      throws IOException;
}
