package io.lethe.flledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fixedpoint.CascadeStep;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.fl.model.PublishedOrder;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.fl.train.Trainer;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Rational;
import io.lethe.scenario.LedgerSeed;
import io.lethe.store.ContentStore;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.zk.ChunkBind;
import io.lethe.zk.ChunkProver;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Runs an open unlearning request on the ledger's own models (DESIGN §8 steps 5–7). Every affected client, as its own identity and with only its own data partition,
 * computes its update from the version the ledger names (fetched by CID, its zkDigest checked):
 * <ul>
 *   <li>parallel: gradient ascent at each starting model by its owner on its own samples of the
 *       forgotten classes; each inheriting model adds {@code Σ_s round(k_s·Δ_s / 2^16)} with
 *       {@code k_s} the fixed-point {@code α · discount} the chaincode's {@code Descendants}
 *       gives, {@code Δ_s} the starts' fixed-point changes; one RedactBatch. With a prover each start
 *       proves {@code delta} and each inheriting model {@code cascade}, chunk by chunk
 *       ({@link ChunkProver}), and the chaincode checks every bundle against its own values;</li>
 *   <li>zero-shot: the provider's recorded mask and block Fisher on each model, the client's Group
 *       OBS compensation under them; one RedactBatch. With a prover each client proves {@code obs}
 *       for its touched chunks, which the chaincode checks against the recorded mask and Fisher;</li>
 *   <li>sequential: in topological order, re-aggregate the refs' current versions (read back off
 *       the ledger after each rewrite) and re-train on the client's retained data; one RedactOne
 *       per model, committed before the next model starts.</li>
 * </ul>
 * Sequential rewrites carry no proof (DESIGN §5's optional {@code aggregate} statement is not
 * built); on a network whose governance requires proofs ({@code zk.required}) they are refused
 * before anything is computed. Each update is rounded to fixed point, its file put in the live store; the coordinator commits
 * through the committee path; then the superseded files move from the live to the archive store.
 * Resumable: a rerun continues with the models the ledger has not rewritten yet; a request the
 * ledger reports CLOSED is refused ({@link Refused}) and nothing changes.
 */
public final class UnlearningRun {
  /** The ledger refuses this run before anything is computed or written. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  public record Accuracy(double forgetAccuracy, double retainAccuracy) {}

  /** What proves one rewrite: its statement kind ({@code delta}, {@code cascade}) and chunk counts; null kind: none. */
  public record ModelProof(String kind, int chunksProven, int chunksUnchanged, double seconds) {
    static final ModelProof NONE = new ModelProof(null, 0, 0, 0);
  }

  /** One rewritten model. */
  public record ModelOutcome(String id, String owner, long fromVersion, long toVersion, String oldCid, String newCid,
      String oldZkDigest, String newZkDigest, Accuracy before, Accuracy after, double unlearningSeconds,
      ModelProof proof, String fabricTxId) {}

  /**
   * Where the time went (seconds): the clients' unlearning computation, proving (null: no proof made),
   * collisions by the committee, endorsement + ordering + commit, store I/O (and bytes moved),
   * rounding to fixed point with the zkDigest.
   */
  public record Costs(double unlearning, Double proving, double committee, double consensus, double storeIo,
      long storeBytes, double fixedPointAndDigest, double total) {}

  /** The run's result. {@code proof}: what proves the updates, said plainly. */
  public record Report(String request, String paradigm, String method, String forget, List<String> cascade,
      List<ModelOutcome> models, Accuracy before, Accuracy after, Costs costs, List<String> transactions,
      String requestStatus, int supersededMoved, String proof, int chunksProven, int chunksUnchanged,
      int resumedFromStaging) {}

  static final String NO_PROVER = "none: no prover was given (--provers / --prover-keys); the chaincode checked the "
      + "committee's collisions, not the updates";
  static final String NO_STATEMENT = "none: the %s paradigm has no proof statement wired yet; the chaincode checked the "
      + "committee's collisions, not the updates";
  static final String PROVEN_OBS = "chunk proofs (Groth16, universal key chunk-obs): every client proved its Group-OBS "
      + "step under the mask and block Fisher the provider recorded on the ledger; the chaincode verified each bundle "
      + "against the ledger's digests, the recorded mask and the recorded Fisher before the rewrite";
  static final String PROVEN = "chunk proofs (Groth16, universal keys chunk-delta and chunk-cascade): every start proved "
      + "its Δ and every inheriting model the cascade step with the chaincode's k_s and the starts' recorded Δ; the "
      + "chaincode verified each bundle against the ledger's digests before the rewrite";

