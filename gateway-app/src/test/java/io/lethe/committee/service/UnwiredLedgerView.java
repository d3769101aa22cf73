package io.lethe.committee.service;

import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.UnlearningRequest;
import java.util.Optional;

/**
 * The ledger view of a service started without one: every read fails, so the member refuses
 * every target (LEDGER_UNAVAILABLE) while status and the DKG still work.
 */
public record UnwiredLedgerView(String channel) implements LedgerView {
  private static IllegalStateException unwired() {
    return new IllegalStateException("this member service has no ledger view (no Fabric peer connection configured)");
  }

  @Override
  public Optional<UnlearningRequest> request(String id) {
    throw unwired();
  }

  @Override
  public Optional<LiveTransaction> tx(String id) {
    throw unwired();
  }

  @Override
  public Optional<LiveBlock> block(long height) {
    throw unwired();
  }
}
