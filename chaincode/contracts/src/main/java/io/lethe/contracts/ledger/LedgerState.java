package io.lethe.contracts.ledger;

import io.lethe.contracts.Check;
import io.lethe.ledger.DagView;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;
import io.lethe.ledger.LiveChainView;
import io.lethe.ledger.Records.ArchiveBlock;
import io.lethe.ledger.Records.ArchiveEntry;
import io.lethe.ledger.Records.ArchiveHead;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.ForgetRecord;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveHead;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.Payload;
import io.lethe.ledger.Records.PendingPublish;
import io.lethe.ledger.Records.Position;
import io.lethe.ledger.Records.StartDelta;
import io.lethe.ledger.Records.UnlearningRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * Typed access to the keys of both ledgers. Public state: committee config, live head,
 * blocks, transactions, child index, requests. Collection {@code live}: payloads, one key per
 * (model, version) so a superseded version can be purged while its successor is written.
 * Collection {@code archive}: archive blocks, head and a per-model index.
 */
public final class LedgerState implements LiveChainView, DagView {
  public static final String LIVE_COLLECTION = "live";
  public static final String ARCHIVE_COLLECTION = "archive";
  /** Forget specifications of requests: UsersMSP and the committee orgs. */
  public static final String REQUESTS_COLLECTION = "requests";

  static final String CONFIG_KEY = "lethe.config.committee";
  static final String HEAD_KEY = "lethe.live.head";
  static final String ARCHIVE_HEAD_KEY = "lethe.archive.head";
  static final String BLOCK = "lethe.block";
  static final String TX = "lethe.tx";
  static final String CHILD = "lethe.child";
  static final String HEIGHT = "lethe.height";
  static final String DELTA = "lethe.delta";
  /** Composite-key object type of a verified proof bundle ({@link io.lethe.ledger.Records.ProvenRewrite}). */
  public static final String PROOF = "lethe.proof";
  static final String REQUEST = "lethe.request";
  static final String PAYLOAD = "lethe.payload";
  static final String ARCHIVE_BLOCK = "lethe.archive.block";
  static final String ARCHIVE_BY_TX = "lethe.archive.bytx";
  static final String FORGET = "lethe.forget";
  /** Composite-key object type of a zero-shot mask ({@link io.lethe.ledger.Records.RecordedMask}), in {@code requests}. */
  public static final String MASK = "lethe.mask";
  static final String POSITION = "lethe.pos";
  /**
   * Pending publishes are simple keys {@code lethe.pending.<20-digit timestamp>.<fabric tx id>}
   * (composite keys cannot be range-queried by bounds): key order is the seal order, and
   * SealBlock's range query ends at the last publish it seals, so publishes committed while it
   * is ordered fall outside it instead of invalidating it as phantoms.
   */
  static final String PENDING = "lethe.pending.";

  private final ChaincodeStub stub;
  /**
   * The public-state reads of this invocation. Fabric answers every read with the state committed
   * before the transaction (its own writes are not visible), so a key read twice gives the same
   * bytes: one round trip to the peer serves both (a RedactBatch reads each model's record and
   * position again when it rebuilds the affected blocks' Merkle roots).
   */
  private final Map<String, byte[]> reads = new HashMap<>();

  public LedgerState(ChaincodeStub stub) {
    this.stub = stub;
  }

  public ChaincodeStub stub() {
    return stub;
  }

  static String pad(long n) {
    return String.format("%020d", n);
  }

  /**
   * Every id that becomes part of a key passes {@link Check#id} first: ids stored on the ledger
   * always do, and any other (e.g. one with U+0000, which Fabric's composite keys refuse with an
   * unchecked exception) is refused with INVALID_ARGUMENT instead of an "Unsuccessful response".
   */
  private static String id(String id) {
    return Check.id(id, "id");
  }

  // ---- keys ----
  public String blockKey(long height) {
    return stub.createCompositeKey(BLOCK, pad(height)).toString();
  }

  public String txKey(String id) {
    return stub.createCompositeKey(TX, id(id)).toString();
  }

