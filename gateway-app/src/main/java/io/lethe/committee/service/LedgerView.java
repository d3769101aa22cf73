package io.lethe.committee.service;

import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.UnlearningRequest;
import java.util.Optional;

/**
 * The ledger as one committee member reads it, through its own org's peer: what it checks a
 * target against before round 1. Implementations must not trust the coordinator for any of this.
 */
public interface LedgerView {
  /** The channel whose contexts this member signs for. */
  String channel();

  Optional<UnlearningRequest> request(String id);

  Optional<LiveTransaction> tx(String id);

  Optional<LiveBlock> block(long height);
}
