package io.lethe.attack.network;

import io.lethe.attack.FuzzFixture;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.Trapdoor;
import io.lethe.committee.CommitteeFiles;
import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ModelToPublish;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Json;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Method;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.KeyEpoch;
import io.lethe.scenario.SyntheticModels;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
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
 * (The layout and the collisions are {@link FuzzFixture}'s, shared with the in-memory suite.)
 */
public final class NetworkFixture extends FuzzFixture {
  private final FabricSession session;
  private final Consumer<String> progress;
  private final CommitteeFiles files;
  private final String prefix;
  private int keyEpochs;

  private NetworkFixture(FabricSession session, CommitteeFiles files, String prefix, SecureRandom rnd,
      Consumer<String> progress) {
    super(session.profile().channel(), prefix, rnd);
    this.session = session;
    this.files = files;
    this.prefix = prefix;
    this.progress = progress;
  }

  /** Builds the fixture on the network: 23 transactions (19 when the key is set already), 8 of them concurrent. */
  public static NetworkFixture build(FabricSession session, CommitteeFiles files, String prefix, SecureRandom rnd,
      Consumer<String> progress) {
    NetworkFixture f = new NetworkFixture(session, files, prefix, rnd, progress);
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
    ALL.forEach(m -> published(m, new NewPayload(SyntheticModels.uri(id(m)), SyntheticModels.digest(id(m)))));
    refresh();

    // Requests and the pending proposal touch disjoint keys: one round of concurrent transactions.
    String pendingProposal = id("close-open");
    CompletableFuture<Governance.Proposal> pending = CompletableFuture.supplyAsync(() -> admins.get(0).propose(
        pendingProposal, new Governance.Action("close-request", null, null, "cascade complete", null, null, null, null,
            id("r-open"))));
    allOf(
        () -> open("user1", "r-open", "a", Paradigm.PARALLEL),
        () -> open("user2", "r-foreign", "c", Paradigm.PARALLEL),
        () -> open("user6", "r-done", "o", Paradigm.PARALLEL),
        () -> open("user5", "r-voted", "f", Paradigm.PARALLEL),
        () -> open("user6", "r-seq", "s1", Paradigm.SEQUENTIAL));
    pending(pendingProposal, pending.join().actionHash());
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
    replayable(new Replay("d to its archived version 1", d1, false, ErrorCode.FAILED_PRECONDITION));
    replayable(new Replay("d to its current version 2", d2, false, ErrorCode.INVALID_ARGUMENT));
    replayable(new Replay("e to its current version 1", e1, false, ErrorCode.INVALID_ARGUMENT));
    replayable(new Replay("o and p under their closed request", op, false, ErrorCode.FAILED_PRECONDITION));
    // s1 is done: under the sequential request the next model is s2, whatever s1's content
    replayable(new Replay("s1 again under its sequential request (RedactOne)", s1, true, ErrorCode.FAILED_PRECONDITION));
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


  @Override
  protected LiveTransaction readTx(String id) {
    return committee().tx(id);
  }

  @Override
  protected LiveBlock readBlock(long height) {
    return committee().block(height);
  }

  @Override
  protected void submit(Redaction r, boolean one) {
    committee().redact(r, one);
    progress.accept("fixture: " + r.rewrites().stream().map(rw -> name(rw.id())).toList() + " rewritten under "
        + r.requestId() + (one ? " (RedactOne)" : ""));
  }

  @Override
  public NewPayload content(String name, String tag) {
    return SyntheticModels.rewrites(List.of(id(name)), tag).get(id(name));
  }

  /** The number of committee key epochs on the ledger. */
  int keyEpochs() {
    return keyEpochs;
  }
}