  public String childKey(String parent, String child) {
    return stub.createCompositeKey(CHILD, id(parent), id(child)).toString();
  }

  public String heightKey(String id) {
    return stub.createCompositeKey(HEIGHT, id(id)).toString();
  }

  /** Hops from a model to its farthest root (0 for a root), recorded when it was published. */
  public int height(String id) {
    byte[] b = stub.getState(heightKey(id));
    if (b == null || b.length == 0) {
      throw Check.fail(ErrorCode.FAILED_PRECONDITION, "model " + id + " has no recorded height");
    }
    return Integer.parseInt(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
  }

  public void putHeight(String id, int height) {
    stub.putState(heightKey(id), Integer.toString(height).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  public String deltaKey(String requestId, String startId) {
    return stub.createCompositeKey(DELTA, id(requestId), id(startId)).toString();
  }

  /** The recorded Δ of a starting model under a request, or null. */
  public StartDelta delta(String requestId, String startId) {
    return get(deltaKey(requestId, startId), StartDelta.class);
  }

  public void putDelta(StartDelta d) {
    put(deltaKey(d.requestId(), d.startId()), d);
  }

  public void putProof(io.lethe.ledger.Records.ProvenRewrite p) {
    put(stub.createCompositeKey(PROOF, id(p.requestId()), id(p.modelId()), Long.toString(p.version())).toString(), p);
  }

  public String positionKey(String id) {
    return stub.createCompositeKey(POSITION, id(id)).toString();
  }

  public String pendingKey(long timestamp, String fabricTxId) {
    Check.require(timestamp >= 0, ErrorCode.INVALID_ARGUMENT, "a pending publish's timestamp is not negative");
    return PENDING + pad(timestamp) + "." + id(fabricTxId);
  }

  public PendingPublish pending(long timestamp, String fabricTxId) {
    return get(pendingKey(timestamp, fabricTxId), PendingPublish.class);
  }

  /**
   * The pending publishes in seal order, from the first up to and including the key {@code last}
   * (null: all of them), at most {@code limit}.
   */
  public List<PendingPublish> pendingUpTo(String last, int limit) {
    List<PendingPublish> out = new ArrayList<>();
    // '~' sorts after every character of a pending key, so the exclusive end keeps {@code last}.
    try (QueryResultsIterator<KeyValue> it = stub.getStateByRange(PENDING, last == null ? PENDING + "~" : last + "~")) {
      for (KeyValue kv : it) {
        if (out.size() >= limit) {
          break;
        }
        out.add(Json.read(kv.getValue(), PendingPublish.class));
      }
    } catch (Exception e) {
      throw rethrow(e);
    }
    return out;
  }

  /** The stored transaction record of {@code id} (block -1 while pending), without reading its position. */
  public LiveTransaction rawTx(String id) {
    return get(txKey(id), LiveTransaction.class);
  }

  /** Every pending publish in seal order (reads only: a range over the whole queue). */
  @Override
  public List<PendingPublish> pendingPublishes() {
    return pendingUpTo(null, Integer.MAX_VALUE);
  }

  /** Whether the transaction record of {@code id} exists, without reading its block position. */
  public boolean exists(String id) {
    byte[] b = stub.getState(txKey(id));
    return b != null && b.length > 0;
  }

  /** Whether {@code id} is sealed into a live block (its position key is written once, by SealBlock). */
  public boolean sealed(String id) {
    byte[] b = stub.getState(positionKey(id));
    return b != null && b.length > 0;
  }

  public String requestKey(String id) {
    return stub.createCompositeKey(REQUEST, id(id)).toString();
  }

  public String payloadKey(String id, long version) {
    return stub.createCompositeKey(PAYLOAD, id(id), pad(version)).toString();
  }

  public String archiveBlockKey(long height) {
    return stub.createCompositeKey(ARCHIVE_BLOCK, pad(height)).toString();
  }

  public String archiveByTxKey(String id, long version) {
    return stub.createCompositeKey(ARCHIVE_BY_TX, id(id), pad(version)).toString();
  }

  // ---- public state ----
  private <T> T get(String key, Class<T> type) {
    byte[] b = reads.get(key);
    if (b == null && !reads.containsKey(key)) {
      b = stub.getState(key);
      reads.put(key, b);
    }
    return b == null || b.length == 0 ? null : Json.read(b, type);
  }

  @Override
  public CommitteeConfig config() {
    return get(CONFIG_KEY, CommitteeConfig.class);
  }

  public CommitteeConfig requireConfig() {
    CommitteeConfig c = config();
    Check.require(c != null, ErrorCode.FAILED_PRECONDITION,
        "the committee public key is not set yet (LiveLedger:SetCommitteeKey)");
    return c;
  }

  public LiveHead head() {
    LiveHead h = get(HEAD_KEY, LiveHead.class);
    return h == null ? new LiveHead(0, null) : h;
  }

  @Override
  public LiveBlock block(long height) {
    return get(blockKey(height), LiveBlock.class);
  }

  /**
   * The transaction {@code id} with its block and index: a pending one's record says block -1,
   * and SealBlock writes the position to its own key (so sealing never rewrites the transaction
   * record that concurrent publishes read for their refs). A redaction writes the merged record.
   */
  @Override
  public LiveTransaction tx(String id) {
    LiveTransaction t = get(txKey(id), LiveTransaction.class);
    if (t == null || t.block() >= 0) {
      return t;
    }
    Position p = get(positionKey(id), Position.class);
    return p == null ? t : new LiveTransaction(t.id(), t.owner(), p.block(), p.index(), t.c(), t.r(), t.s(), t.version(),
        t.refs(), t.keyIndex(), t.payloadHash(), t.publishedIn(), t.writtenIn(), t.lastRequestId());
  }

  public LiveTransaction requireTx(String id) {
    LiveTransaction t = tx(id);
    Check.require(t != null, ErrorCode.NOT_FOUND, "no live transaction " + id);
    return t;
  }

  public UnlearningRequest request(String id) {
    return get(requestKey(id), UnlearningRequest.class);
  }

  @Override
  public String channel() {
    return stub.getChannelId();
  }

  @Override
  public long blockCount() {
    return head().blocks();
  }

  @Override
  public List<String> refs(String id) {
    return requireTx(id).refs();
  }

  /**
   * Publication order (block, index): refs always name earlier models. Pending models come
   * after every sealed one (by publish transaction id, then index): a publish may reference
   * sealed models only, so a pending model is never a ref yet.
   */
  @Override
  public Comparator<String> topologicalOrder() {
    Map<String, LiveTransaction> cache = new HashMap<>();
    return Comparator.comparing((String id) -> cache.computeIfAbsent(id, this::requireTx),
        Comparator.comparingLong((LiveTransaction t) -> t.block() < 0 ? Long.MAX_VALUE : t.block())
            .thenComparing((LiveTransaction t) -> t.block() < 0 ? t.publishedIn() : "")
            .thenComparingInt(LiveTransaction::index));
  }

  @Override
  public List<String> children(String parent) {
    List<String> out = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> it = stub.getStateByPartialCompositeKey(CHILD, id(parent))) {
      for (KeyValue kv : it) {
        out.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(1));
      }
    } catch (Exception e) {
      throw rethrow(e);
    }
    return out;
  }

  public List<LiveBlock> blocks() {
    List<LiveBlock> out = new ArrayList<>();
    LiveHead head = head();
    for (long h = 0; h < head.blocks(); h++) {
      out.add(block(h));
    }
    return out;
  }

  public void put(String key, Object record) {
    stub.putState(key, Json.bytes(record));
  }

  // ---- live collection ----
  @Override
  public Payload payload(String id, long version) {
    byte[] b = stub.getPrivateData(LIVE_COLLECTION, payloadKey(id, version));
    return b == null || b.length == 0 ? null : Json.read(b, Payload.class);
  }

  public byte[] payloadHash(String id, long version) {
    return stub.getPrivateDataHash(LIVE_COLLECTION, payloadKey(id, version));
  }

  public void putPayload(String id, long version, Payload p) {
    stub.putPrivateData(LIVE_COLLECTION, payloadKey(id, version), Json.bytes(p));
  }

  // ---- requests collection ----
  public ForgetRecord forget(String requestId) {
    byte[] b = stub.getPrivateData(REQUESTS_COLLECTION, stub.createCompositeKey(FORGET, id(requestId)).toString());
    return b == null || b.length == 0 ? null : Json.read(b, ForgetRecord.class);
  }

  public void putForget(ForgetRecord f) {
    stub.putPrivateData(REQUESTS_COLLECTION, stub.createCompositeKey(FORGET, f.requestId()).toString(), Json.bytes(f));
  }

  public String maskKey(String requestId, String modelId, long version) {
    return stub.createCompositeKey(MASK, id(requestId), id(modelId), pad(version)).toString();
  }

  /** The recorded zero-shot mask of (request, model, version) on this peer, or null. */
  public io.lethe.ledger.Records.RecordedMask mask(String requestId, String modelId, long version) {
    byte[] b = stub.getPrivateData(REQUESTS_COLLECTION, maskKey(requestId, modelId, version));
    return b == null || b.length == 0 ? null : Json.read(b, io.lethe.ledger.Records.RecordedMask.class);
  }

  /**
   * Whether a mask was ever recorded for (request, model, version): its hash is on every peer's
   * ledger, so write-once holds even on a peer that does not store the collection's values.
   */
  public boolean maskRecorded(String requestId, String modelId, long version) {
    byte[] h = stub.getPrivateDataHash(REQUESTS_COLLECTION, maskKey(requestId, modelId, version));
    return h != null && h.length > 0;
  }

  /** The SHA-256 of the mask record of (request, model, version) this peer committed; empty if none. */
  public byte[] maskHash(String requestId, String modelId, long version) {
    byte[] h = stub.getPrivateDataHash(REQUESTS_COLLECTION, maskKey(requestId, modelId, version));
    return h == null ? new byte[0] : h;
  }

  public void putMask(io.lethe.ledger.Records.RecordedMask m) {
    stub.putPrivateData(REQUESTS_COLLECTION, maskKey(m.requestId(), m.modelId(), m.version()), Json.bytes(m));
  }

  // ---- archive collection ----
  public ArchiveHead archiveHead() {
    byte[] b = stub.getPrivateData(ARCHIVE_COLLECTION, ARCHIVE_HEAD_KEY);
    return b == null || b.length == 0 ? new ArchiveHead(0, null) : Json.read(b, ArchiveHead.class);
  }

  public ArchiveBlock archiveBlock(long height) {
    byte[] b = stub.getPrivateData(ARCHIVE_COLLECTION, archiveBlockKey(height));
    return b == null || b.length == 0 ? null : Json.read(b, ArchiveBlock.class);
  }

  /** The archive entry of {@code version} of model {@code id} (point reads of the per-version index), or null. */
  public ArchiveEntry archivedVersion(String id, long version) {
    byte[] h = stub.getPrivateData(ARCHIVE_COLLECTION, archiveByTxKey(id, version));
    if (h == null || h.length == 0) {
      return null;
    }
    ArchiveBlock b = archiveBlock(Long.parseLong(new String(h, java.nio.charset.StandardCharsets.UTF_8)));
    if (b == null) {
      return null;
    }
    return b.entries().stream().filter(e -> e.txId().equals(id) && e.version() == version).findFirst().orElse(null);
  }

  /**
   * Heights of the archive blocks holding versions of {@code id}. A private-data range query:
   * Fabric refuses writes in a transaction that made one, so only read-only calls may use it.
   */
  public List<Long> archiveHeightsOf(String id) {
    List<Long> out = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> it =
        stub.getPrivateDataByPartialCompositeKey(ARCHIVE_COLLECTION, stub.createCompositeKey(ARCHIVE_BY_TX, id(id)))) {
      for (KeyValue kv : it) {
        out.add(Long.parseLong(kv.getStringValue()));
      }
    } catch (Exception e) {
      throw rethrow(e);
    }
    return out;
  }

  static RuntimeException rethrow(Exception e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }
}
