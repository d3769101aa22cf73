package io.lethe.contracts.fuzz;

import static io.lethe.contracts.ledger.LedgerFixture.CHANNEL;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.Trapdoor;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.chameleon.committee.Lagrange;
import io.lethe.contracts.ledger.LedgerFixture;
import io.lethe.contracts.ledger.LedgerState;
import io.lethe.contracts.testing.InMemoryStub;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Publish;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.TransientFields;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * The valid ledger every fuzzed attempt starts from (built once per property) and the
 * committee's valid redactions of it. Two committee key epochs, four requests in every state,
 * rewrite history (so there are archived versions to roll back to, and applied redactions to
 * replay), and two governance proposals waiting for approvals:
 *
 * <pre>
 * key 0: block 0 a b (user1) · block 1 c[a] h[a] (user2) · block 2 d[a,b] x[b] (user3)
 * key 1: block 3 e[c,d] (user4) · block 4 f[b] g[e] (user5) · block 5 o p[o] (user6) · block 6 s1 s2[s1] s3[s2] (user7)
 * r-open    (user1, from a)  OPEN    cascade a c h d e g; d rewritten twice under it
 * r-foreign (user2, from c)  OPEN    cascade c e g;       e rewritten once under it
 * r-done    (user6, from o)  CLOSED  o and p rewritten
 * r-voted   (user5, from f)  CLOSED  by an executed close-request proposal
 * r-seq     (user7, from s1) OPEN    sequential; cascade s1 s2 s3; s1 rewritten by RedactOne
 * </pre>
 */
final class FuzzLedger {
  static final String OPEN = "r-open";
  static final String FOREIGN = "r-foreign";
  static final String COMPLETED = "r-done";
  static final String VOTED = "r-voted";
  static final String SEQUENTIAL = "r-seq";
  /** r-seq's cascade, in its topological order. */
  static final List<String> SEQ_CASCADE = List.of("s1", "s2", "s3");
  static final List<String> CASCADE = List.of("a", "c", "h", "d", "e", "g");
  static final List<String> FOREIGN_CASCADE = List.of("c", "e", "g");
  static final List<String> OUTSIDE = List.of("b", "x", "f", "o", "p");
  static final List<String> ALL_MODELS = List.of("a", "b", "c", "h", "d", "x", "e", "f", "g", "o", "p", "s1", "s2", "s3");
  /** Models rewritten while building: each has archived versions. */
  static final List<String> WITH_HISTORY = List.of("d", "e");
  /** The content tag of the valid redactions (never used before on this ledger). */
  static final String TAG = "fz";

  static final String PENDING_ROTATION = "rotate-evil";
  static final String PENDING_CLOSE = "close-open";
  static final List<String> EXECUTED = List.of("set-key", "rotate-1", "close-voted");

  private static final HexFormat HEX = HexFormat.of();

  final LedgerFixture f = LedgerFixture.unkeyed();
  private final SecureRandom rnd = f.rnd;
  private final List<Trapdoor> epochKeys = new ArrayList<>();
  /** A chameleon key outside the committee: collisions under it are forgeries. */
  final Trapdoor attacker = Trapdoor.generate(rnd);
  private final Map<String, LiveTransaction> txs = new HashMap<>();
  private final Map<Long, LiveBlock> blocks = new HashMap<>();
  private final Map<String, NewPayload> current = new HashMap<>();
  private final Map<String, List<ArchivedVersion>> archived = new HashMap<>();
  private final List<Replay> replays = new ArrayList<>();
  private final Map<String, Proposal> proposals = new LinkedHashMap<>();
  private final Map<Integer, Redaction> validByMask = new HashMap<>();
  private final Set<Integer> usedMasks = new TreeSet<>();
  /** Set when an attempt was accepted or changed state: the property has failed, and the ledger is no longer the base. */
  boolean broken;

  /** One superseded version: its content and the public opening (R, s) of C to it. */
  record ArchivedVersion(long version, NewPayload content, String r, String s) {}

  /** A redaction that was applied while building, and how a replay of it must be refused now. */
  record Replay(String name, Redaction input, ErrorCode refusedWith) {}

  /** A governance proposal, its action, the hash approvals must name, and the org that proposed it. */
  record Proposal(String id, Governance.Action action, String actionHash, String proposerMsp, boolean executed) {}

