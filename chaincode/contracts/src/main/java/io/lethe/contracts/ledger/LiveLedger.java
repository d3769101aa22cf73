package io.lethe.contracts.ledger;

import io.lethe.contracts.Callers;
import io.lethe.contracts.Check;
import io.lethe.contracts.InputJson;
import io.lethe.contracts.system.Access;
import io.lethe.contracts.system.SystemContract;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ChainVerifier;
import io.lethe.ledger.ChameleonScheme;
import io.lethe.ledger.Dag;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.HeaderRandomness;
import io.lethe.ledger.Inputs.PendingRef;
import io.lethe.ledger.Inputs.Seal;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Publish;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Json;
import io.lethe.ledger.Method;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.P256ChameleonScheme;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Records.ArchiveBlock;
import io.lethe.ledger.Records.ArchiveEntry;
import io.lethe.ledger.Records.Change;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.ForgetRecord;
import io.lethe.ledger.Records.KeyEpoch;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveHead;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.Payload;
import io.lethe.ledger.Records.PendingPublish;
import io.lethe.ledger.Records.Position;
import io.lethe.ledger.Records.UnlearningRequest;
import io.lethe.ledger.TransientFields;
import io.lethe.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The redactable live chain (DESIGN §3). Publishing without a hot key: a {@code Publish}
 * writes only its own keys and leaves its models pending; a committee sealer's
 * {@code SealBlock} puts the oldest pending publishes, in key order, into one live block
 * stamped with its Fabric timestamp. Only sealers touch the live head.
 */
@Contract(name = "LiveLedger", info = @Info(title = "Lethe live ledger", version = "1"))
@Default
public final class LiveLedger implements ContractInterface {
  static final int MAX_BATCH = 512;
  static final int MAX_REFS = 16;
  /** Pending publishes one SealBlock may take, and models in one sealed block. */
  static final int MAX_SEAL_PUBLISHES = 256;
  static final int MAX_SEAL_MODELS = 4 * MAX_BATCH;

  private final ChameleonScheme scheme;

  public LiveLedger() {
    this(new P256ChameleonScheme());
  }

  public LiveLedger(ChameleonScheme scheme) {
    this.scheme = scheme;
  }

  // ------------------------------------------------------------------ committee key
  // Setting and rotating the key are governance actions (Governance:Propose/Approve), never
  // a transaction one org can submit alone: see GovernedLedgerChanges.

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetCommittee(Context ctx) {
    return Json.string(new LedgerState(ctx.getStub()).requireConfig());
  }

  // ------------------------------------------------------------------ publish

