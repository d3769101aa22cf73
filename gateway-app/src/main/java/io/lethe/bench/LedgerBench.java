package io.lethe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ModelToPublish;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Method;
import io.lethe.ledger.P256ChameleonScheme;
import io.lethe.ledger.Paradigm;
import io.lethe.merkle.MerkleTree;
import io.lethe.redaction.CommitteeSigner;
import io.lethe.redaction.RedactionPlanner;
import io.lethe.scenario.SyntheticModels;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live-ledger benchmark on a running network. First the publish load: {@code clients}
 * concurrent publishers for a fixed duration on today's path (pending publishes, sealed by the
 * network's sealer) and then on the BASELINE path ({@code PublishBaselineHotKey}: every publish
 * seals its own block on the live head, the previous design), each with tx/s, p50/p99 latency,
 * MVCC conflicts and failures surfaced to the caller, and CPU per network component. Then one
 * 100-model {@code RedactBatch} (endorse + commit timed; collision planning separate), and on
 * request redaction latency, one batch of K versus K singles and the chaincode-side verification
 * cost. Uses its own id prefix, so it can run on a ledger that already holds data.
 */
public final class LedgerBench {
  /** Sizes of one run; {@code latencySamples} 0 and {@code ks} empty skip those parts. */
  public record Options(int clients, Duration duration, boolean baseline, boolean redactions, int latencySamples,
      List<Integer> ks, int modelsPerBlock, Path networkDir) {
    public Options {
      ks = List.copyOf(ks);
      if ((!ks.isEmpty() && Collections.min(ks) < 1) || latencySamples < 0 || clients < 1 || modelsPerBlock < 1
          || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("every size (K, samples, clients, duration, models per block) must be positive");
      }
    }
  }

  /**
   * One publish phase. {@code txPerSecond}: publishes committed / seconds from the first start to
   * the last commit; latency: submit to commit (what the caller waits for); {@code mvccConflicts}:
   * attempts Fabric invalidated as MVCC or phantom read conflicts (retried inside the client);
   * {@code failed}: publishes that still failed after the client's retries (surfaced to users);
   * {@code sealDrainSeconds}: after the last commit, until every model was in a live block.
   */
  public record PublishPhase(String path, int clients, int transactions, int failed, double seconds, double txPerSecond,
      double p50Ms, double p99Ms, long mvccConflicts, long retriedAttempts, long liveBlocks, double sealDrainSeconds,
      String firstFailure) {}

  /** One {@code RedactBatch} of {@code models} rewrites: endorse + commit, and the committee's collision planning before it. */
  public record RedactBatch(int models, double millis, double planMillis) {}

  /** CPU per component in each publish phase, and the busiest one (the bottleneck) of each. */
  public record Cpu(Map<String, ComponentCpu.Usage> publish, Map<String, ComponentCpu.Usage> baseline,
      String publishBusiest, String baselineBusiest, int machineCores) {}

  public record Setup(int models, int modelsPerBlock, double seconds, double batchedModelsPerSecond) {}

  public record RedactionLatency(int samples, double planP50, double submitP50, double submitP99, double totalP50,
      double totalP99) {}

  public record BatchVsSingles(int k, int batchTransactions, int singleTransactions, double batchMs, double batchPlanMs,
      double batchSubmitMs, double singlesMs, double singlesPlanMs, double singlesSubmitMs, double singlesOverBatch) {}

  public record ChaincodeVerification(double collisionVerifyUs, double merkleRoot10Us) {}

  public record Report(String prefix, PublishPhase publish, PublishPhase baseline, RedactBatch redactBatch100, Cpu cpu,
      Setup setup, RedactionLatency redactionLatencyMs, List<BatchVsSingles> batchVsSingles,
      ChaincodeVerification chaincodeVerification, JsonNode verifyChain) {}

  private final FabricSession session;
  private final CommitteeSigner committee;
  private final SecureRandom rnd = new SecureRandom();
  private final Consumer<String> progress;

  /** {@code committee}: where the collisions come from (the member services; share files offline); the ledger's key must be set. */
  public LedgerBench(FabricSession session, CommitteeSigner committee, Consumer<String> progress) {
    this.session = session;
    this.committee = committee;
    this.progress = progress;
  }

