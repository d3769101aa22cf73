package io.lethe.ledger;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.Randomness;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.HeaderRandomness;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client side of the ledger contracts (used by the CLI and the tests): builds publish inputs
 * with fresh chameleon digests and redaction inputs with committee collisions for every
 * rewritten transaction and every affected block header.
 */
public final class LedgerRequests {
  private static final HexFormat HEX = HexFormat.of();

  private LedgerRequests() {}

  /** Produces new randomness opening digest {@code c} (under key {@code keyIndex}) to {@code newMsg}. */
  @FunctionalInterface
  public interface Collider {
    Randomness adapt(int keyIndex, byte[] ctx, byte[] c, byte[] newMsg);
  }

  public static NewModel newModel(
      ChameleonPublicKey pk, String channel, String id, String uri, byte[] zkDigest, List<String> refs, SecureRandom rnd) {
    byte[] msg = CanonicalBytes.payload(0, "", uri, zkDigest, refs);
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, CanonicalBytes.txContext(channel, id), msg, rnd);
    return new NewModel(id, uri, HEX.formatHex(zkDigest), List.copyOf(refs), h.cHex(), h.randomness().rHex(),
        h.randomness().sHex());
  }

  /** An unlearning request with a fresh 32-byte salt for the public commitment to its forget specification. */
  public static Inputs.OpenRequest openRequest(String id, List<String> startingModels, ForgetSpec forget, Method method,
      Paradigm paradigm, SecureRandom rnd) {
    byte[] salt = new byte[32];
    rnd.nextBytes(salt);
    return new Inputs.OpenRequest(id, List.copyOf(startingModels), forget.toString(), method.word(), paradigm.word(),
        HEX.formatHex(salt));
  }

  /** Fresh header randomness: a uniformly random point R and scalar s (any opening works at sealing time). */
  public static HeaderRandomness headerRandomness(ChameleonPublicKey pk, SecureRandom rnd) {
    Randomness r = ChameleonHash.hash(pk, new byte[] {0}, new byte[] {0}, rnd).randomness();
    return new HeaderRandomness(r.rHex(), r.sHex());
  }

  /** The new payload of one model in a redaction. */
  public record NewPayload(String uri, byte[] zkDigest) {}

  /**
   * Builds a redaction: for each model (current public record {@code txs.get(id)}) a collision
   * to its new payload, and for each block holding one of them (current record in
   * {@code blocks}) a collision of its header at version + 1.
   */
  public static Redaction redaction(
      String channel,
      String requestId,
      Map<String, NewPayload> updates,
      Map<String, LiveTransaction> txs,
      Map<Long, LiveBlock> blocks,
      Collider collider) {
    List<Rewrite> rewrites = new ArrayList<>();
    TreeMap<Long, LiveBlock> affected = new TreeMap<>();
    for (var e : updates.entrySet()) {
      LiveTransaction t = txs.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException("no live transaction record for " + e.getKey());
      }
      byte[] msg = CanonicalBytes.payload(t.version() + 1, requestId, e.getValue().uri(), e.getValue().zkDigest(), t.refs());
      Randomness r = collider.adapt(t.keyIndex(), CanonicalBytes.txContext(channel, t.id()), HEX.parseHex(t.c()), msg);
      rewrites.add(new Rewrite(t.id(), e.getValue().uri(), HEX.formatHex(e.getValue().zkDigest()), t.refs(), r.rHex(),
          r.sHex()));
      LiveBlock b = blocks.get(t.block());
      if (b == null) {
        throw new IllegalArgumentException("no block record for height " + t.block());
      }
      affected.put(b.height(), b);
    }
    List<HeaderAdapt> headers = new ArrayList<>();
    for (LiveBlock b : affected.values()) {
      byte[] msg = CanonicalBytes.headerMessage(
          b.height(), HEX.parseHex(b.parentHash()), HEX.parseHex(b.merkleRoot()), b.timestamp(), b.version() + 1);
      Randomness r =
          collider.adapt(b.keyIndex(), CanonicalBytes.headerContext(channel, b.height()), HEX.parseHex(b.chCurr()), msg);
      headers.add(new HeaderAdapt(b.height(), r.rHex(), r.sHex()));
    }
    return new Redaction(requestId, rewrites, headers, null);
  }
}