  /**
   * The OBS settings of the ledger's zero-shot paradigm, for the provider's mask search and
   * Fisher ({@link ProviderMasks}); the clients need none (they compensate with what the provider
   * recorded): the proof-compatible mode (Fisher block 16, at most two removed weights per block,
   * one round). A wider search does not help where a class's output row is one
   * Fisher block (e2e 60, mlp-tiny: u01b's A_f 1.000 → 0.67 with these defaults, → 0.86 with up to
   * 5 % of the weights).
   */
  public static final ObsUnlearning.Config ZERO_SHOT_CONFIG = ObsUnlearning.Config.provableDefaults();

  private final FabricSession session;
  private final FlNetwork network;
  private final LedgerClient coordinator;
  private final FlSetup setup;
  private final ContentStore live;
  private final ContentStore archive;
  private final RedactionCommitter committer;
  private final BiConsumer<Integer, String> progress;
  private final GradientAscentUnlearning.Config gaConfig;
  /** Proves the parallel paradigm's rewrites chunk by chunk; null: the run makes no proof. */
  private final ChunkProver prover;
  private int step;
  private java.util.function.BiFunction<String, ProviderMasks.Statement, ProviderMasks.Statement> clientStatement =
      (id, recorded) -> recorded;
  private PreparedRewrites prepared;
  private int reused;

  // running cost totals
  private double unlearning;
  private double committee;
  private double consensus;
  private double storeIo;
  private long storeBytes;
  private double fixedPoint;
  private double proving;

  public UnlearningRun(FabricSession session, FlNetwork network, LedgerClient coordinator, FlSetup setup, ContentStore live,
      ContentStore archive, RedactionCommitter committer, GradientAscentUnlearning.Config gaConfig,
      ChunkProver prover, BiConsumer<Integer, String> progress) {
    this.session = session;
    this.network = network;
    this.coordinator = coordinator;
    this.setup = setup;
    this.live = live;
    this.archive = archive;
    this.committer = committer;
    this.gaConfig = gaConfig;
    this.prover = prover;
    this.progress = progress;
  }

  /**
   * Finishes the store side of rewrites the ledger already committed under the request
   * ({@link StoreSettlement}): a run interrupted between its commit and the store moves, or one
   * that took a committed rewrite for a failed one. Reads the archive (committee identity).
   */
  public StoreSettlement.Settled settleStores(String requestId) throws IOException {
    JsonNode req = coordinator.evaluate("GetRequest", requestId);
    List<StoreSettlement.Committed> committed = new ArrayList<>();
    for (JsonNode c : req.get("changes")) {
      String id = c.get("txId").asText();
      long from = c.get("fromVersion").asLong();
      JsonNode history = coordinator.evaluateArchive("History", id);
      JsonNode old = null;
      for (JsonNode e : history.get("archived")) {
        if (e.get("version").asLong() == from) {
          old = e;
        }
      }
      if (old == null) {
        throw new IOException("the archive ledger holds no entry of " + id + " version " + from + ", which request "
            + requestId + " rewrote");
      }
      committed.add(new StoreSettlement.Committed(id, from, old.get("modelUri").asText(), old.get("zkDigest").asText(),
          c.get("toVersion").asLong(), history.get("currentVersion").asLong(),
          history.path("current").path("modelUri").asText()));
    }
    return StoreSettlement.settle(committed, live, archive, new PreparedRewrites(network, requestId));
  }

  /**
   * After a failed commit: whether the ledger may hold it anyway (the failure came after the
   * transaction left, e.g. its commit status was lost). True when a change of the request rewrote
   * one of the staged versions, or when the ledger cannot be asked.
   */
  private boolean mayHaveCommitted(String requestId, List<Staged> staged) {
    try {
      JsonNode req = coordinator.evaluate("GetRequest", requestId);
      for (JsonNode c : req.get("changes")) {
        for (Staged s : staged) {
          if (s.id().equals(c.get("txId").asText()) && s.current().version() == c.get("fromVersion").asLong()) {
            return true;
          }
        }
      }
      return false;
    } catch (RuntimeException unknown) {
      return true;
    }
  }