  public Report run(Options o) throws Exception {
    String prefix = "b" + HexFormat.of().formatHex(rnd.generateSeed(3)) + "-";
    LedgerClient c1 = session.ledger("committee1");
    ChameleonPublicKey pk = c1.committeeKey();
    ComponentCpu cpu = new ComponentCpu(o.networkDir());

    ComponentCpu.Snapshot a = cpu.snapshot();
    PublishPhase publish = publishPhase(o, pk, prefix + "n", false);
    ComponentCpu.Snapshot b = cpu.snapshot();
    Map<String, ComponentCpu.Usage> publishCpu = ComponentCpu.between(a, b);
    progress.accept("  CPU (cores busy on average): " + publishCpu);
    PublishPhase baseline = null;
    Map<String, ComponentCpu.Usage> baselineCpu = Map.of();
    if (o.baseline()) {
      ComponentCpu.Snapshot c = cpu.snapshot();
      baseline = publishPhase(o, pk, prefix + "h", true);
      baselineCpu = ComponentCpu.between(c, cpu.snapshot());
      progress.accept("  CPU (cores busy on average): " + baselineCpu);
    }
    Cpu cpuReport = new Cpu(publishCpu, baselineCpu, busiest(publishCpu), busiest(baselineCpu),
        Runtime.getRuntime().availableProcessors());
    if (!o.redactions()) {
      return new Report(prefix, publish, baseline, null, cpuReport, null, null, List.of(), null, c1.evaluate("VerifyChain"));
    }

    // Bench DAG: root (user1) and max(100, maxK + latencySamples) children in blocks of modelsPerBlock.
    int maxK = o.ks().isEmpty() ? 0 : Collections.max(o.ks());
    int children = Math.max(100, maxK + o.latencySamples());
    List<String> ids = new ArrayList<>();
    long t0 = System.nanoTime();
    LedgerClient u1 = session.ledger("user1");
    u1.publish(pk, List.of(SyntheticModels.model(prefix + "root", List.of())), rnd);
    for (int i = 0; i < children; i += o.modelsPerBlock()) {
      List<ModelToPublish> batch = new ArrayList<>();
      for (int j = i; j < Math.min(children, i + o.modelsPerBlock()); j++) {
        String id = prefix + "c" + j;
        batch.add(SyntheticModels.model(id, List.of(prefix + "root")));
        ids.add(id);
      }
      u1.publishPending(u1.newModels(pk, batch, rnd));
    }
    u1.awaitSealed(ids, java.time.Duration.ofMinutes(2));
    double setupS = (System.nanoTime() - t0) / 1e9;
    Setup setup = new Setup(children + 1, o.modelsPerBlock(), setupS, (children + 1) / setupS);
    progress.accept(String.format("setup: %d models in publishes of %d in %.1f s (%.1f models/s, sealed)", children + 1,
        o.modelsPerBlock(), setupS, (children + 1) / setupS));

    RedactionPlanner planner = new RedactionPlanner(c1, committee);
    int requestNo = 0;
    // One RedactBatch of 100 models (parallel paradigm): endorse + commit timed alone.
    String rq = openRequest(u1, prefix, ++requestNo, Paradigm.PARALLEL);
    long p0 = System.nanoTime();
    Redaction batch100 = planner.plan(rq, SyntheticModels.rewrites(ids.subList(0, 100), "r100"));
    long p1 = System.nanoTime();
    c1.redact(batch100, false);
    long p2 = System.nanoTime();
    RedactBatch redact100 = new RedactBatch(100, (p2 - p1) / 1e6, (p1 - p0) / 1e6);
    progress.accept(String.format("RedactBatch of 100 models: endorse + commit %.0f ms (collision planning before it %.0f ms)",
        redact100.millis(), redact100.planMillis()));

    RedactionLatency latency = null;
    if (o.latencySamples() > 0) {
      // Redaction latency (sequential paradigm, one model per transaction).
      String req = openRequest(u1, prefix, ++requestNo, Paradigm.SEQUENTIAL);
      List<Double> plan = new ArrayList<>();
      List<Double> submit = new ArrayList<>();
      List<Double> total = new ArrayList<>();
      for (int i = 0; i < o.latencySamples(); i++) {
        String id = planner.pendingModels(req).get(0); // sequential: the next model in cascade order
        long x = System.nanoTime();
        Redaction r = planner.plan(req, SyntheticModels.rewrites(List.of(id), "lat"));
        long y = System.nanoTime();
        c1.redact(r, true);
        long z = System.nanoTime();
        plan.add((y - x) / 1e6);
        submit.add((z - y) / 1e6);
        total.add((z - x) / 1e6);
      }
      latency = new RedactionLatency(o.latencySamples(), pct(plan, 50), pct(submit, 50), pct(submit, 99), pct(total, 50),
          pct(total, 99));
      progress.accept(String.format("redaction latency (RedactOne, %d samples): p50 %.0f ms, p99 %.0f ms "
              + "(collision planning p50 %.0f ms, endorse+commit p50 %.0f ms, p99 %.0f ms)",
          o.latencySamples(), pct(total, 50), pct(total, 99), pct(plan, 50), pct(submit, 50), pct(submit, 99)));
    }

    // Batch of K vs K singles.
    List<BatchVsSingles> rows = new ArrayList<>();
    for (int k : o.ks()) {
      List<String> targets = ids.subList(0, k);
      String rb = openRequest(u1, prefix, ++requestNo, Paradigm.PARALLEL);
      long x = System.nanoTime();
      Redaction kb = planner.plan(rb, SyntheticModels.rewrites(targets, "b" + k));
      long y = System.nanoTime();
      c1.redact(kb, false);
      long z = System.nanoTime();
      String rs = openRequest(u1, prefix, ++requestNo, Paradigm.SEQUENTIAL);
      double singlesPlan = 0;
      double singlesSubmit = 0;
      // sequential: the first K models of its cascade, one RedactOne each, in cascade order
      for (String id : planner.pendingModels(rs).subList(0, k)) {
        long d = System.nanoTime();
        Redaction one = planner.plan(rs, SyntheticModels.rewrites(List.of(id), "s" + k));
        long e = System.nanoTime();
        c1.redact(one, true);
        long f = System.nanoTime();
        singlesPlan += (e - d) / 1e6;
        singlesSubmit += (f - e) / 1e6;
      }
      double batchMs = (z - x) / 1e6;
      double singlesMs = singlesPlan + singlesSubmit;
      rows.add(new BatchVsSingles(k, 1, k, batchMs, (y - x) / 1e6, (z - y) / 1e6, singlesMs, singlesPlan,
          singlesSubmit, singlesMs / batchMs));
      progress.accept(String.format("K=%3d: one RedactBatch %.0f ms (plan %.0f + submit %.0f) vs %d RedactOne %.0f ms: "
              + "%.2fx, consensus rounds 1 vs %d", k, batchMs, (y - x) / 1e6, (z - y) / 1e6, k, singlesMs,
          singlesMs / batchMs, k));
    }
    ChaincodeVerification verification = verificationCost(pk);
    return new Report(prefix, publish, baseline, redact100, cpuReport, setup, latency, rows, verification,
        c1.evaluate("VerifyChain"));
  }

