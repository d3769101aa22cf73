package io.lethe.committee.service;

import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.UnlearningRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LedgerView} over maps (tests, benchmarks). */
public final class InMemoryLedgerView implements LedgerView {
  private final String channel;
  private final Map<String, UnlearningRequest> requests = new ConcurrentHashMap<>();
  private final Map<String, LiveTransaction> txs = new ConcurrentHashMap<>();
  private final Map<Long, LiveBlock> blocks = new ConcurrentHashMap<>();

  public InMemoryLedgerView(String channel) {
    this.channel = channel;
  }

  public InMemoryLedgerView put(UnlearningRequest r) {
    requests.put(r.id(), r);
    return this;
  }

  public InMemoryLedgerView put(LiveTransaction t) {
    txs.put(t.id(), t);
    return this;
  }

  public InMemoryLedgerView put(LiveBlock b) {
    blocks.put(b.height(), b);
    return this;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public Optional<UnlearningRequest> request(String id) {
    return Optional.ofNullable(requests.get(id));
  }

  @Override
  public Optional<LiveTransaction> tx(String id) {
    return Optional.ofNullable(txs.get(id));
  }

  @Override
  public Optional<LiveBlock> block(long height) {
    return Optional.ofNullable(blocks.get(height));
  }
}
