package io.lethe.ledger;

import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.Payload;

/**
 * Read access to a live chain, wherever it is stored: the chaincode's world state and live
 * collection, or an export read back by an offline verifier. {@link ChainVerifier} checks any
 * view the same way.
 */
public interface LiveChainView {
  String channel();

  /** The committee configuration, or null before the key is set. */
  CommitteeConfig config();

  long blockCount();

  /** The block at {@code height}, or null when missing. */
  LiveBlock block(long height);

  /** The transaction {@code id}, or null when missing. */
  LiveTransaction tx(String id);

  /** Payload {@code version} of transaction {@code id}, or null when missing. */
  Payload payload(String id, long version);

  /** Publishes not sealed into a block yet, in seal order (DESIGN §3). */
  default java.util.List<Records.PendingPublish> pendingPublishes() {
    return java.util.List.of();
  }
}