  /** Reads the request and refuses one that is not open; returns its cascade (for the progress total). */
  public List<String> check(String requestId) {
    JsonNode req = coordinator.evaluate("GetRequest", requestId);
    String status = req.get("status").asText();
    if (!"OPEN".equals(status)) {
      throw new Refused("request " + requestId + " is " + status + ": all " + req.get("cascade").size()
          + " models of its cascade were rewritten under it (" + req.get("changes").size()
          + " change(s) on the ledger); nothing to run, nothing changed");
    }
    List<String> cascade = new ArrayList<>();
    req.get("cascade").forEach(n -> cascade.add(n.asText()));
    return cascade;
  }

  public Report run(String requestId, Path dataDir) throws IOException {
    long start = System.nanoTime();
    List<String> cascade = check(requestId);
    JsonNode req = coordinator.evaluate("GetRequest", requestId);
    Paradigm paradigm = Paradigm.parse(req.get("paradigm").asText());
    List<String> starts = new ArrayList<>();
    req.get("startingModels").forEach(n -> starts.add(n.asText()));
    Set<String> done = new HashSet<>();
    req.get("changes").forEach(c -> done.add(c.get("txId").asText()));
    List<String> pending = cascade.stream().filter(id -> !done.contains(id)).toList();
    ForgetSpec forget = ForgetSpec.parse(coordinator.evaluate("GetForget", requestId).get("forget").asText());
    if (forget.kind() != ForgetSpec.Kind.CLASSES) {
      throw new Refused("request " + requestId + " forgets " + forget.kind() + "; FL on the ledger forgets classes (classes:C[,C...])");
    }
    Set<Integer> classes = new TreeSet<>(forget.classes());
    if (!new TreeSet<>(setup.privateClasses()).containsAll(classes)) {
      throw new Refused("request " + requestId + " forgets classes " + classes + ", but only classes "
          + setup.privateClasses() + " were private to one user when the federation trained (fl train --private-classes)");
    }
    boolean required = coordinator.parameter(GovernanceParameters.ZK_REQUIRED).map("true"::equals).orElse(false);
    if (required && paradigm == Paradigm.SEQUENTIAL) {
      throw new Refused("this network requires a proof for every rewrite (governance parameter "
          + GovernanceParameters.ZK_REQUIRED + " = true) and the " + paradigm.word()
          + " paradigm has no proof statement wired yet; nothing was computed or written");
    }
    if (required && prover == null) {
      throw new Refused("this network requires a proof for every rewrite (" + GovernanceParameters.ZK_REQUIRED
          + " = true); give a prover (--provers ADDR,... or --prover-keys DIR); nothing was computed or written");
    }
    if (prover != null && paradigm == Paradigm.PARALLEL && starts.size() > ChunkProver.MAX_STARTS) {
      throw new Refused("request " + requestId + " has " + starts.size() + " starting models; a cascade chunk proof "
          + "covers at most " + ChunkProver.MAX_STARTS);
    }
    Map<String, String> owners = Scenario.owners();
    for (String id : cascade) {
      if (!owners.containsKey(id)) {
        throw new Refused("model " + id + " of the cascade is not a model of the federation's run");
      }
    }
    prepared = new PreparedRewrites(network, requestId);
    FlData data = FlData.load(setup, dataDir);
    tick("data loaded");
    Dataset testForget = data.testOf(classes);
    Dataset testRetained = data.testWithout(classes);

    List<ModelOutcome> outcomes = new ArrayList<>();
    List<String> transactions = new ArrayList<>();
    String status = "OPEN";
    int moved = 0;
    if (paradigm == Paradigm.SEQUENTIAL) {
      for (String id : pending) {
        Staged s = retrain(id, classes, data);
        Committed c = commit(requestId, List.of(s), true, testForget, testRetained);
        outcomes.addAll(c.outcomes());
        transactions.add(c.txId());
        status = c.status();
        moved += c.moved();
      }
    } else {
      if (!done.isEmpty()) {
        throw new Refused("request " + requestId + " (" + paradigm + ") has " + done.size()
            + " model(s) rewritten already; its paradigm rewrites the whole cascade in one transaction");
      }
      List<Staged> staged = paradigm == Paradigm.PARALLEL
          ? gradientAscent(requestId, starts, pending, classes, data)
          : zeroShot(requestId, pending);
      Committed c = commit(requestId, staged, false, testForget, testRetained);
      outcomes.addAll(c.outcomes());
      transactions.add(c.txId());
      status = c.status();
      moved += c.moved();
    }
    Accuracy before = mean(outcomes.stream().map(ModelOutcome::before).toList());
    Accuracy after = mean(outcomes.stream().map(ModelOutcome::after).toList());
    boolean proven = prover != null && paradigm != Paradigm.SEQUENTIAL;
    Costs costs = new Costs(unlearning, proven ? proving : null, committee, consensus, storeIo, storeBytes, fixedPoint,
        (System.nanoTime() - start) / 1e9);
    String proof = proven ? (paradigm == Paradigm.ZERO_SHOT ? PROVEN_OBS : PROVEN)
        : paradigm == Paradigm.SEQUENTIAL ? String.format(NO_STATEMENT, paradigm.word()) : NO_PROVER;
    return new Report(requestId, paradigm.word(), req.get("method").asText(), forget.toString(), cascade, outcomes,
        before, after, costs, transactions, status, moved, proof,
        outcomes.stream().mapToInt(m -> m.proof().chunksProven()).sum(),
        outcomes.stream().mapToInt(m -> m.proof().chunksUnchanged()).sum(), reused);
  }

