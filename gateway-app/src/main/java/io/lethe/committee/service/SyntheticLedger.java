package io.lethe.committee.service;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.UnlearningRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A live ledger in memory (tests, benchmark): blocks of models hashed under given committee
 * keys and one unlearning request whose cascade is chosen per block; {@link #view()} is what
 * the members read, {@link #redaction} builds the redaction a coordinator would submit.
 */
public final class SyntheticLedger {
  private static final HexFormat HEX = HexFormat.of();
  private final String requestId;
  private final SecureRandom rnd;
  private final InMemoryLedgerView view;
  private final Map<String, LiveTransaction> txs = new LinkedHashMap<>();
  private final Map<Long, LiveBlock> blocks = new TreeMap<>();
  private final List<String> cascade = new ArrayList<>();
  private String status = "OPEN";

  public SyntheticLedger(String channel, String requestId, SecureRandom rnd) {
    this.requestId = requestId;
    this.rnd = rnd;
    this.view = new InMemoryLedgerView(channel);
    publishRequest();
  }

  public InMemoryLedgerView view() {
    return view;
  }

  public String requestId() {
    return requestId;
  }

  public String channel() {
    return view.channel();
  }

  public Map<String, LiveTransaction> txs() {
    return txs;
  }

  public Map<Long, LiveBlock> blocks() {
    return blocks;
  }

  public List<String> cascade() {
    return List.copyOf(cascade);
  }

  /** A new block holding fresh models {@code ids} (version 0) hashed under key {@code keyIndex}. */
  public LiveBlock addBlock(int keyIndex, ChameleonPublicKey pk, List<String> ids, boolean inCascade) {
    long height = blocks.size() + 1L;
    String parent = blocks.isEmpty() ? "00".repeat(32) : blocks.get(height - 1).chCurr();
    List<String> txIds = new ArrayList<>();
    int index = 0;
    for (String id : ids) {
      List<String> refs = List.of("ref-" + id);
      byte[] msg = CanonicalBytes.payload(0, "", "ipfs://" + id, CanonicalBytes.sha256(id.getBytes()), refs);
      ChameleonHash.Hashed h = ChameleonHash.hash(pk, CanonicalBytes.txContext(channel(), id), msg, rnd);
      LiveTransaction t = new LiveTransaction(id, "x509::owner", height, index++, h.cHex(), h.randomness().rHex(),
          h.randomness().sHex(), 0, refs, keyIndex, HEX.formatHex(CanonicalBytes.sha256(msg)), "fab-" + id, "fab-" + id, "");
      txs.put(id, t);
      view.put(t);
      txIds.add(id);
      if (inCascade) {
        cascade.add(id);
      }
    }
    byte[] root = CanonicalBytes.sha256(String.join(",", txIds).getBytes());
    long ts = 1_700_000_000_000L + height;
    byte[] header = CanonicalBytes.headerMessage(height, HEX.parseHex(parent), root, ts, 0);
    ChameleonHash.Hashed h = ChameleonHash.hash(pk, CanonicalBytes.headerContext(channel(), height), header, rnd);
    LiveBlock b = new LiveBlock(height, parent, HEX.formatHex(root), ts, 0, h.cHex(), h.randomness().rHex(),
        h.randomness().sHex(), keyIndex, txIds, "fab-block-" + height);
    blocks.put(height, b);
    view.put(b);
    publishRequest();
    return b;
  }

  public void setStatus(String status) {
    this.status = status;
    publishRequest();
  }

  private void publishRequest() {
    view.put(new UnlearningRequest(requestId, "x509::owner", cascade.isEmpty() ? List.of() : List.of(cascade.get(0)),
        List.copyOf(cascade), "forget", "obs", "horizontal", status, List.of(), 1L, "fab-open", null));
  }

  /** The new payloads of {@code ids} for a redaction. */
  public Map<String, LedgerRequests.NewPayload> updates(List<String> ids) {
    Map<String, LedgerRequests.NewPayload> u = new LinkedHashMap<>();
    for (String id : ids) {
      u.put(id, new LedgerRequests.NewPayload("ipfs://" + id + "-unlearned", CanonicalBytes.sha256((id + "'").getBytes())));
    }
    return u;
  }

  public Inputs.Redaction redaction(List<String> ids, LedgerRequests.Collider collider) {
    return LedgerRequests.redaction(channel(), requestId, updates(ids), txs, blocks, collider);
  }

  /** Checks every rewrite and header of {@code r} under the keys by index; the first failure, or null. */
  public String verify(Inputs.Redaction r, Map<Integer, ChameleonPublicKey> keys) {
    for (Inputs.Rewrite w : r.rewrites()) {
      LiveTransaction t = txs.get(w.id());
      byte[] msg = CanonicalBytes.payload(t.version() + 1, requestId, w.modelUri(), HEX.parseHex(w.zkDigest()), t.refs());
      ChameleonHash.Verification v = ChameleonHash.verify(keys.get(t.keyIndex()),
          CanonicalBytes.txContext(channel(), t.id()), msg, HEX.parseHex(t.c()),
          io.lethe.chameleon.Randomness.fromHex(w.r(), w.s()));
      if (!v.valid()) {
        return "rewrite of " + w.id() + ": " + v.reason();
      }
    }
    for (Inputs.HeaderAdapt a : r.headers()) {
      LiveBlock b = blocks.get(a.height());
      byte[] msg = CanonicalBytes.headerMessage(b.height(), HEX.parseHex(b.parentHash()), HEX.parseHex(b.merkleRoot()),
          b.timestamp(), b.version() + 1);
      ChameleonHash.Verification v = ChameleonHash.verify(keys.get(b.keyIndex()),
          CanonicalBytes.headerContext(channel(), b.height()), msg, HEX.parseHex(b.chCurr()),
          io.lethe.chameleon.Randomness.fromHex(a.r(), a.s()));
      if (!v.valid()) {
        return "header of block " + a.height() + ": " + v.reason();
      }
    }
    return null;
  }
}