  /**
   * Publishes the models in transient field {@code publish} ({@link Publish}, no header): each
   * model's record, payload, child edges and height, plus one pending-publish key named by this
   * transaction's timestamp and id. It writes no shared key, so concurrent publishes never
   * conflict; {@link #SealBlock} later puts pending publishes into live blocks in key order.
   * The caller becomes each model's owner. Refs must name sealed models (or earlier models of
   * the same publish), which keeps block order topological.
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String Publish(Context ctx) {
    Access.requireOneOf(ctx, "Publish", List.of(Orgs.USERS));
    Access.requireNodeOu(ctx, "Publish", "client");
    ChaincodeStub stub = ctx.getStub();
    LedgerState state = new LedgerState(stub);
    CommitteeConfig cfg = state.requireConfig();
    Publish in = parsePublish(stub);
    Check.require(in.header() == null, ErrorCode.INVALID_ARGUMENT,
        "a publish does not seal a block: its place and header come from SealBlock; give no header");
    List<Admitted> admitted = admit(ctx, state, cfg, in.models(), -1);
    List<String> ids = admitted.stream().map(Admitted::id).toList();
    long ts = millis(stub);
    PendingPublish pending = new PendingPublish(stub.getTxId(), ts, cfg.current().index(), ids);
    state.put(state.pendingKey(ts, stub.getTxId()), pending);
    stub.setEvent("lethe.pending", Json.bytes(pending));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pending", true);
    out.put("fabricTxId", pending.fabricTxId());
    out.put("timestamp", ts);
    out.put("txIds", ids);
    return Json.string(out);
  }

  /**
   * BASELINE for {@code lethe bench ledger} only: the previous design, in which every publish
   * seals its own live block and so reads and writes the live head. Publishes serialise on that
   * hot key and concurrent ones fail MVCC; kept so the bench measures both in one run.
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String PublishBaselineHotKey(Context ctx) {
    Access.requireOneOf(ctx, "PublishBaselineHotKey", List.of(Orgs.USERS));
    Access.requireNodeOu(ctx, "PublishBaselineHotKey", "client");
    ChaincodeStub stub = ctx.getStub();
    LedgerState state = new LedgerState(stub);
    CommitteeConfig cfg = state.requireConfig();
    Publish in = parsePublish(stub);
    Check.require(in.header() != null, ErrorCode.INVALID_ARGUMENT, "the baseline publish needs header randomness {r, s}");
    LiveHead head = state.head();
    List<Admitted> admitted = admit(ctx, state, cfg, in.models(), head.blocks());
    return Json.string(sealBlock(state, cfg, cfg.current(), head, admitted.stream().map(Admitted::id).toList(),
        admitted.stream().map(Admitted::c).toList(), in.header(), "header"));
  }

  /**
   * Seals the oldest pending publishes (argument: {@link Seal} JSON) into one new live block:
   * exactly the first {@code publishes.size()} entries of the pending queue in key order (none
   * skipped, none added, none twice), their models in publish order, under the sealer's header
   * randomness (a digest, no trapdoor) and this transaction's timestamp. Any committee org may
   * seal; two sealers racing both read the live head and the same pending keys, so Fabric
   * invalidates the later one (MVCC). Returns the block.
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SealBlock(Context ctx, String sealJson) {
    Access.requireCommittee(ctx, "SealBlock");
    ChaincodeStub stub = ctx.getStub();
    LedgerState state = new LedgerState(stub);
    CommitteeConfig cfg = state.requireConfig();
    Seal in = InputJson.parse(sealJson == null ? null : sealJson.getBytes(StandardCharsets.UTF_8), Seal.class, "seal");
    Check.require(in.publishes() != null && !in.publishes().isEmpty() && in.publishes().size() <= MAX_SEAL_PUBLISHES,
        ErrorCode.INVALID_ARGUMENT, "a seal names 1.." + MAX_SEAL_PUBLISHES + " pending publishes");
    Check.require(in.header() != null, ErrorCode.INVALID_ARGUMENT, "a seal needs header randomness {r, s}");
    String last = null;
    for (PendingRef p : in.publishes()) {
      Check.require(p != null, ErrorCode.INVALID_ARGUMENT, "null pending publish");
      String key = state.pendingKey(p.timestamp(), p.fabricTxId());
      Check.require(last == null || key.compareTo(last) > 0, ErrorCode.INVALID_ARGUMENT,
          "pending publishes must be named in seal order (timestamp, then transaction id), each once: "
              + p.fabricTxId() + " is out of order");
      last = key;
    }
    // Bounded by the last publish sealed: later publishes are not read (no phantom), earlier ones must all be named.
    List<PendingPublish> queue = state.pendingUpTo(last, MAX_SEAL_PUBLISHES + 1);
    for (int i = 0; i < in.publishes().size(); i++) {
      PendingRef want = in.publishes().get(i);
      PendingPublish have = i < queue.size() ? queue.get(i) : null;
      if (have == null || !have.fabricTxId().equals(want.fabricTxId()) || have.timestamp() != want.timestamp()) {
        boolean isPending = state.pending(want.timestamp(), want.fabricTxId()) != null;
        throw Check.fail(ErrorCode.FAILED_PRECONDITION, isPending && have != null
            ? "SealBlock must seal the oldest pending publishes in order: pending publish " + have.fabricTxId()
                + " (timestamp " + have.timestamp() + ") comes before " + want.fabricTxId() + " and is not named"
            : "publish " + want.fabricTxId() + " (timestamp " + want.timestamp()
                + ") is not pending: never published, or sealed already");
      }
    }
    Check.require(queue.size() == in.publishes().size(), ErrorCode.FAILED_PRECONDITION,
        "SealBlock must seal the oldest pending publishes in order: pending publish "
            + (queue.size() > in.publishes().size() ? queue.get(in.publishes().size()).fabricTxId() : "?")
            + " comes before the last one named and is not named");
    List<String> ids = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    int keyIndex = -1;
    for (PendingPublish p : queue) {
      for (String id : p.txIds()) {
        Check.require(ids.size() < MAX_SEAL_MODELS, ErrorCode.INVALID_ARGUMENT,
            "a sealed block holds at most " + MAX_SEAL_MODELS + " models; seal fewer publishes");
        LiveTransaction t = state.rawTx(id);
        Check.require(t != null && t.block() < 0 && !state.sealed(id), ErrorCode.FAILED_PRECONDITION,
            "model " + id + " of pending publish " + p.fabricTxId() + " is missing or sealed already");
        // A block's models and header share one key epoch (publishes pending across a rotation go in their own block).
        Check.require(keyIndex < 0 || t.keyIndex() == keyIndex, ErrorCode.INVALID_ARGUMENT,
            "model " + id + " was published under committee key #" + t.keyIndex() + ", the block's earlier models under #"
                + keyIndex + "; seal the publishes of each key epoch in their own block");
        keyIndex = t.keyIndex();
        ids.add(id);
        leaves.add(Check.unhex(t.c()));
      }
    }
    LiveHead head = state.head();
    byte[] policy = CommitteeEndorsementPolicy.tOfN(Orgs.COMMITTEE, cfg.threshold());
    for (int i = 0; i < ids.size(); i++) {
      String key = state.positionKey(ids.get(i));
      state.put(key, new Position(head.blocks(), i));
      stub.setStateValidationParameter(key, policy);
    }
    for (PendingPublish p : queue) {
      stub.delState(state.pendingKey(p.timestamp(), p.fabricTxId()));
    }
    return Json.string(sealBlock(state, cfg, cfg.keys().get(keyIndex), head, ids, leaves, in.header(), "seal header"));
  }

  /** The oldest pending publishes in seal order (at most {@code limit}): what a sealer seals next. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Pending(Context ctx, int limit) {
    Check.require(limit >= 1 && limit <= MAX_SEAL_PUBLISHES, ErrorCode.INVALID_ARGUMENT,
        "limit must be 1.." + MAX_SEAL_PUBLISHES);
    return Json.string(new LedgerState(ctx.getStub()).pendingUpTo(null, limit));
  }

  private static Publish parsePublish(ChaincodeStub stub) {
    Publish in = InputJson.parse(stub.getTransient().get(TransientFields.PUBLISH), Publish.class, "transient field 'publish'");
    Check.require(in.models() != null && !in.models().isEmpty() && in.models().size() <= MAX_BATCH,
        ErrorCode.INVALID_ARGUMENT, "publish needs 1.." + MAX_BATCH + " models");
    return in;
  }

  /** A model a publish admitted: its id and chameleon digest C. */
  private record Admitted(String id, byte[] c) {}