  FuzzLedger() {
    epochKeys.add(trapdoor(f.committee));
    f.setKey();
    proposals.put("set-key", executed("set-key", new Governance.Action("set-committee-key", f.publicKeyHex(), 3, null,
        null, null, null, null, null)));
    publish("user1", 0, model(0, "a"), model(0, "b"));
    publish("user2", 0, model(0, "c", "a"), model(0, "h", "a"));
    publish("user3", 0, model(0, "d", "a", "b"), model(0, "x", "b"));

    Dealer.Dealt next = Dealer.deal(2, 3, rnd);
    epochKeys.add(trapdoor(next));
    Governance.Action rotate = new Governance.Action("rotate-committee-key", next.publicKey().groupKey().toHex(), null,
        "scheduled rotation", null, null, null, null, null);
    f.govern("rotate-1", rotate);
    proposals.put("rotate-1", executed("rotate-1", rotate));
    publish("user4", 1, model(1, "e", "c", "d"));
    publish("user5", 1, model(1, "f", "b"), model(1, "g", "e"));
    publish("user6", 1, model(1, "o"), model(1, "p", "o"));
    publish("user7", 1, model(1, "s1"), model(1, "s2", "s1"), model(1, "s3", "s2"));
    ALL_MODELS.forEach(id -> current.put(id, new NewPayload("bafy-" + id, LedgerFixture.zk(id))));
    refresh();

    open("user1", OPEN, "a");
    open("user2", FOREIGN, "c");
    open("user6", COMPLETED, "o");
    open("user5", VOTED, "f");
    f.openRequest("user7", LedgerFixture.requestJson(SEQUENTIAL, List.of("s1"), "samples:user7-0..9", "retrain",
        "sequential"));

    Redaction d1 = apply(OPEN, List.of("d"), "h1");
    Redaction d2 = apply(OPEN, List.of("d"), "h2");
    Redaction e1 = apply(FOREIGN, List.of("e"), "h1");
    Redaction op = apply(COMPLETED, List.of("o", "p"), "h1");
    apply(SEQUENTIAL, List.of("s1"), "h1", f.live::RedactOne);
    replays.add(new Replay("d to its archived version 1", d1, ErrorCode.FAILED_PRECONDITION));
    replays.add(new Replay("d to its current version 2", d2, ErrorCode.INVALID_ARGUMENT));
    replays.add(new Replay("e to its current version 1", e1, ErrorCode.INVALID_ARGUMENT));
    replays.add(new Replay("o and p under their closed request", op, ErrorCode.FAILED_PRECONDITION));

    Governance.Action close = new Governance.Action("close-request", null, null, "stopped early at epsilon", null, null,
        null, null, VOTED);
    f.govern("close-voted", close);
    proposals.put("close-voted", executed("close-voted", close));
    propose(Orgs.COMMITTEE1, PENDING_ROTATION, new Governance.Action("rotate-committee-key",
        attacker.publicKey().toHex(), null, "takeover", null, null, null, null, null));
    propose(Orgs.COMMITTEE3, PENDING_CLOSE, new Governance.Action("close-request", null, null, "cascade complete", null,
        null, null, null, OPEN));
    refresh();
  }

  // ------------------------------------------------------------------ building

  /** The full trapdoor behind a dealt committee key (Lagrange over shares 1 and 2): the committee's joint collisions, computed fast. */
  private static Trapdoor trapdoor(Dealer.Dealt dealt) {
    List<Integer> signers = List.of(1, 2);
    BigInteger x = BigInteger.ZERO;
    for (KeyShare share : dealt.shares().subList(0, 2)) {
      x = x.add(Lagrange.coefficient(share.member(), signers).multiply(new BigInteger(1, share.shareBytes())));
    }
    Trapdoor t = Trapdoor.of(x.mod(P256.N));
    if (!t.publicKey().equals(dealt.publicKey().groupKey())) {
      throw new IllegalStateException("reconstructed trapdoor does not match the committee key");
    }
    return t;
  }

  private NewModel model(int epoch, String id, String... refs) {
    return LedgerRequests.newModel(epochKeys.get(epoch).publicKey(), CHANNEL, id, "bafy-" + id, LedgerFixture.zk(id),
        List.of(refs), rnd);
  }

  private void publish(String user, int epoch, NewModel... models) {
    ChameleonPublicKey pk = epochKeys.get(epoch).publicKey();
    String json = Json.string(new Publish(List.of(models), null));
    f.submit(Orgs.USERS, user, "client", Map.of(TransientFields.PUBLISH, json), Orgs.COMMITTEE, f.live::Publish);
    String seal = Json.string(new io.lethe.ledger.Inputs.Seal(f.pendingRefs(), LedgerRequests.headerRandomness(pk, rnd)));
    f.submit(Orgs.COMMITTEE1, "sealer", "client", Map.of(), Orgs.COMMITTEE, ctx -> f.live.SealBlock(ctx, seal));
  }

