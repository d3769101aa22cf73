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

  public record Report(boolean valid, long blocks, long transactions, Failure failure) {}

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
    return new Report(true, blocks, txCount, null);
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
        Payload p = state.payload(id, t.version());
        if (p == null) {
          return fail(h, id, "payload", "payload version " + t.version() + " missing from collection live", txCount, h);
        }
        if (p.version() != t.version()) {
          return fail(h, id, "payload-version", "stored payload says version " + p.version() + ", transaction " + t.version(),
              txCount, h);
        }
        byte[] msg = CanonicalBytes.payload(p.version(), p.requestId(), p.modelUri(), Hex.decode(p.zkDigest()), p.refs());
        if (!Hex.encode(CanonicalBytes.sha256(msg)).equals(t.payloadHash())) {
          return fail(h, id, "payload-hash", "stored payload does not match its public hash", txCount, h);
        }
        if (!p.refs().equals(t.refs())) {
          return fail(h, id, "refs", "payload refs differ from the public refs", txCount, h);
        }
        if (t.keyIndex() < 0 || t.keyIndex() >= cfg.keys().size()) {
          return fail(h, id, "key-index", "key index " + t.keyIndex() + " names no committee key", txCount, h);
        }
        byte[] pk = Hex.decode(cfg.keys().get(t.keyIndex()).publicKey());
        String why =
            scheme.verify(pk, CanonicalBytes.txContext(channel, id), msg, Hex.decode(t.c()), Hex.decode(t.r()), Hex.decode(t.s()));
        if (why != null) {
          return fail(h, id, "tx-digest", why, txCount, h);
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