  private static String busiest(Map<String, ComponentCpu.Usage> m) {
    return m.entrySet().stream().filter(e -> !e.getKey().equals("benchClient"))
        .max(java.util.Comparator.comparingDouble(e -> e.getValue().cpuSeconds())).map(Map.Entry::getKey).orElse(null);
  }

  /**
   * {@code clients} threads (users 1..14 in turn) publish one model at a time until the
   * duration is over; each publish is timed from submit to commit. Today's path then waits
   * until the sealer has sealed every model.
   */
  private PublishPhase publishPhase(Options o, ChameleonPublicKey pk, String prefix, boolean baseline) throws Exception {
    String path = baseline ? "baseline: PublishBaselineHotKey (every publish seals its own block on the live head)"
        : "Publish (pending, sealed by the network's sealer)";
    progress.accept(String.format("publish load: %d clients for %d s, %s", o.clients(), o.duration().toSeconds(), path));
    List<LedgerClient> clients = new ArrayList<>();
    for (int t = 0; t < o.clients(); t++) {
      clients.add(session.ledger("user" + (t % 14 + 1)));
    }
    LedgerClient reader = session.ledger("committee1");
    long blocksBefore = reader.evaluate("GetHead").get("blocks").asLong();
    ExecutorService pool = Executors.newFixedThreadPool(o.clients());
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    List<String> published = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
    long retriesBefore = LedgerClient.retries();
    long mvccBefore = LedgerClient.mvccConflicts();
    long t0 = System.nanoTime();
    long end = t0 + o.duration().toNanos();
    AtomicLong lastCommit = new AtomicLong(t0);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < o.clients(); t++) {
        final int thread = t;
        fs.add(pool.submit(() -> {
          LedgerClient c = clients.get(thread);
          for (int i = 0; System.nanoTime() < end; i++) {
            String id = prefix + thread + "-" + i;
            List<ModelToPublish> one = List.of(SyntheticModels.model(id, List.of()));
            long a = System.nanoTime();
            try {
              if (baseline) {
                c.publishBaselineHotKey(pk, one, rnd);
              } else {
                c.publishPending(c.newModels(pk, one, rnd));
              }
            } catch (RuntimeException e) {
              failed.incrementAndGet();
              firstFailure.compareAndSet(null, e.getMessage());
              continue;
            }
            long b = System.nanoTime();
            latencies.add((b - a) / 1e6);
            published.add(id);
            lastCommit.accumulateAndGet(b, Math::max);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double s = (lastCommit.get() - t0) / 1e9;
    double drain = 0;
    if (!baseline) {
      // the queue is empty once the sealer has sealed every publish of this phase (nobody else publishes)
      long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
      while (!reader.pending(1).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("publishes still pending 2 minutes after the load: is the sealer running?");
        }
        Thread.sleep(50);
      }
      drain = (System.nanoTime() - lastCommit.get()) / 1e9;
      if (!published.isEmpty()) {
        reader.awaitSealed(List.of(published.get(0), published.get(published.size() - 1)), java.time.Duration.ofSeconds(10));
      }
    }
    long blocks = reader.evaluate("GetHead").get("blocks").asLong() - blocksBefore;
    int n = published.size();
    PublishPhase r = new PublishPhase(baseline ? "baseline" : "publish", o.clients(), n, failed.get(), round(s),
        round(n / s), round(pct(latencies, 50)), round(pct(latencies, 99)), LedgerClient.mvccConflicts() - mvccBefore,
        LedgerClient.retries() - retriesBefore, blocks, round(drain), firstFailure.get());
    progress.accept(String.format("  %d publishes committed in %.1f s = %.1f tx/s; latency p50 %.0f ms, p99 %.0f ms; "
            + "%d MVCC conflicts (%d retried attempts in all), %d failed after retries; %d live blocks%s",
        n, s, n / s, r.p50Ms(), r.p99Ms(), r.mvccConflicts(), r.retriedAttempts(), r.failed(), blocks,
        baseline ? "" : String.format(", all sealed %.1f s after the last commit", drain)));
    return r;
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }

  /**
   * What the chaincode computes per rewritten model, timed in this JVM with the chaincode's own
   * classes: payload canonical bytes + collision verification, and per affected block the
   * Merkle root recomputation and header collision verification.
   */
  private ChaincodeVerification verificationCost(ChameleonPublicKey pk) {
    P256ChameleonScheme scheme = new P256ChameleonScheme();
    int n = 300;
    List<Inputs.NewModel> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(LedgerRequests.newModel(pk, "lethe", "v" + i, SyntheticModels.uri("v" + i),
          SyntheticModels.digest("v" + i), List.of("r1", "r2"), rnd));
    }
    HexFormat hex = HexFormat.of();
    ChaincodeVerification measured = null;
    for (int round = 0; round < 2; round++) { // the first round warms the JIT
      long a = System.nanoTime();
      for (Inputs.NewModel m : ms) {
        byte[] msg = CanonicalBytes.payload(0, "", m.modelUri(), hex.parseHex(m.zkDigest()), m.refs());
        String why = scheme.verify(pk.toSec1(), CanonicalBytes.txContext("lethe", m.id()), msg, hex.parseHex(m.c()),
            hex.parseHex(m.r()), hex.parseHex(m.s()));
        if (why != null) {
          throw new IllegalStateException(why);
        }
      }
      long b = System.nanoTime();
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        leaves.add(hex.parseHex(ms.get(i).c()));
      }
      for (int i = 0; i < n; i++) {
        MerkleTree.root(leaves);
      }
      long c = System.nanoTime();
      measured = new ChaincodeVerification((b - a) / 1e3 / n, (c - b) / 1e3 / n);
    }
    progress.accept(String.format("chaincode-side checks per rewritten model (this JVM, chaincode classes): collision "
        + "verification %.0f µs; per affected block: Merkle root of 10 %.1f µs + one header verification",
        measured.collisionVerifyUs(), measured.merkleRoot10Us()));
    return measured;
  }

  private static String openRequest(LedgerClient owner, String prefix, int n, Paradigm paradigm) {
    String id = prefix + "req" + n;
    owner.openRequest(LedgerRequests.openRequest(id, List.of(prefix + "root"), ForgetSpec.parse("classes:0"),
        Method.of(paradigm), paradigm, new java.security.SecureRandom()));
    return id;
  }

  static double pct(List<Double> xs, int p) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
  }
}