  private void open(String user, String id, String start) {
    f.openRequest(user, LedgerFixture.requestJson(id, List.of(start), "classes:1", "gradient-ascent", "parallel"));
  }

  private Redaction apply(String requestId, List<String> ids, String tag) {
    return apply(requestId, ids, tag, f.live::RedactBatch);
  }

  private Redaction apply(String requestId, List<String> ids, String tag, Function<Context, String> fn) {
    Redaction r = redaction(requestId, ids, tag);
    for (String id : ids) {
      LiveTransaction t = txs.get(id);
      archived.computeIfAbsent(id, k -> new ArrayList<>())
          .add(new ArchivedVersion(t.version(), current.get(id), t.r(), t.s()));
      current.put(id, content(id, tag));
    }
    f.submit(Orgs.COMMITTEE1, "admin", "admin", Map.of(TransientFields.REDACTION, Json.string(r)), Orgs.COMMITTEE, fn);
    refresh();
    return r;
  }

  private Proposal executed(String id, Governance.Action action) {
    return new Proposal(id, action, proposalJson(id).get("actionHash").asText(), Orgs.COMMITTEE1, true);
  }

  private void propose(String msp, String id, Governance.Action action) {
    JsonNode p = LedgerFixture.json(f.admin(msp, ctx -> f.governance.propose(ctx, id, Json.string(action))));
    proposals.put(id, new Proposal(id, action, p.get("actionHash").asText(), msp, false));
  }

  private JsonNode proposalJson(String id) {
    return LedgerFixture.json(f.query(Orgs.USERS, ctx -> f.governance.getProposal(ctx, id)));
  }

  private void refresh() {
    for (String id : ALL_MODELS) {
      if (f.peer.committedState(stateKeyOfTx(id)) != null) {
        LiveTransaction t = f.tx(id);
        txs.put(id, t);
        blocks.put(t.block(), f.block(t.block()));
      }
    }
  }

  private String stateKeyOfTx(String id) {
    return new LedgerState(f.peer.proposal("x", "x", Orgs.COMMITTEE1)).txKey(id);
  }

  // ------------------------------------------------------------------ what the ledger holds

  LiveTransaction tx(String id) {
    return txs.get(id);
  }

  LiveBlock block(long height) {
    return blocks.get(height);
  }

  long blockCount() {
    return blocks.size();
  }

  /** The trapdoor of key epoch {@code index} (0: the first committee key, 1: the rotated one). */
  Trapdoor epochKey(int index) {
    return epochKeys.get(index);
  }

  Trapdoor keyOf(String id) {
    return epochKeys.get(tx(id).keyIndex());
  }

  NewPayload current(String id) {
    return current.get(id);
  }

  List<ArchivedVersion> archived(String id) {
    return archived.getOrDefault(id, List.of());
  }

  List<Replay> replays() {
    return replays;
  }

  Proposal proposal(String id) {
    return proposals.get(id);
  }

  static NewPayload content(String id, String tag) {
    return new NewPayload("bafy-" + id + "-" + tag, LedgerFixture.zk(id + "-" + tag));
  }

  // ------------------------------------------------------------------ collisions

  /** The committee's redaction of {@code ids} to their {@code tag} content under {@code requestId} (the client builder). */
  Redaction redaction(String requestId, List<String> ids, String tag) {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    ids.forEach(id -> updates.put(id, content(id, tag)));
    return LedgerRequests.redaction(CHANNEL, requestId, updates, txs, blocks,
        (key, ctx, c, msg) -> collide(epochKeys.get(key), ctx, c, msg));
  }

  /** The valid redaction of the cascade models selected by {@code mask} (bit i: {@code CASCADE.get(i)}) under r-open. */
  Redaction valid(int mask) {
    usedMasks.add(mask);
    return validByMask.computeIfAbsent(mask, m -> redaction(OPEN, modelsOf(m), TAG));
  }

