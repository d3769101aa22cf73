package io.lethe.attack;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.Trapdoor;
import io.lethe.committee.CommitteeFiles;
import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ModelToPublish;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Method;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.KeyEpoch;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.scenario.SyntheticModels;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The valid ledger every network fuzz attempt starts from, built on the running network through
 * the Fabric Gateway (all ids carry the run's prefix P), and the committee's valid redactions of
 * it:
 *
 * <pre>
 * key epoch k0: block a b (user1) · c[a] h[a] (user2) · d[a,b] x[b] (user3)
 * key epoch k1: block e[c,d] (user4) · f[b] g[e] (user5) · o p[o] s1 s2[s1] s3[s2] (user6)
 * r-open    (user1, from a)   parallel    OPEN    cascade a c h d e g; d rewritten twice under it
 * r-foreign (user2, from c)   parallel    OPEN    cascade c e g;       e rewritten once under it
 * r-done    (user6, from o)   parallel    CLOSED  o and p rewritten
 * r-voted   (user5, from f)   parallel    CLOSED  by an executed close-request proposal
 * r-seq     (user6, from s1)  sequential  OPEN    cascade s1 s2 s3;    s1 rewritten (RedactOne)
 * P-close-open: a close-request proposal for r-open, approved by committee1's admin only
 * </pre>
 *
 * On a network whose committee key is not set yet, k0 is a throwaway key set by governance
 * (its trapdoor lives in this process only) and k1 the committee files' key, set by a
 * rotation: the network ends with the files' key current, so it stays usable. On a network
 * whose key is already set (it must be the files' key), both epochs are that one key.
 */
public final class FuzzFixture {
  /** The models of r-open's cascade (fixture names, without the prefix); valid redactions rewrite them in this order. */
  public static final List<String> CASCADE = List.of("a", "c", "h", "d", "e", "g");
  public static final List<String> FOREIGN_CASCADE = List.of("c", "e", "g");
  public static final List<String> OUTSIDE = List.of("b", "x", "f", "o", "p");
  public static final List<String> SEQ_CASCADE = List.of("s1", "s2", "s3");
  public static final List<String> ALL = List.of("a", "b", "c", "h", "d", "x", "e", "f", "g", "o", "p", "s1", "s2", "s3");
  /** Models rewritten while building: they have archived versions. */
  public static final List<String> WITH_HISTORY = List.of("d", "e");
  /** The content tag of the valid redactions (never used before on this ledger). */
  static final String TAG = "fz";

  private static final HexFormat HEX = HexFormat.of();

  /** One superseded version: its content and the public opening (R, s) of C to it. */
  public record ArchivedVersion(long version, NewPayload content, String r, String s) {}

  /** A redaction the fixture applied, and the code a replay of it must meet now. */
  public record Replay(String name, Redaction input, boolean one, ErrorCode refusedWith) {}

  final String prefix;
  final String channel;
  private final FabricSession session;
  private final SecureRandom rnd;
  private final Consumer<String> progress;
  private final CommitteeFiles files;
  /** Collisions per key epoch index (the committee's: shares in process, or the throwaway epoch's trapdoor). */
  private final Map<Integer, LedgerRequests.Collider> colliders = new HashMap<>();
  /** A chameleon key outside the committee: collisions under it are forgeries. */
  final Trapdoor attacker;
  private final Map<String, LiveTransaction> txs = new HashMap<>();
  private final Map<Long, LiveBlock> blocks = new HashMap<>();
  private final Map<String, NewPayload> current = new HashMap<>();
  private final Map<String, List<ArchivedVersion>> archived = new HashMap<>();
  private final List<Replay> replays = new ArrayList<>();
  private final Map<List<String>, Redaction> validByIds = new HashMap<>();
  private int keyEpochs;
  private String pendingProposal;
  private String pendingActionHash;

  private FuzzFixture(FabricSession session, CommitteeFiles files, String prefix, SecureRandom rnd,
      Consumer<String> progress) {
    this.session = session;
    this.files = files;
    this.prefix = prefix;
    this.rnd = rnd;
    this.progress = progress;
    this.attacker = Trapdoor.generate(rnd);
    this.channel = session.profile().channel();
  }

  /** Builds the fixture on the network: 23 transactions (19 when the key is set already), 8 of them concurrent. */
  public static FuzzFixture build(FabricSession session, CommitteeFiles files, String prefix, SecureRandom rnd,
      Consumer<String> progress) {
    FuzzFixture f = new FuzzFixture(session, files, prefix, rnd, progress);
    f.build();
    return f;
  }

  private LedgerClient committee() {
    return session.ledger("committee1");
  }

  private void build() {
    LedgerClient c1 = committee();
    try {
      c1.tx(id("a"));
      throw new IllegalStateException("models with prefix " + prefix + " exist already on this ledger; "
          + "choose another --seed or --prefix");
    } catch (ChaincodeRefusal e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
    }
    List<GovernanceClient> admins = GovernanceClient.majorityOfAdmins(session);
    String filesKey = files.publicKey().groupKey().toHex();
    CommitteeConfig cfg = committeeConfig(c1);
    Trapdoor throwaway = null;
    if (cfg == null) {
      throwaway = Trapdoor.generate(rnd);
      enact(admins, id("key-0"), new Governance.Action("set-committee-key", throwaway.publicKey().toHex(), 3, null,
          null, null, null, null, null));
      progress.accept("fixture: committee key epoch 0 set to a throwaway key (two admins)");
    } else if (!cfg.current().publicKey().equals(filesKey)) {
      throw new IllegalStateException("the ledger's current committee key " + cfg.current().publicKey()
          + " is not the committee files' key " + filesKey);
    }
    publish("user1", "a", List.of(), "b", List.of());
    publish("user2", "c", List.of("a"), "h", List.of("a"));
    publish("user3", "d", List.of("a", "b"), "x", List.of("b"));
    if (throwaway != null) {
      enact(admins, id("key-1"), new Governance.Action("rotate-committee-key", filesKey, null,
          "network fuzz: the committee files' key", null, null, null, null, null));
      progress.accept("fixture: committee key rotated to the committee files' key (epoch 1)");
    }
    publish("user4", "e", List.of("c", "d"));
    publish("user5", "f", List.of("b"), "g", List.of("e"));
    publish("user6", "o", List.of(), "p", List.of("o"), "s1", List.of(), "s2", List.of("s1"), "s3", List.of("s2"));

    cfg = committeeConfig(c1);
    keyEpochs = cfg.keys().size();
    for (KeyEpoch k : cfg.keys()) {
      if (k.publicKey().equals(filesKey)) {
        colliders.put(k.index(), files.collider(rnd, cfg.keys()));
      } else if (throwaway != null && k.publicKey().equals(throwaway.publicKey().toHex())) {
        Trapdoor t = throwaway;
        colliders.put(k.index(), (keyIndex, ctx, c, msg) -> ChameleonHash.adapt(t, t.publicKey(), ctx, c, msg, rnd));
      }
    }
    ALL.forEach(m -> current.put(m, new NewPayload(SyntheticModels.uri(id(m)), SyntheticModels.digest(id(m)))));
    refresh();

    // Requests and the pending proposal touch disjoint keys: one round of concurrent transactions.
    pendingProposal = id("close-open");
    CompletableFuture<Governance.Proposal> pending = CompletableFuture.supplyAsync(() -> admins.get(0).propose(
        pendingProposal, new Governance.Action("close-request", null, null, "cascade complete", null, null, null, null,
            id("r-open"))));
    allOf(
        () -> open("user1", "r-open", "a", Paradigm.PARALLEL),
        () -> open("user2", "r-foreign", "c", Paradigm.PARALLEL),
        () -> open("user6", "r-done", "o", Paradigm.PARALLEL),
        () -> open("user5", "r-voted", "f", Paradigm.PARALLEL),
        () -> open("user6", "r-seq", "s1", Paradigm.SEQUENTIAL));
    pendingActionHash = pending.join().actionHash();
    progress.accept("fixture: five requests open; proposal " + pendingProposal + " open with 1 approval");

    // Redactions all write the archive head (one after the other); governance closing r-voted does not.
    CompletableFuture<Void> voted = CompletableFuture.runAsync(() -> enact(admins, id("close-voted"),
        new Governance.Action("close-request", null, null, "stopped early", null, null, null, null, id("r-voted"))));
    Redaction d1 = apply("r-open", List.of("d"), "h1", false);
    Redaction d2 = apply("r-open", List.of("d"), "h2", false);
    Redaction e1 = apply("r-foreign", List.of("e"), "h1", false);
    Redaction op = apply("r-done", List.of("o", "p"), "h1", false);
    Redaction s1 = apply("r-seq", List.of("s1"), "h1", true);
    voted.join();
    progress.accept("fixture: r-voted closed by governance");
    replays.add(new Replay("d to its archived version 1", d1, false, ErrorCode.FAILED_PRECONDITION));
    replays.add(new Replay("d to its current version 2", d2, false, ErrorCode.INVALID_ARGUMENT));
    replays.add(new Replay("e to its current version 1", e1, false, ErrorCode.INVALID_ARGUMENT));
    replays.add(new Replay("o and p under their closed request", op, false, ErrorCode.FAILED_PRECONDITION));
    // s1 is done: under the sequential request the next model is s2, whatever s1's content
    replays.add(new Replay("s1 again under its sequential request (RedactOne)", s1, true, ErrorCode.FAILED_PRECONDITION));
    refresh();
  }

  /** Runs the steps concurrently; the first failure is rethrown. */
  private static void allOf(Runnable... steps) {
    CompletableFuture<?>[] fs = new CompletableFuture<?>[steps.length];
    for (int i = 0; i < steps.length; i++) {
      fs[i] = CompletableFuture.runAsync(steps[i]);
    }
    try {
      CompletableFuture.allOf(fs).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  private static CommitteeConfig committeeConfig(LedgerClient c) {
    try {
      return Json.read(Json.bytes(c.evaluate("GetCommittee")), CommitteeConfig.class);
    } catch (ChaincodeRefusal e) {
      if (e.code() == ErrorCode.FAILED_PRECONDITION) {
        return null; // no key set yet
      }
      throw e;
    }
  }

  private static void enact(List<GovernanceClient> admins, String id, Governance.Action action) {
    Governance.Proposal p = GovernanceClient.enact(admins, id, action);
    if (!"EXECUTED".equals(p.status())) {
      throw new IllegalStateException("proposal " + id + " is " + p.status());
    }
  }

  /** Publishes one block as {@code user}: alternating model name and its refs (names without the prefix). */
  @SuppressWarnings("unchecked")
  private void publish(String user, Object... modelsAndRefs) {
    List<ModelToPublish> models = new ArrayList<>();
    for (int i = 0; i < modelsAndRefs.length; i += 2) {
      String m = (String) modelsAndRefs[i];
      List<String> refs = ((List<String>) modelsAndRefs[i + 1]).stream().map(this::id).toList();
      models.add(SyntheticModels.model(id(m), refs));
    }
    LedgerClient client = session.ledger(user);
    long height = client.publish(client.committeeKey(), models, rnd).get("height").asLong();
    progress.accept("fixture: " + user + " published " + models.stream().map(ModelToPublish::id).toList()
        + " in live block " + height);
  }

  private void open(String user, String request, String start, Paradigm paradigm) {
    session.ledger(user).openRequest(LedgerRequests.openRequest(id(request), List.of(id(start)),
        ForgetSpec.parse("classes:1"), Method.of(paradigm), paradigm, rnd));
  }

  private Redaction apply(String request, List<String> names, String tag, boolean one) {
    Redaction r = redaction(request, names, tag);
    for (String m : names) {
      LiveTransaction t = txs.get(m);
      archived.computeIfAbsent(m, k -> new ArrayList<>()).add(new ArchivedVersion(t.version(), current.get(m), t.r(), t.s()));
      current.put(m, content(m, tag));
    }
    committee().redact(r, one);
    progress.accept("fixture: " + names + " rewritten under " + id(request) + (one ? " (RedactOne)" : ""));
    refresh();
    return r;
  }

  private void refresh() {
    LedgerClient c = committee();
    for (String m : ALL) {
      LiveTransaction t = c.tx(id(m));
      txs.put(m, t);
      blocks.put(t.block(), c.block(t.block()));
    }
  }

  // ------------------------------------------------------------------ what the ledger holds

  /** The ledger id of fixture name {@code name} (models, requests, proposals). */
  public String id(String name) {
    return prefix + name;
  }

  /** The fixture name of ledger id {@code id}. */
  String name(String id) {
    return id.startsWith(prefix) ? id.substring(prefix.length()) : id;
  }

  LiveTransaction tx(String name) {
    return txs.get(name);
  }

  LiveBlock block(long height) {
    return blocks.get(height);
  }

  /** The heights of the fixture's blocks. */
  List<Long> heights() {
    return blocks.keySet().stream().sorted().toList();
  }

  int keyEpochs() {
    return keyEpochs;
  }

  /** Whether the fixture's models span two committee key epochs whose collisions this process can compute. */
  boolean twoEpochs() {
    return tx("a").keyIndex() != tx("e").keyIndex() && colliders.containsKey(tx("a").keyIndex())
        && colliders.containsKey(tx("e").keyIndex());
  }

  NewPayload current(String name) {
    return current.get(name);
  }

  List<ArchivedVersion> archived(String name) {
    return archived.getOrDefault(name, List.of());
  }

  List<Replay> replays() {
    return replays;
  }

  String pendingProposal() {
    return pendingProposal;
  }

  String pendingActionHash() {
    return pendingActionHash;
  }

  NewPayload content(String name, String tag) {
    return SyntheticModels.rewrites(List.of(id(name)), tag).get(id(name));
  }

  // ------------------------------------------------------------------ collisions

  /** The committee's redaction of models {@code names} to their {@code tag} content under request {@code request}. */
  Redaction redaction(String request, List<String> names, String tag) {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    Map<String, LiveTransaction> byId = new HashMap<>();
    Map<Long, LiveBlock> byHeight = new HashMap<>();
    for (String m : names) {
      updates.put(id(m), content(m, tag));
      byId.put(id(m), txs.get(m));
      byHeight.put(txs.get(m).block(), blocks.get(txs.get(m).block()));
    }
    return LedgerRequests.redaction(channel, id(request), updates, byId, byHeight, this::collide);
  }

  /** The valid redaction of the r-open cascade models {@code names} (cached: the ledger does not change during a run). */
  Redaction valid(List<String> names) {
    return validByIds.computeIfAbsent(List.copyOf(names), n -> redaction("r-open", n, TAG));
  }

  Randomness collide(int keyIndex, byte[] ctx, byte[] c, byte[] msg) {
    LedgerRequests.Collider collider = colliders.get(keyIndex);
    if (collider == null) {
      throw new IllegalStateException("no collisions for committee key epoch " + keyIndex + " in this process");
    }
    return collider.adapt(keyIndex, ctx, c, msg);
  }

  Randomness collideAsAttacker(byte[] ctx, byte[] c, byte[] msg) {
    return ChameleonHash.adapt(attacker, attacker.publicKey(), ctx, c, msg, rnd);
  }

  /**
   * A rewrite of {@code name} to {@code content} whose (R, s) opens the model's C to exactly this
   * message (version, request, refs) under key epoch {@code keyIndex} (or the attacker's key when
   * negative): a genuine collision of whoever holds that key.
   */
  Rewrite rewrite(String request, String name, NewPayload content, long version, List<String> refs, int keyIndex) {
    LiveTransaction t = tx(name);
    byte[] msg = CanonicalBytes.payload(version, request.isEmpty() ? "" : id(request), content.uri(), content.zkDigest(), refs);
    byte[] ctx = CanonicalBytes.txContext(channel, t.id());
    Randomness r = keyIndex < 0 ? collideAsAttacker(ctx, HEX.parseHex(t.c()), msg)
        : collide(keyIndex, ctx, HEX.parseHex(t.c()), msg);
    return new Rewrite(t.id(), content.uri(), HEX.formatHex(content.zkDigest()), refs, r.rHex(), r.sHex());
  }

  /** The committee's rewrite of {@code name} to {@code content} at the next version under {@code request}. */
  Rewrite rewrite(String request, String name, NewPayload content) {
    LiveTransaction t = tx(name);
    return rewrite(request, name, content, t.version() + 1, t.refs(), t.keyIndex());
  }

  /** Header randomness opening block {@code height}'s chCurr to its header at {@code version} under {@code keyIndex} (negative: the attacker's key). */
  HeaderAdapt header(long height, long version, int keyIndex) {
    LiveBlock b = block(height);
    byte[] msg = CanonicalBytes.headerMessage(height, HEX.parseHex(b.parentHash()), HEX.parseHex(b.merkleRoot()),
        b.timestamp(), version);
    byte[] ctx = CanonicalBytes.headerContext(channel, height);
    Randomness r = keyIndex < 0 ? collideAsAttacker(ctx, HEX.parseHex(b.chCurr()), msg)
        : collide(keyIndex, ctx, HEX.parseHex(b.chCurr()), msg);
    return new HeaderAdapt(height, r.rHex(), r.sHex());
  }

  /** The committee's header randomness for block {@code height} at its next version. */
  HeaderAdapt header(long height) {
    LiveBlock b = block(height);
    return header(height, b.version() + 1, b.keyIndex());
  }

  /** The committee key of epoch {@code keyIndex} is one this process can collide under. */
  boolean holds(int keyIndex) {
    return colliders.containsKey(keyIndex);
  }

  ChameleonPublicKey attackerKey() {
    return attacker.publicKey();
  }
}