  /**
   * Checks and writes the models of one publish: record (in {@code block} at its input index;
   * block -1: pending), payload, child edges, height. Refs name sealed models or earlier models
   * of this publish. Reads no key that sealing writes except a ref's position, written once.
   */
  private List<Admitted> admit(Context ctx, LedgerState state, CommitteeConfig cfg, List<NewModel> models, long block) {
    ChaincodeStub stub = ctx.getStub();
    KeyEpoch key = cfg.current();
    byte[] pk = Check.unhex(key.publicKey());
    String owner = Callers.owner(ctx);
    String channel = stub.getChannelId();
    byte[] policy = CommitteeEndorsementPolicy.tOfN(Orgs.COMMITTEE, cfg.threshold());
    Set<String> batch = new HashSet<>();
    Map<String, Integer> heights = new HashMap<>();
    List<Admitted> out = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      NewModel m = models.get(i);
      Check.require(m != null, ErrorCode.INVALID_ARGUMENT, "model " + i + " is null");
      String id = Check.id(m.id(), "model id");
      Check.require(!batch.contains(id) && !state.exists(id), ErrorCode.ALREADY_EXISTS,
          "live transaction " + id + " already exists");
      String uri = Check.text(m.modelUri(), "modelUri of " + id, 512);
      byte[] zk = Check.zkDigest(m.zkDigest(), "zkDigest of " + id);
      List<String> refs = refs(m.refs(), id);
      int modelHeight = 0;
      for (String ref : refs) {
        if (!batch.contains(ref)) {
          LiveTransaction rt = state.rawTx(ref);
          Check.require(rt != null, ErrorCode.NOT_FOUND, "ref " + ref + " of " + id + " is not a live transaction");
          Check.require(rt.block() >= 0 || state.sealed(ref), ErrorCode.FAILED_PRECONDITION, "ref " + ref + " of " + id
              + " is pending (published, not sealed into a live block yet); publish again after the next SealBlock");
        }
        modelHeight = Math.max(modelHeight, 1 + (heights.containsKey(ref) ? heights.get(ref) : state.height(ref)));
      }
      // Bounded at publication, so no one can later push a model's cascade past the depth cap.
      Check.require(modelHeight <= Dag.MAX_DEPTH, ErrorCode.INVALID_ARGUMENT,
          id + " would sit " + modelHeight + " hops below a root; the DAG allows at most " + Dag.MAX_DEPTH);
      byte[] c = Check.hex(m.c(), "C of " + id, 33);
      byte[] r = Check.hex(m.r(), "R of " + id, 33);
      byte[] s = Check.hex(m.s(), "s of " + id, 32);
      byte[] msg = CanonicalBytes.payload(0, "", uri, zk, refs);
      String why = scheme.verify(pk, CanonicalBytes.txContext(channel, id), msg, c, r, s);
      Check.require(why == null, ErrorCode.VERIFICATION_FAILED,
          "chameleon digest C of " + id + " does not open to its payload: " + why);

      LiveTransaction t = new LiveTransaction(id, owner, block, i, Check.hex(c), Check.hex(r), Check.hex(s), 0, refs,
          key.index(), Check.hex(CanonicalBytes.sha256(msg)), stub.getTxId(), stub.getTxId(), null);
      String txKey = state.txKey(id);
      state.put(txKey, t);
      stub.setStateValidationParameter(txKey, policy);
      state.putPayload(id, 0, new Payload(uri, Check.hex(zk), refs, 0, ""));
      stub.setPrivateDataValidationParameter(LedgerState.LIVE_COLLECTION, state.payloadKey(id, 0), policy);
      for (String ref : refs) {
        stub.putState(state.childKey(ref, id), new byte[] {1});
      }
      state.putHeight(id, modelHeight);
      heights.put(id, modelHeight);
      batch.add(id);
      out.add(new Admitted(id, c));
    }
    return out;
  }

  /** Writes live block {@code head.blocks()} over the given models, its header under {@code key}, and advances the head. */
  private LiveBlock sealBlock(LedgerState state, CommitteeConfig cfg, KeyEpoch key, LiveHead head, List<String> ids,
      List<byte[]> leaves, HeaderRandomness header, String what) {
    ChaincodeStub stub = state.stub();
    byte[] pk = Check.unhex(key.publicKey());
    long height = head.blocks();
    long ts = millis(stub);
    byte[] parent = height == 0 ? new byte[32] : CanonicalBytes.sha256(Check.unhex(head.lastChCurr()));
    byte[] root = MerkleTree.root(leaves);
    byte[] hr = Check.hex(header.r(), what + " R", 33);
    byte[] hs = Check.hex(header.s(), what + " s", 32);
    byte[] chCurr;
    try {
      chCurr = scheme.digest(pk, CanonicalBytes.headerContext(stub.getChannelId(), height),
          CanonicalBytes.headerMessage(height, parent, root, ts, 0), hr, hs);
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, what + " randomness refused: " + e.getMessage());
    }
    LiveBlock block = new LiveBlock(height, Check.hex(parent), Check.hex(root), ts, 0, Check.hex(chCurr),
        Check.hex(hr), Check.hex(hs), key.index(), ids, stub.getTxId());
    String blockKey = state.blockKey(height);
    state.put(blockKey, block);
    stub.setStateValidationParameter(blockKey, CommitteeEndorsementPolicy.tOfN(Orgs.COMMITTEE, cfg.threshold()));
    state.put(LedgerState.HEAD_KEY, new LiveHead(height + 1, Check.hex(chCurr)));
    stub.setEvent("lethe.published", Json.bytes(Map.of("height", height, "txIds", ids)));
    return block;
  }

  // ------------------------------------------------------------------ reads

  /** Latest version of a model: public record plus its payload. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetModel(Context ctx, String id) {
    LedgerState state = new LedgerState(ctx.getStub());
    LiveTransaction t = state.requireTx(id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("transaction", t);
    out.put("payload", state.payload(id, t.version()));
    out.put("sealed", t.block() >= 0);
    return Json.string(out);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetBlock(Context ctx, long height) {
    LiveBlock b = new LedgerState(ctx.getStub()).block(height);
    Check.require(b != null, ErrorCode.NOT_FOUND, "no live block " + height);
    return Json.string(b);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetHead(Context ctx) {
    return Json.string(new LedgerState(ctx.getStub()).head());
  }

  /**
   * What the endorsing peer holds for one payload version: whether the value is present in
   * its private store and the hash on its ledger (used to check purges on every peer). The
   * chaincode server is shared by all peers (CCaaS), so the peer is chosen by the caller.
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetPayloadVersion(Context ctx, String id, long version) {
    LedgerState state = new LedgerState(ctx.getStub());
    Payload p = state.payload(id, version);
    byte[] hash = state.payloadHash(id, version);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("version", version);
    out.put("present", p != null);
    out.put("payload", p);
    out.put("privateHash", hash == null || hash.length == 0 ? null : Check.hex(hash));
    return Json.string(out);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Children(Context ctx, String id) {
    LedgerState state = new LedgerState(ctx.getStub());
    state.requireTx(id);
    return Json.string(state.children(id));
  }

  /** Descendants of a model with path counts and the {@code Σ_paths 1/∏ N_j^R} discount (R = exponent). */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Descendants(Context ctx, String idsCommaSeparated, int exponent) {
    Check.require(idsCommaSeparated != null && idsCommaSeparated.length() <= 64 * 129, ErrorCode.INVALID_ARGUMENT,
        "give at most 64 model ids");
    List<String> starts = List.of(idsCommaSeparated.split(","));
    starts.forEach(id -> Check.id(id, "model id"));
    return Json.string(cascade(new LedgerState(ctx.getStub()), starts, exponent));
  }

  /** Every model with its refs, in publication order (the DAG's edge list). */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String Dag(Context ctx) {
    LedgerState state = new LedgerState(ctx.getStub());
    List<Map<String, Object>> out = new ArrayList<>();
    List<List<String>> order = new ArrayList<>();
    state.blocks().forEach(b -> order.add(b.txIds()));
    state.pendingPublishes().forEach(p -> order.add(p.txIds())); // pending last, in seal order (block -1)
    for (List<String> txIds : order) {
      for (String id : txIds) {
        LiveTransaction t = state.tx(id);
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", id);
        n.put("owner", t.owner());
        n.put("block", t.block());
        n.put("version", t.version());
        n.put("refs", t.refs());
        out.add(n);
      }
    }
    return Json.string(out);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String VerifyChain(Context ctx) {
    return Json.string(ChainVerifier.verify(new LedgerState(ctx.getStub()), scheme));
  }

  /** The whole live chain in the export shape of {@code lethe live export --json}. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ExportLive(Context ctx) {
    LedgerState state = new LedgerState(ctx.getStub());
    CommitteeConfig cfg = state.config();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("channel", ctx.getStub().getChannelId());
    out.put("chPublicKey", cfg == null ? null : cfg.current().publicKey());
    out.put("chPublicKeys", cfg == null ? List.of() : cfg.keys().stream().map(KeyEpoch::publicKey).toList());
    List<Object> blocks = new ArrayList<>();
    for (LiveBlock b : state.blocks()) {
      Map<String, Object> jb = new LinkedHashMap<>();
      jb.put("height", b.height());
      jb.put("parentHash", b.parentHash());
      jb.put("merkleRoot", b.merkleRoot());
      jb.put("timestamp", b.timestamp());
      jb.put("version", b.version());
      jb.put("chCurr", b.chCurr());
      jb.put("rCurr", Map.of("R", b.rCurrR(), "s", b.rCurrS()));
      jb.put("keyIndex", b.keyIndex());
      jb.put("transactions", exportTxs(state, b.txIds()));
      blocks.add(jb);
    }
    out.put("blocks", blocks);
    List<Object> pending = new ArrayList<>();
    for (PendingPublish p : state.pendingPublishes()) {
      Map<String, Object> jp = new LinkedHashMap<>();
      jp.put("fabricTxId", p.fabricTxId());
      jp.put("timestamp", p.timestamp());
      jp.put("transactions", exportTxs(state, p.txIds()));
      pending.add(jp);
    }
    out.put("pending", pending);
    return Json.string(out);
  }

  /** The export shape of each transaction: public record, current payload fields and randomness. */
  private static List<Object> exportTxs(LedgerState state, List<String> ids) {
    List<Object> txs = new ArrayList<>();
    for (String id : ids) {
      LiveTransaction t = state.tx(id);
      Payload p = state.payload(id, t.version());
      Map<String, Object> jt = new LinkedHashMap<>();
      jt.put("txId", id);
      jt.put("owner", t.owner());
      jt.put("modelUri", p == null ? null : p.modelUri());
      jt.put("zkDigest", p == null ? null : p.zkDigest());
      jt.put("refs", t.refs());
      jt.put("C", t.c());
      jt.put("R", t.r());
      jt.put("s", t.s());
      jt.put("version", t.version());
      jt.put("requestId", p == null ? null : p.requestId());
      jt.put("keyIndex", t.keyIndex());
      txs.add(jt);
    }
    return txs;
  }

  // ------------------------------------------------------------------ unlearning requests

  /**
   * A data owner opens an unlearning request ({@link Inputs.OpenRequest} JSON) naming starting
   * models it owns; the cascade (starts and all their descendants now) is fixed here.
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String OpenRequest(Context ctx) {
    ChaincodeStub stub = ctx.getStub();
    LedgerState state = new LedgerState(stub);
    Inputs.OpenRequest in =
        InputJson.parse(stub.getTransient().get(TransientFields.REQUEST), Inputs.OpenRequest.class, "transient field 'request'");
    String id = Check.id(in.id(), "request id");
    Check.require(state.request(id) == null, ErrorCode.ALREADY_EXISTS, "request " + id + " already exists");
    Check.require(in.startingModels() != null && !in.startingModels().isEmpty(), ErrorCode.INVALID_ARGUMENT,
        "a request needs at least one starting model");
    Check.require(new HashSet<>(in.startingModels()).size() == in.startingModels().size(), ErrorCode.INVALID_ARGUMENT,
        "starting models repeat");
    String owner = Callers.owner(ctx);
    for (String m : in.startingModels()) {
      LiveTransaction t = state.requireTx(Check.id(m, "starting model"));
      Check.require(t.owner().equals(owner), ErrorCode.ACCESS_DENIED,
          "starting model " + m + " is owned by " + t.owner() + ", not by " + owner);
    }
    // The forget specification is private (transient in, a salted commitment on the ledger):
    // a refusal never echoes it, since errors reach peer logs and client traces.
    String forget = in.forget();
    Check.require(forget != null && !forget.isEmpty() && forget.length() <= 1024
        && forget.chars().noneMatch(Character::isISOControl), ErrorCode.INVALID_ARGUMENT,
        "forget (classes or sample set) must be 1..1024 printable characters (the value is private, not shown)");
    try {
      forget = ForgetSpec.parse(forget).toString();
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "the forget specification is malformed: expected classes:C[,C…] "
          + "(distinct classes 0..9, not all ten) or samples:NAME (1..256 printable characters, no spaces); "
          + "the value is private, not shown");
    }
    Method method;
    Paradigm paradigm;
    try {
      method = Method.parse(in.method());
      paradigm = Paradigm.parse(in.paradigm());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    Check.require(method.paradigm() == paradigm, ErrorCode.INVALID_ARGUMENT,
        "method " + method + " belongs to the " + method.paradigm() + " paradigm, not " + paradigm);
    byte[] salt = Check.hex(in.forgetSalt(), "forgetSalt", 32);
    List<String> cascade = cascade(state, in.startingModels(), 1).stream().map(Dag.Descendant::id).toList();
    String commitment = Check.hex(CanonicalBytes.forgetCommitment(salt, forget));
    UnlearningRequest req = new UnlearningRequest(id, owner, in.startingModels(), cascade, commitment, method.word(),
        paradigm.word(), "OPEN", List.of(), millis(stub), stub.getTxId(), null);
    state.put(state.requestKey(id), req);
    state.putForget(new ForgetRecord(id, forget, Check.hex(salt)));
    stub.setEvent("lethe.request-opened", Json.bytes(req));
    return Json.string(req);
  }

  /**
   * The forget specification of a request, for its owner, the committee and — on a zero-shot
   * request, whose mask it computes — the zero-shot provider (the {@code requests} collection
   * admits UsersMSP and the committee orgs; the chaincode narrows it). Checked against the
   * public commitment before it is returned.
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetForget(Context ctx, String id) {
    LedgerState state = new LedgerState(ctx.getStub());
    UnlearningRequest r = state.request(Check.id(id, "request id"));
    Check.require(r != null, ErrorCode.NOT_FOUND, "no unlearning request " + id);
    String msp = Access.callerMsp(ctx);
    String caller = Callers.owner(ctx);
    boolean provider = Paradigm.ZERO_SHOT.word().equals(r.paradigm()) && SystemContract.value(ctx.getStub(),
        io.lethe.ledger.GovernanceParameters.ZEROSHOT_PROVIDER).map(caller::equals).orElse(false);
    Check.require(Orgs.isCommittee(msp) || r.owner().equals(caller) || provider, ErrorCode.ACCESS_DENIED,
        "access denied: the forget specification of request " + id + " is readable only by its owner, the committee"
            + " and, for a zero-shot request, the zero-shot provider");
    ForgetRecord f = state.forget(id);
    Check.require(f != null, ErrorCode.FAILED_PRECONDITION, "the forget specification of " + id + " is not on this peer");
    Check.require(Check.hex(CanonicalBytes.forgetCommitment(Check.unhex(f.salt()), f.forget())).equals(r.forgetCommitment()),
        ErrorCode.VERIFICATION_FAILED, "the stored forget specification of " + id + " does not match its commitment");
    return Json.string(f);
  }

  /**
   * The zero-shot provider records its mask for one model version of an open zero-shot request
   * (transient field {@code mask}, {@link Inputs.RecordMask}); see {@link ZeroShotMasks}.
   * Returns the record without the mask itself.
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordMask(Context ctx) {
    io.lethe.ledger.Records.RecordedMask m = ZeroShotMasks.record(ctx);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestId", m.requestId());
    out.put("modelId", m.modelId());
    out.put("version", m.version());
    out.put("weights", m.weights());
    out.put("removed", m.removed());
    out.put("fabricTxId", m.fabricTxId());
    return Json.string(out);
  }

  /** The recorded mask of one model version under a zero-shot request (who may read it: {@link ZeroShotMasks#get}). */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetMask(Context ctx, String requestId, String modelId, long version) {
    return Json.string(ZeroShotMasks.get(ctx, requestId, modelId, version));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetRequest(Context ctx, String id) {
    UnlearningRequest r = new LedgerState(ctx.getStub()).request(id);
    Check.require(r != null, ErrorCode.NOT_FOUND, "no unlearning request " + id);
    return Json.string(r);
  }

  // ------------------------------------------------------------------ redaction

  /** Parallel paradigm: rewrites any number of models of one request in this one transaction. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RedactBatch(Context ctx) {
    return redact(ctx, "RedactBatch", false);
  }

  /** Sequential paradigm: rewrites exactly one model. */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RedactOne(Context ctx) {
    return redact(ctx, "RedactOne", true);
  }

  private String redact(Context ctx, String function, boolean single) {
    Access.requireCommittee(ctx, function);
    ChaincodeStub stub = ctx.getStub();
    LedgerState state = new LedgerState(stub);
    CommitteeConfig cfg = state.requireConfig();
    Redaction in = InputJson.parse(stub.getTransient().get(TransientFields.REDACTION), Redaction.class, "transient field 'redaction'");
    String requestId = Check.id(in.requestId(), "request id");
    Check.require(!Boolean.TRUE.equals(in.close()), ErrorCode.INVALID_ARGUMENT,
        "a redaction cannot close its request early; propose close-request to the committee (Governance)");
    UnlearningRequest req = state.request(requestId);
    Check.require(req != null, ErrorCode.NOT_FOUND, "no unlearning request " + requestId);
    Check.require("OPEN".equals(req.status()), ErrorCode.FAILED_PRECONDITION,
        "request " + requestId + " is " + req.status() + "; redactions need an open request");
    List<Rewrite> rewrites = in.rewrites() == null ? List.of() : in.rewrites();
    Check.require(!rewrites.isEmpty(), ErrorCode.INVALID_ARGUMENT, "a redaction needs at least one rewrite");
    Check.require(!single || rewrites.size() == 1, ErrorCode.INVALID_ARGUMENT,
        "RedactOne rewrites exactly one model; use RedactBatch for " + rewrites.size());
    Check.require(rewrites.size() <= MAX_BATCH, ErrorCode.INVALID_ARGUMENT, "at most " + MAX_BATCH + " rewrites");
    // Sequential paradigm: one RedactOne per model, in the cascade's (topological) order.
    boolean sequential = Paradigm.SEQUENTIAL.word().equals(req.paradigm());
    Check.require(!sequential || single, ErrorCode.FAILED_PRECONDITION, "request " + requestId
        + " follows the sequential paradigm: one RedactOne per model in cascade order, never RedactBatch");
    String nextInOrder = sequential ? nextSequential(req) : null;

    String channel = stub.getChannelId();
    String txId = stub.getTxId();
    long ts = millis(stub);
    byte[] policy = CommitteeEndorsementPolicy.tOfN(Orgs.COMMITTEE, cfg.threshold());
    Set<String> seen = new HashSet<>();
    Map<Long, LiveBlock> affected = new TreeMap<>();
    List<ArchiveEntry> archived = new ArrayList<>();
    List<Change> changes = new ArrayList<>(req.changes());
    List<Map<String, Object>> rewritten = new ArrayList<>();
    RewriteProofs proofs = new RewriteProofs(state, req, channel);
    for (Rewrite rw : rewrites) {
      Check.require(rw != null, ErrorCode.INVALID_ARGUMENT, "null rewrite");
      String id = Check.id(rw.id(), "model id");
      Check.require(seen.add(id), ErrorCode.INVALID_ARGUMENT, "model " + id + " is rewritten twice");
      LiveTransaction t = state.requireTx(id);
      Check.require(t.block() >= 0, ErrorCode.FAILED_PRECONDITION, "model " + id
          + " is pending (published, not sealed into a live block yet); redact it after the next SealBlock");
      Check.require(req.cascade().contains(id), ErrorCode.FAILED_PRECONDITION,
          "model " + id + " is not in the cascade of request " + requestId);
      Check.require(nextInOrder == null || nextInOrder.equals(id), ErrorCode.FAILED_PRECONDITION,
          "request " + requestId + " is sequential: the next model to rewrite in cascade order is " + nextInOrder
              + ", not " + id);
      Check.require(t.refs().equals(rw.refs() == null ? List.of() : rw.refs()), ErrorCode.FAILED_PRECONDITION,
          "refs of " + id + " cannot change: stored " + t.refs() + ", given " + rw.refs());
      String uri = Check.text(rw.modelUri(), "modelUri of " + id, 512);
      byte[] zk = Check.zkDigest(rw.zkDigest(), "zkDigest of " + id);
      byte[] r = Check.hex(rw.r(), "R of " + id, 33);
      byte[] s = Check.hex(rw.s(), "s of " + id, 32);

      Payload old = state.payload(id, t.version());
      Check.require(old != null && old.version() == t.version(), ErrorCode.FAILED_PRECONDITION,
          "payload of " + id + " version " + t.version() + " is not on this peer");
      byte[] oldMsg = CanonicalBytes.payload(old.version(), old.requestId(), old.modelUri(), Check.unhex(old.zkDigest()),
          old.refs());
      Check.require(Check.hex(CanonicalBytes.sha256(oldMsg)).equals(t.payloadHash()), ErrorCode.VERIFICATION_FAILED,
          "stored payload of " + id + " does not match its public hash");
      long next = t.version() + 1;
      refuseEarlierContent(state, id, old, uri, Check.hex(zk));
      RewriteProofs.Proven proven = proofs.check(id, next, old, zk, rw.proof());
      byte[] newMsg = CanonicalBytes.payload(next, requestId, uri, zk, t.refs());
      byte[] pk = Check.unhex(cfg.keys().get(t.keyIndex()).publicKey());
      String why = scheme.verify(pk, CanonicalBytes.txContext(channel, id), newMsg, Check.unhex(t.c()), r, s);
      Check.require(why == null, ErrorCode.VERIFICATION_FAILED,
          "collision for " + id + " version " + next + " under request " + requestId
              + " does not verify under committee key #" + t.keyIndex() + ": " + why);

      String newHash = Check.hex(CanonicalBytes.sha256(newMsg));
      state.put(state.txKey(id), new LiveTransaction(t.id(), t.owner(), t.block(), t.index(), t.c(), Check.hex(r),
          Check.hex(s), next, t.refs(), t.keyIndex(), newHash, t.publishedIn(), txId, requestId));
      state.putPayload(id, next, new Payload(uri, Check.hex(zk), t.refs(), next, requestId));
      stub.setPrivateDataValidationParameter(LedgerState.LIVE_COLLECTION, state.payloadKey(id, next), policy);
      stub.purgePrivateData(LedgerState.LIVE_COLLECTION, state.payloadKey(id, t.version()));
      archived.add(new ArchiveEntry(id, t.version(), old.requestId(), old.modelUri(), old.zkDigest(), t.r(), t.s(), requestId,
          t.writtenIn(), ts));
      changes.add(new Change(id, t.version(), next, t.payloadHash(), newHash, txId, ts));
      affected.computeIfAbsent(t.block(), state::block);
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("id", id);
      rec.put("version", next);
      rec.put("block", t.block());
      if (proven.kind() != null) {
        rec.put("proof", Map.of("statement", proven.kind(), "chunksProven", proven.chunksProven(),
            "chunksUnchanged", proven.chunksUnchanged()));
      }
      rewritten.add(rec);
    }

    Map<Long, HeaderAdapt> headers = new TreeMap<>();
    for (HeaderAdapt h : in.headers() == null ? List.<HeaderAdapt>of() : in.headers()) {
      Check.require(h != null && headers.put(h.height(), h) == null, ErrorCode.INVALID_ARGUMENT,
          "header randomness repeats or is null");
    }
    Check.require(headers.keySet().equals(affected.keySet()), ErrorCode.INVALID_ARGUMENT,
        "header randomness must be given for exactly the affected blocks " + affected.keySet() + ", got " + headers.keySet());
    for (LiveBlock b : affected.values()) {
      List<byte[]> leaves = new ArrayList<>();
      for (String id : b.txIds()) {
        leaves.add(Check.unhex(state.requireTx(id).c()));
      }
      byte[] root = MerkleTree.root(leaves);
      Check.require(Check.hex(root).equals(b.merkleRoot()), ErrorCode.VERIFICATION_FAILED,
          "Merkle root of block " + b.height() + " no longer matches its transactions");
      HeaderAdapt h = headers.get(b.height());
      byte[] r = Check.hex(h.r(), "header R of block " + b.height(), 33);
      byte[] s = Check.hex(h.s(), "header s of block " + b.height(), 32);
      long next = b.version() + 1;
      byte[] msg = CanonicalBytes.headerMessage(b.height(), Check.unhex(b.parentHash()), root, b.timestamp(), next);
      byte[] pk = Check.unhex(cfg.keys().get(b.keyIndex()).publicKey());
      String why = scheme.verify(pk, CanonicalBytes.headerContext(channel, b.height()), msg, Check.unhex(b.chCurr()), r, s);
      Check.require(why == null, ErrorCode.VERIFICATION_FAILED,
          "header collision for block " + b.height() + " (version " + next + ") does not verify: " + why);
      state.put(state.blockKey(b.height()), new LiveBlock(b.height(), b.parentHash(), b.merkleRoot(), b.timestamp(),
          next, b.chCurr(), Check.hex(r), Check.hex(s), b.keyIndex(), b.txIds(), b.fabricTxId()));
    }

    ArchiveBlock archiveBlock = ArchiveWriter.append(state, archived, ts, txId);
    Set<String> done = new HashSet<>();
    changes.forEach(c -> done.add(c.txId()));
    boolean complete = done.containsAll(req.cascade());
    UnlearningRequest updated = withStatus(req, changes, complete ? "CLOSED" : "OPEN", complete ? ts : null);
    state.put(state.requestKey(requestId), updated);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("requestId", requestId);
    result.put("fabricTxId", txId);
    result.put("rewritten", rewritten);
    result.put("blocks", new ArrayList<>(affected.keySet()));
    result.put("archiveHeight", archiveBlock.height());
    result.put("archiveHash", archiveBlock.hash());
    result.put("requestStatus", updated.status());
    stub.setEvent("lethe.redaction", Json.bytes(result));
    return Json.string(result);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A rewrite must move a model forward: its new content may not be the current one nor any
   * archived earlier version's (no rollback to a forgotten payload, even with a fresh collision).
   */
  private static void refuseEarlierContent(LedgerState state, String id, Payload current, String uri, String zkHex) {
    Check.require(!current.zkDigest().equals(zkHex) && !current.modelUri().equals(uri), ErrorCode.INVALID_ARGUMENT,
        "rewrite of " + id + " leaves its model (URI or zkDigest) unchanged");
    // Point reads only: a private-data range query would make Fabric refuse this transaction's writes.
    for (long v = 0; v < current.version(); v++) {
      ArchiveEntry e = state.archivedVersion(id, v);
      Check.require(e != null, ErrorCode.FAILED_PRECONDITION,
          "version " + v + " of " + id + " is missing from the archive on this peer");
      Check.require(!e.zkDigest().equals(zkHex) && !e.modelUri().equals(uri), ErrorCode.FAILED_PRECONDITION,
          "rewrite of " + id + " restores the content of its version " + e.version()
              + ", superseded under request " + e.requestId() + "; a forgotten model never comes back");
    }
  }


  /** The first model of a sequential request's cascade (topological order) not rewritten under it yet. */
  private static String nextSequential(UnlearningRequest req) {
    Set<String> done = new HashSet<>();
    req.changes().forEach(c -> done.add(c.txId()));
    return req.cascade().stream().filter(m -> !done.contains(m)).findFirst()
        .orElseThrow(() -> Check.fail(ErrorCode.FAILED_PRECONDITION, "request " + req.id() + " has no model left to rewrite"));
  }

  private static List<Dag.Descendant> cascade(LedgerState state, List<String> starts, int exponent) {
    try {
      return Dag.cascade(state, starts, exponent, cascadeCap(state.stub()));
    } catch (Dag.CascadeTooLarge e) {
      throw Check.fail(ErrorCode.FAILED_PRECONDITION, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
  }

  /** The cascade cap: governance's {@code cascade.max} when set, else {@link Dag#MAX_CASCADE}. */
  private static int cascadeCap(ChaincodeStub stub) {
    return SystemContract.value(stub, Dag.CASCADE_CAP_PARAMETER).map(Integer::parseInt).orElse(Dag.MAX_CASCADE);
  }

  private static List<String> refs(List<String> refs, String id) {
    List<String> out = refs == null ? List.of() : List.copyOf(refs);
    Check.require(out.size() <= MAX_REFS, ErrorCode.INVALID_ARGUMENT, id + " has more than " + MAX_REFS + " refs");
    Check.require(new HashSet<>(out).size() == out.size(), ErrorCode.INVALID_ARGUMENT, "refs of " + id + " repeat");
    for (String r : out) {
      Check.id(r, "ref of " + id);
      Check.require(!r.equals(id), ErrorCode.INVALID_ARGUMENT, id + " cannot reference itself");
    }
    return out;
  }

  static UnlearningRequest withStatus(UnlearningRequest r, List<Change> changes, String status, Long closedAt) {
    return new UnlearningRequest(r.id(), r.owner(), r.startingModels(), r.cascade(), r.forgetCommitment(), r.method(),
        r.paradigm(), status, changes, r.openedAt(), r.openedIn(), closedAt);
  }

  static long millis(ChaincodeStub stub) {
    return stub.getTxTimestamp().toEpochMilli();
  }
}
