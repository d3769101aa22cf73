package io.lethe.ledger;

import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.Payload;
import io.lethe.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recomputes the whole live chain from stored state: every transaction's chameleon digest
 * from its current payload and randomness, every Merkle root, header digest and parent link.
 * Stops at the first failure and names it.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  public record Failure(long height, String txId, String check, String detail) {}

  /** {@code transactions}: in blocks; {@code pendingTransactions}: published, waiting for SealBlock. */
  public record Report(boolean valid, long blocks, long transactions, Failure failure, long pendingTransactions) {
    Report(boolean valid, long blocks, long transactions, Failure failure) {
      this(valid, blocks, transactions, failure, 0);
    }
  }

  public static Report verify(LiveChainView state, ChameleonScheme scheme) {
    CommitteeConfig cfg = state.config();
    long blocks = state.blockCount();
    if (cfg == null) {
      return blocks == 0
          ? new Report(true, 0, 0, null)
          : new Report(false, 0, 0, new Failure(0, null, "committee-key", "blocks exist but no committee key is set"));
    }
    String channel = state.channel();
    byte[] expectedParent = new byte[32];
    long txCount = 0;
    for (long h = 0; h < blocks; h++) {
      try {
        Report failed = verifyBlock(state, scheme, cfg, channel, h, expectedParent, txCount);
        if (failed.failure() != null) {
          return failed;
        }
        txCount = failed.transactions();
        expectedParent = CanonicalBytes.sha256(Hex.decode(state.block(h).chCurr()));
      } catch (IllegalArgumentException | NullPointerException e) {
        // tampered state (a field missing or not hex, a point off the curve): a finding, not a crash
        return fail(h, null, "malformed", String.valueOf(e.getMessage()), txCount, h);
      }
    }
    return verifyPending(state, scheme, cfg, channel, blocks, txCount);
  }

  /**
   * Pending publishes: each model's digest opens to its payload like a sealed one's, it is not
   * in any block yet (block -1) and no model is pending twice. Failures name height -1.
   */
  private static Report verifyPending(LiveChainView state, ChameleonScheme scheme, CommitteeConfig cfg, String channel,
      long blocks, long txCount) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    long pending = 0;
    for (Records.PendingPublish p : state.pendingPublishes()) {
      for (String id : p.txIds()) {
        try {
          LiveTransaction t = state.tx(id);
          if (t == null) {
            return new Report(false, blocks, txCount, new Failure(-1, id, "transaction", "pending transaction missing"), pending);
          }
          if (t.block() >= 0 || !seen.add(id)) {
            return new Report(false, blocks, txCount,
                new Failure(-1, id, "pending", "pending model is also in block " + t.block() + " or pending twice"), pending);
          }
          Failure f = verifyTx(state, scheme, cfg, channel, -1, id, t);
          if (f != null) {
            return new Report(false, blocks, txCount, f, pending);
          }
        } catch (IllegalArgumentException | NullPointerException e) {
          return new Report(false, blocks, txCount, new Failure(-1, id, "malformed", String.valueOf(e.getMessage())), pending);
        }
        pending++;
      }
    }
    return new Report(true, blocks, txCount, null, pending);
  }

  /** One transaction's payload, hash, refs, key index and chameleon digest; null if it verifies. */
  private static Failure verifyTx(LiveChainView state, ChameleonScheme scheme, CommitteeConfig cfg, String channel, long h,
      String id, LiveTransaction t) {
    Payload p = state.payload(id, t.version());
    if (p == null) {
      return new Failure(h, id, "payload", "payload version " + t.version() + " missing from collection live");
    }
    if (p.version() != t.version()) {
      return new Failure(h, id, "payload-version", "stored payload says version " + p.version() + ", transaction " + t.version());
    }
    byte[] msg = CanonicalBytes.payload(p.version(), p.requestId(), p.modelUri(), Hex.decode(p.zkDigest()), p.refs());
    if (!Hex.encode(CanonicalBytes.sha256(msg)).equals(t.payloadHash())) {
      return new Failure(h, id, "payload-hash", "stored payload does not match its public hash");
    }
    if (!p.refs().equals(t.refs())) {
      return new Failure(h, id, "refs", "payload refs differ from the public refs");
    }
    if (t.keyIndex() < 0 || t.keyIndex() >= cfg.keys().size()) {
      return new Failure(h, id, "key-index", "key index " + t.keyIndex() + " names no committee key");
    }
    byte[] pk = Hex.decode(cfg.keys().get(t.keyIndex()).publicKey());
    String why =
        scheme.verify(pk, CanonicalBytes.txContext(channel, id), msg, Hex.decode(t.c()), Hex.decode(t.r()), Hex.decode(t.s()));
    return why == null ? null : new Failure(h, id, "tx-digest", why);
  }

  /** One block: a Report whose failure is null (and transactions the running count) if it verifies. */
  private static Report verifyBlock(LiveChainView state, ChameleonScheme scheme, CommitteeConfig cfg, String channel,
      long h, byte[] expectedParent, long txCount) {
    {
      LiveBlock b = state.block(h);
      if (b == null) {
        return fail(h, null, "block", "block missing", txCount, h);
      }
      if (!Arrays.equals(expectedParent, Hex.decode(b.parentHash()))) {
        return fail(h, null, "parent-hash", "parentHash is not SHA-256 of the previous block's chCurr", txCount, h);
      }
      List<byte[]> leaves = new ArrayList<>();
      for (String id : b.txIds()) {
        LiveTransaction t = state.tx(id);
        if (t == null) {
          return fail(h, id, "transaction", "transaction missing", txCount, h);
        }
        if (t.block() != h) {
          return fail(h, id, "position", "transaction says block " + t.block() + ", listed in block " + h, txCount, h);
        }
        Failure f = verifyTx(state, scheme, cfg, channel, h, id, t);
        if (f != null) {
          return new Report(false, h, txCount, f);
        }
        leaves.add(Hex.decode(t.c()));
        txCount++;
      }
      byte[] root = MerkleTree.root(leaves);
      if (!Hex.encode(root).equals(b.merkleRoot())) {
        return fail(h, null, "merkle-root", "merkleRoot does not match the transactions' digests", txCount, h);
      }
      byte[] header = CanonicalBytes.headerMessage(h, expectedParent, root, b.timestamp(), b.version());
      if (b.keyIndex() < 0 || b.keyIndex() >= cfg.keys().size()) {
        return fail(h, null, "key-index", "key index " + b.keyIndex() + " names no committee key", txCount, h);
      }
      byte[] pk = Hex.decode(cfg.keys().get(b.keyIndex()).publicKey());
      String why =
          scheme.verify(pk, CanonicalBytes.headerContext(channel, h), header, Hex.decode(b.chCurr()),
              Hex.decode(b.rCurrR()), Hex.decode(b.rCurrS()));
      if (why != null) {
        return fail(h, null, "header-digest", why, txCount, h);
      }
    }
    return new Report(true, h, txCount, null);
  }

  private static Report fail(long h, String id, String check, String detail, long txs, long blocks) {
    return new Report(false, blocks, txs, new Failure(h, id, check, detail));
  }
}