  /** Progress steps: data, one per model computed, one per model proven (parallel with a prover), one per commit. */
  public static int totalSteps(List<String> cascade, boolean sequential, boolean proving) {
    return 1 + cascade.size() * (proving ? 2 : 1) + (sequential ? cascade.size() : 1);
  }

  private void tick(String label) {
    progress.accept(++step, label);
  }

  /** An update computed by its client, not yet committed; {@code bundle} null when unproven. */
  private record Staged(String id, String owner, LedgerModels.Current current, FixedPointModel updated,
      double seconds, ProofBundle bundle, ModelProof proof) {
    Staged(String id, String owner, LedgerModels.Current current, FixedPointModel updated, double seconds) {
      this(id, owner, current, updated, seconds, null, ModelProof.NONE);
    }
  }

  private String identity(String id) {
    return LedgerSeed.identityOf(Scenario.owners().get(id));
  }

  private String user(String id) {
    return Scenario.owners().get(id);
  }

  /** The current version, as the model's own client reads it (ledger record + live-store file). */
  private LedgerModels.Current current(String id) throws IOException {
    long t0 = System.nanoTime();
    LedgerModels.Current c = LedgerModels.fetch(session.ledger(identity(id)), live, id);
    storeIo += c.storeSeconds();
    fixedPoint += (System.nanoTime() - t0) / 1e9 - c.storeSeconds(); // the ledger read and the digest check
    storeBytes += c.model().file().length;
    return c;
  }

  private Network onBackend(FixedPointModel m) {
    return Network.of(m.network().architecture(), m.network().params(), setup.backendValue());
  }

  private FixedPointModel fix(Network n) {
    long t0 = System.nanoTime();
    FixedPointModel f = FixedPointModel.of(n);
    fixedPoint += (System.nanoTime() - t0) / 1e9;
    return f;
  }

  // ---------------------------------------------------------------- parallel