  static List<String> modelsOf(int mask) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < CASCADE.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        ids.add(CASCADE.get(i));
      }
    }
    return ids;
  }

  static int maskOf(List<String> ids) {
    int mask = 0;
    for (String id : ids) {
      mask |= 1 << CASCADE.indexOf(id);
    }
    return mask;
  }

  Set<Integer> usedMasks() {
    return usedMasks;
  }

  Randomness collide(Trapdoor key, byte[] ctx, byte[] c, byte[] msg) {
    return ChameleonHash.adapt(key, key.publicKey(), ctx, c, msg, rnd);
  }

  /**
   * A rewrite of {@code id} to {@code content} whose (R, s) opens the model's C to exactly this
   * message (version, request, refs) under {@code key}: a genuine collision of whoever holds it.
   */
  Rewrite rewrite(String requestId, String id, NewPayload content, long version, List<String> refs, Trapdoor key) {
    byte[] msg = CanonicalBytes.payload(version, requestId, content.uri(), content.zkDigest(), refs);
    Randomness r = collide(key, CanonicalBytes.txContext(CHANNEL, id), HEX.parseHex(tx(id).c()), msg);
    return new Rewrite(id, content.uri(), HEX.formatHex(content.zkDigest()), refs, r.rHex(), r.sHex());
  }

  /** The committee's rewrite of {@code id} to {@code content} at the next version under {@code requestId}. */
  Rewrite rewrite(String requestId, String id, NewPayload content) {
    LiveTransaction t = tx(id);
    return rewrite(requestId, id, content, t.version() + 1, t.refs(), keyOf(id));
  }

  /** Header randomness opening block {@code height}'s chCurr to its header at {@code version} under {@code key}. */
  HeaderAdapt header(long height, long version, Trapdoor key) {
    LiveBlock b = block(height);
    byte[] msg = CanonicalBytes.headerMessage(height, HEX.parseHex(b.parentHash()), HEX.parseHex(b.merkleRoot()),
        b.timestamp(), version);
    Randomness r = collide(key, CanonicalBytes.headerContext(CHANNEL, height), HEX.parseHex(b.chCurr()), msg);
    return new HeaderAdapt(height, r.rHex(), r.sHex());
  }

  /** The committee's header randomness for block {@code height} at its next version. */
  HeaderAdapt header(long height) {
    LiveBlock b = block(height);
    return header(height, b.version() + 1, epochKeys.get(b.keyIndex()));
  }

  // ------------------------------------------------------------------ transactions

  /** A transaction proposal: creator, endorsing orgs (the first simulates it), transient redaction bytes, contract function. */
  record Call(String msp, String name, String nodeOu, List<String> endorsers, byte[] redaction,
      Function<Context, String> fn) {}

  /** Committee1's admin, endorsed by every committee peer: how the committee submits a redaction. */
  Call committeeCall(byte[] redactionJson, Function<Context, String> fn) {
    return new Call(Orgs.COMMITTEE1, "admin", "admin", Orgs.COMMITTEE, redactionJson, fn);
  }

  Function<Context, String> redactBatch() {
    return f.live::RedactBatch;
  }

  Function<Context, String> redactOne() {
    return f.live::RedactOne;
  }

  /** Endorses (simulates) and commits; throws what the contract or the commit-time policy check throws. */
  String run(Call call) {
    InMemoryStub stub = simulate(call);
    String out = call.fn().apply(stub.context());
    stub.commit(call.endorsers());
    return out;
  }

  /** Endorsement only: the contract accepts the proposal; nothing is committed. */
  String endorse(Call call) {
    return call.fn().apply(simulate(call).context());
  }

  private InMemoryStub simulate(Call call) {
    InMemoryStub stub = f.peer.proposal(call.msp(), call.name(), call.nodeOu(), null, call.endorsers().get(0));
    if (call.redaction() != null) {
      stub.transientData(TransientFields.REDACTION, call.redaction());
    }
    return stub;
  }

  /** Every byte of the peer and the number of committed transactions. */
  record Snapshot(SortedMap<String, byte[]> bytes, int committed) {
    /** The first difference from {@code later}, or null when byte-identical. */
    String differenceTo(Snapshot later) {
      if (committed != later.committed) {
        return "committed transactions " + committed + " → " + later.committed;
      }
      if (!bytes.keySet().equals(later.bytes.keySet())) {
        Set<String> added = new TreeSet<>(later.bytes.keySet());
        added.removeAll(bytes.keySet());
        Set<String> removed = new TreeSet<>(bytes.keySet());
        removed.removeAll(later.bytes.keySet());
        return "keys added " + added + ", removed " + removed;
      }
      for (var e : bytes.entrySet()) {
        if (!Arrays.equals(e.getValue(), later.bytes.get(e.getKey()))) {
          return "value of " + e.getKey() + " changed";
        }
      }
      return null;
    }
  }

  Snapshot snapshot() {
    return new Snapshot(f.peer.snapshotAll(), f.peer.log().size());
  }
}