  /**
   * Gradient ascent at each start by its owner, then the cascade step below, in the cascade's
   * topological order: {@code w′ = w + Σ_s round(k_s·Δ_s / 2¹⁶)} ({@link CascadeStep}) with
   * {@code k_s = round(α·discount_s·2¹⁶)} from the ledger's α and discounts, exactly as the
   * chaincode computes it, and {@code Δ_s} a start's whole change (its ascent plus what it
   * inherited from starts above it). With a prover, each model then proves its rewrite.
   */
  private List<Staged> gradientAscent(String requestId, List<String> starts, List<String> pending, Set<Integer> classes,
      FlData data) throws IOException {
    GradientAscentUnlearning ga = new GradientAscentUnlearning(gaConfig);
    Map<String, LedgerModels.Current> current = new LinkedHashMap<>();
    for (String id : pending) {
      current.put(id, current(id));
    }
    List<Staged> resumed = resumeAll(pending, current, prover != null);
    if (resumed != null) {
      return resumed;
    }
    Map<String, long[]> ascended = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String s : starts) {
      // the start's owner, with only its own data
      long t0 = System.nanoTime();
      Dataset own = data.ownForgetSamples(user(s), classes);
      if (own.size() == 0) {
        throw new Refused("the owner of starting model " + s + " holds no training samples of " + classes);
      }
      Network m = onBackend(current.get(s).model()).copy();
      ga.ascend(m, own, data.ownRetained(user(s), classes), FlTraining.seedOf(setup.seed(), s));
      seconds.put(s, (System.nanoTime() - t0) / 1e9);
      ascended.put(s, fix(m).raws());
      tick("ascent " + s + " (" + identity(s) + ")");
    }
    Map<String, long[]> k = coefficients(starts);
    Map<String, long[]> deltas = new HashMap<>();
    List<Staged> out = new ArrayList<>();
    for (String y : pending) {
      long t0 = System.nanoTime();
      long[] old = current.get(y).model().raws();
      long[] ky = k.getOrDefault(y, new long[starts.size()]);
      long[][] dy = new long[starts.size()][];
      for (int i = 0; i < starts.size(); i++) {
        dy[i] = ky[i] == 0 ? new long[old.length] : deltas.get(starts.get(i));
        if (dy[i] == null) {
          throw new IllegalStateException("the cascade order lists " + y + " before its start " + starts.get(i));
        }
      }
      long[] raws = CascadeStep.apply(ascended.getOrDefault(y, old), ky, dy);
      if (starts.contains(y)) {
        long[] d = new long[raws.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = raws[i] - old[i];
        }
        deltas.put(y, d);
      }
      double sec = (System.nanoTime() - t0) / 1e9 + seconds.getOrDefault(y, 0.0);
      unlearning += sec;
      Network like = onBackend(current.get(y).model());
      FixedPointModel f = fix(PublishedOrder.of(like).fromRaws(like, raws));
      if (!java.util.Arrays.equals(f.raws(), raws)) {
        throw new IllegalStateException(y + ": the published file would not hold the weights the cascade step computed");
      }
      if (!starts.contains(y)) {
        tick("pass to " + y + " (" + identity(y) + ")");
      }
      Staged staged = new Staged(y, identity(y), current.get(y), f, sec);
      if (prover != null) {
        Staged proven = stagedProof(staged, null);
        staged = proven != null ? proven : prove(requestId, staged, starts.contains(y), ky, dy);
      }
      out.add(prepare(staged));
    }
    return out;
  }

  /**
   * The staged updates of every pending model from an earlier run that stopped before its commit,
   * or null when one is missing (then everything is computed again: the cascade step of a model
   * depends on the starts' changes). {@code proven}: every entry must carry its bundle.
   */
  private List<Staged> resumeAll(List<String> pending, Map<String, LedgerModels.Current> current, boolean proven)
      throws IOException {
    List<Staged> out = new ArrayList<>();
    for (String id : pending) {
      Staged s = resume(current.get(id), proven);
      if (s == null) {
        return null;
      }
      out.add(s);
    }
    for (Staged s : out) {
      tick("resumed " + s.id() + " from the staging area");
    }
    reused += out.size();
    return out;
  }

  /** The staged update of one model from an earlier run, or null. */
  private Staged resume(LedgerModels.Current c, boolean proven) throws IOException {
    java.util.Optional<PreparedRewrites.Prepared> p = prepared.find(c.id(), c.version(), c.zkDigest());
    if (p.isEmpty() || (proven && p.get().entry().bundle() == null)) {
      return null;
    }
    PreparedRewrites.Entry e = p.get().entry();
    // the costs of the run that computed and proved it
    unlearning += e.unlearningSeconds();
    proving += e.proof().seconds();
    return new Staged(c.id(), identity(c.id()), c, p.get().model(), e.unlearningSeconds(), e.bundle(), e.proof());
  }

  /**
   * The update with the bundle an earlier run staged for exactly these new weights (the
   * computation is deterministic, so a run stopped while proving loses only the model in flight)
   * and the same {@code statement} ({@link PreparedRewrites.Entry}), or null.
   */
  private Staged stagedProof(Staged s, String statement) throws IOException {
    java.util.Optional<PreparedRewrites.Prepared> p = prepared.find(s.id(), s.current().version(), s.current().zkDigest());
    if (p.isEmpty() || p.get().entry().bundle() == null || !p.get().entry().newZkDigest().equals(s.updated().zkDigestHex())
        || !java.util.Objects.equals(p.get().entry().statement(), statement)) {
      return null;
    }
    PreparedRewrites.Entry e = p.get().entry();
    proving += e.proof().seconds();
    reused++;
    tick("proof of " + s.id() + " resumed from the staging area");
    return new Staged(s.id(), s.owner(), s.current(), s.updated(), s.seconds(), e.bundle(), e.proof());
  }

  /** Keeps a computed (and proven) update in the staging area until its rewrite is committed. */
  private Staged prepare(Staged s) throws IOException {
    return prepare(s, null);
  }

  private Staged prepare(Staged s, String statement) throws IOException {
    prepared.put(new PreparedRewrites.Entry(s.id(), s.current().version(), s.current().zkDigest(), s.updated().cid(),
        s.updated().zkDigestHex(), s.seconds(), s.bundle(), s.proof(), statement), s.updated().file());
    return s;
  }

  /** The model's rewrite proven chunk by chunk: {@code delta} at a start, {@code cascade} below. */
  private Staged prove(String requestId, Staged s, boolean start, long[] k, long[][] deltas) {
    long t0 = System.nanoTime();
    long version = s.current().version() + 1;
    BigInteger bind = ChunkBind.bind(coordinator.channel(), requestId, s.id(), version);
    long[] old = s.current().model().raws();
    ChunkProver.Progress chunkProgress = (done, total, chunk, took) -> { };
    ProofBundle bundle = start
        ? prover.delta(bind, old, s.updated().raws(), chunkProgress)
        : prover.cascade(bind, old, k, deltas, chunkProgress);
    if (!bundle.newSubroots().equals(ChunkProver.subrootsHex(s.updated().raws()))) {
      throw new IllegalStateException(s.id() + ": the proven model differs from the one the client publishes");
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    proving += sec;
    int proven = bundle.chunks().size();
    tick("proved " + s.id() + " (" + bundle.kind() + ", " + proven + " chunk" + (proven == 1 ? "" : "s") + ")");
    return new Staged(s.id(), s.owner(), s.current(), s.updated(), s.seconds(), bundle,
        new ModelProof(bundle.kind(), proven, bundle.newSubroots().size() - proven, sec));
  }

  /**
   * {@code k_s} for every model below each start (indexed like the request's starts): the
   * chaincode's {@code round(α·discount·2¹⁶)}, with α the ledger's {@code unlearning.alpha}
   * (1 when governance never set it) and the exact discount {@code Descendants} reports.
   */
  private Map<String, long[]> coefficients(List<String> starts) {
    Rational alpha = GovernanceParameters.alpha(
        coordinator.parameter(GovernanceParameters.UNLEARNING_ALPHA).orElse("1"));
    Map<String, long[]> k = new LinkedHashMap<>();
    for (int i = 0; i < starts.size(); i++) {
      String s = starts.get(i);
      for (JsonNode n : coordinator.evaluate("Descendants", s, "1")) {
        String y = n.get("id").asText();
        if (!y.equals(s)) {
          Rational scaled = alpha.times(rational(n.get("discount").asText()));
          k.computeIfAbsent(y, x -> new long[starts.size()])[i] =
              CascadeStep.coefficient(scaled.numerator(), scaled.denominator());
        }
      }
    }
    return k;
  }

  /** A rational {@code n/d} (or an integer) as the chaincode writes it. */
  static Rational rational(String text) {
    int slash = text.indexOf('/');
    return slash < 0
        ? new Rational(new BigInteger(text), BigInteger.ONE)
        : new Rational(new BigInteger(text.substring(0, slash)), new BigInteger(text.substring(slash + 1)));
  }

  // ---------------------------------------------------------------- zero-shot

  /**
   * Every client compensates, with the proof-compatible Group OBS ({@link
   * ObsUnlearning#compensateWith}), exactly as the provider recorded on the ledger for its model's
   * current version: the mask and the touched blocks' Fisher {@code H} (one round: they are
   * recorded once per version). The client uses no data of its own here: the update is fixed by
   * (W, mask, H), and the published model is exactly the W′ the {@code chunk-obs} circuit
   * derives. With a prover each client then proves its touched chunks. Every statement is read
   * before anything is computed; a model without one refuses the run.
   */
  private List<Staged> zeroShot(String requestId, List<String> pending) throws IOException {
    Map<String, LedgerModels.Current> current = new LinkedHashMap<>();
    Map<String, ProviderMasks.Statement> recorded = new LinkedHashMap<>();
    for (String id : pending) {
      LedgerModels.Current c = current(id);
      current.put(id, c);
      // read by the model's own client, which the chaincode lets read its model's mask
      recorded.put(id, ProviderMasks.recorded(session.ledger(identity(id)), requestId, id, c.version())
          .orElseThrow(() -> new Refused("no provider mask is recorded for " + id + " version " + c.version()
              + " under request " + requestId + "; the provider records them first: lethe unlearn mask --request "
              + requestId + " --as provider; nothing was computed or written")));
    }
    // The step is recomputed on every run (deterministic, milliseconds); a proof staged by an earlier
    // run for exactly the same new weights under the same mask and Fisher is reused (stagedProof).
    List<Staged> out = new ArrayList<>();
    for (String id : pending) {
      LedgerModels.Current c = current.get(id);
      long t0 = System.nanoTime();
      ProviderMasks.Statement st = clientStatement.apply(id, recorded.get(id));
      ObsUnlearning.ProvableUpdate u = ObsUnlearning.compensateWith(c.model().raws(), st.mask(), st.fisher());
      double sec = (System.nanoTime() - t0) / 1e9;
      unlearning += sec;
      FixedPointModel f = fix(u.network(onBackend(c.model())));
      if (!java.util.Arrays.equals(f.raws(), u.wNew())) {
        throw new IllegalStateException(id + ": the published file would not hold the weights the OBS step computed");
      }
      tick("obs " + id + " (" + identity(id) + ")");
      Staged staged = new Staged(id, identity(id), c, f, sec);
      String statement = obsStatement(st);
      if (prover != null) {
        Staged proven = stagedProof(staged, statement);
        staged = proven != null ? proven : proveObs(requestId, staged, u);
      }
      out.add(prepare(staged, statement));
    }
    return out;
  }

  /** The staging key of a zero-shot proof's inputs beyond the weights: SHA-256 of the mask and Fisher texts. */
  static String obsStatement(ProviderMasks.Statement st) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update(st.mask().encode().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      md.update((byte) '\n');
      md.update(st.fisher().encode().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return "obs:" + java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Test code only: the mask and Fisher each zero-shot client applies, given the recorded ones
   * (default: the recorded ones), so an end-to-end test can make a client deviate and see the
   * chaincode refuse it.
   */
  public void clientStatements(
      java.util.function.BiFunction<String, ProviderMasks.Statement, ProviderMasks.Statement> choice) {
    this.clientStatement = choice;
  }

  /** The model's zero-shot rewrite proven chunk by chunk ({@code obs}, each touched chunk with its Fisher digest). */
  private Staged proveObs(String requestId, Staged s, ObsUnlearning.ProvableUpdate u) {
    long t0 = System.nanoTime();
    BigInteger bind = ChunkBind.bind(coordinator.channel(), requestId, s.id(), s.current().version() + 1);
    ProofBundle bundle = prover.obs(bind, s.current().model().raws(), u.mask(), u.blocks(), (done, total, chunk, took) -> { });
    if (!bundle.newSubroots().equals(ChunkProver.subrootsHex(s.updated().raws()))) {
      throw new IllegalStateException(s.id() + ": the proven model differs from the one the client publishes");
    }
    double sec = (System.nanoTime() - t0) / 1e9;
    proving += sec;
    int proven = bundle.chunks().size();
    tick("proved " + s.id() + " (obs, " + proven + " chunk" + (proven == 1 ? "" : "s") + ")");
    return new Staged(s.id(), s.owner(), s.current(), s.updated(), s.seconds(), bundle,
        new ModelProof(bundle.kind(), proven, bundle.newSubroots().size() - proven, sec));
  }

  // ---------------------------------------------------------------- sequential

  private Staged retrain(String id, Set<Integer> classes, FlData data) throws IOException {
    LedgerModels.Current c = current(id);
    Staged resumed = resume(c, false);
    if (resumed != null) {
      reused++;
      tick("resumed " + id + " from the staging area");
      return resumed;
    }
    List<String> refs = Scenario.dag().refs(id);
    List<Network> refModels = new ArrayList<>();
    for (String r : refs) {
      refModels.add(onBackend(current(r).model())); // the refs' versions the ledger names now
    }
    long t0 = System.nanoTime();
    Scenario.Config cfg = setup.config();
    Network m = refs.isEmpty()
        ? Network.create(cfg.architecture(), cfg.seed(), setup.backendValue())
        : NodeTrainer.aggregate(refModels);
    Trainer.train(m, data.ownRetained(user(id), classes), refs.isEmpty() ? cfg.rootTraining() : cfg.localTraining(),
        FlTraining.seedOf(setup.seed(), id));
    double sec = (System.nanoTime() - t0) / 1e9;
    unlearning += sec;
    Staged s = prepare(new Staged(id, identity(id), c, fix(m), sec));
    tick("retrain " + id + " (" + identity(id) + ")");
    return s;
  }

  // ---------------------------------------------------------------- commit

  private record Committed(List<ModelOutcome> outcomes, String txId, String status, int moved) {}

  /**
   * Puts the new files in the live store, commits through the committee path, moves the
   * superseded files to the archive store, and records each version in its client's state.
   */
  private Committed commit(String requestId, List<Staged> staged, boolean single, Dataset testForget,
      Dataset testRetained) throws IOException {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    for (Staged s : staged) {
      if (s.updated().zkDigestHex().equals(s.current().zkDigest())) {
        throw new Refused("model " + s.id() + ": its update leaves the fixed-point model unchanged; "
            + "the ledger refuses a rewrite that changes nothing");
      }
    }
    long t0 = System.nanoTime();
    List<String> added = new ArrayList<>();
    for (Staged s : staged) {
      if (!live.contains(s.updated().cid())) {
        added.add(s.updated().cid());
      }
      String cid = live.put(s.updated().file());
      if (!cid.equals(s.updated().cid())) {
        throw new IOException("the live store named " + s.id() + "'s new file " + cid + ", its CID is " + s.updated().cid());
      }
      storeBytes += s.updated().file().length;
      updates.put(s.id(), new NewPayload(cid, s.updated().zkDigest()));
    }
    storeIo += (System.nanoTime() - t0) / 1e9;
    Map<String, ProofBundle> proofs = new LinkedHashMap<>();
    for (Staged s : staged) {
      if (s.bundle() != null) {
        proofs.put(s.id(), s.bundle());
      }
    }
    RedactionCommitter.Committed c;
    try {
      c = committer.commit(requestId, updates, proofs, single);
    } catch (RuntimeException | IOException failed) {
      // Refused, so not committed: the live store gets back to what it held (the updates stay staged
      // for a rerun). When the ledger may hold the rewrite anyway, or cannot say, the new files stay:
      // the rerun's settleStores finishes a committed rewrite, or puts the same files again.
      if (!mayHaveCommitted(requestId, staged)) {
        for (String cid : added) {
          live.delete(cid);
        }
      }
      throw failed;
    }
    committee += c.committeeSeconds();
    consensus += c.consensusSeconds();
    String txId = c.result().get("fabricTxId").asText();
    tick("committed " + (staged.size() == 1 ? staged.get(0).id() : staged.size() + " models") + " in " + txId.substring(0, 8));
    // superseded files: archive store first, then out of the live store (a crash in between leaves both copies)
    t0 = System.nanoTime();
    int moved = 0;
    for (Staged s : staged) {
      byte[] old = s.current().model().file();
      String archived = archive.put(old);
      if (!archived.equals(s.current().cid())) {
        throw new IOException("the archive store named " + s.id() + "'s superseded file " + archived + ", not " + s.current().cid());
      }
      if (live.delete(s.current().cid())) {
        moved++;
      }
      storeBytes += 2L * old.length;
    }
    storeIo += (System.nanoTime() - t0) / 1e9;
    List<ModelOutcome> outcomes = new ArrayList<>();
    for (Staged s : staged) {
      Network before = onBackend(s.current().model());
      Network after = onBackend(s.updated());
      outcomes.add(new ModelOutcome(s.id(), s.owner(), s.current().version(), s.current().version() + 1,
          s.current().cid(), s.updated().cid(), s.current().zkDigest(), s.updated().zkDigestHex(),
          new Accuracy(before.accuracy(testForget), before.accuracy(testRetained)),
          new Accuracy(after.accuracy(testForget), after.accuracy(testRetained)), s.seconds(), s.proof(), txId));
    }
    for (Staged s : staged) {
      prepared.remove(s.id(), s.current().version());
      stateOf(s.owner()).record(new ClientState.Version(s.id(), s.current().version() + 1, s.updated().cid(),
          s.updated().zkDigestHex(), requestId, Scenario.dag().refs(s.id())), s.updated().file());
    }
    return new Committed(outcomes, txId, c.result().get("requestStatus").asText(), moved);
  }

  private ClientState stateOf(String identity) throws IOException {
    return network.client(identity);
  }

  private static Accuracy mean(List<Accuracy> all) {
    if (all.isEmpty()) {
      return new Accuracy(Double.NaN, Double.NaN);
    }
    return new Accuracy(all.stream().mapToDouble(Accuracy::forgetAccuracy).average().orElse(Double.NaN),
        all.stream().mapToDouble(Accuracy::retainAccuracy).average().orElse(Double.NaN));
  }
}
