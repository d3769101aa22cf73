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
import java.util.function.Consumer;

/**
 * The live-ledger benchmark on a running network: publish throughput with concurrent clients,
 * redaction latency, one batch redaction of K models versus K single redactions (the paper's
 * parallel vs sequential consensus count) and the chaincode-side verification cost per rewritten
 * model. Uses its own id prefix, so it can run on a ledger that already holds data.
 */
public final class LedgerBench {
  /** Sizes of one run. */
  public record Options(int threads, int publishesPerThread, int latencySamples, List<Integer> ks, int modelsPerBlock) {
    public Options {
      ks = List.copyOf(ks);
      if (ks.isEmpty() || Collections.min(ks) < 1 || latencySamples < 1 || threads < 1 || publishesPerThread < 1
          || modelsPerBlock < 1) {
        throw new IllegalArgumentException("every size (K, samples, threads, publishes, models per block) must be positive");
      }
    }
  }

  public record Publish(long retriedAttempts, int threads, int transactions, double seconds, double txPerSecond,
      double latencyP50Ms, double latencyP99Ms) {}

  public record Setup(int models, int modelsPerBlock, double seconds, double batchedModelsPerSecond) {}

  public record RedactionLatency(int samples, double planP50, double submitP50, double submitP99, double totalP50,
      double totalP99) {}

  public record BatchVsSingles(int k, int batchTransactions, int singleTransactions, double batchMs, double batchPlanMs,
      double batchSubmitMs, double singlesMs, double singlesPlanMs, double singlesSubmitMs, double singlesOverBatch) {}

  public record ChaincodeVerification(double collisionVerifyUs, double merkleRoot10Us) {}

  public record Report(String prefix, Publish publish, Setup setup, RedactionLatency redactionLatencyMs,
      List<BatchVsSingles> batchVsSingles, ChaincodeVerification chaincodeVerification, JsonNode verifyChain) {}

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
    int maxK = Collections.max(o.ks());
    String prefix = "b" + HexFormat.of().formatHex(rnd.generateSeed(3)) + "-";
    LedgerClient c1 = session.ledger("committee1");
    ChameleonPublicKey pk = c1.committeeKey();
    Publish publish = publishThroughput(o, pk, prefix);

    // Bench DAG: root (user1) and maxK + latencySamples children in blocks of modelsPerBlock.
    int children = maxK + o.latencySamples();
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
      u1.publish(pk, batch, rnd);
    }
    double setupS = (System.nanoTime() - t0) / 1e9;
    Setup setup = new Setup(children + 1, o.modelsPerBlock(), setupS, (children + 1) / setupS);
    progress.accept(String.format("setup: %d models in blocks of %d in %.1f s (%.1f models/s batched)", children + 1,
        o.modelsPerBlock(), setupS, (children + 1) / setupS));

    RedactionPlanner planner = new RedactionPlanner(c1, committee);
    int requestNo = 0;
    // Redaction latency (sequential paradigm, one model per transaction).
    String req = openRequest(u1, prefix, ++requestNo, Paradigm.SEQUENTIAL);
    List<Double> plan = new ArrayList<>();
    List<Double> submit = new ArrayList<>();
    List<Double> total = new ArrayList<>();
    for (int i = 0; i < o.latencySamples(); i++) {
      String id = planner.pendingModels(req).get(0); // sequential: the next model in cascade order
      long a = System.nanoTime();
      Redaction r = planner.plan(req, SyntheticModels.rewrites(List.of(id), "lat"));
      long b = System.nanoTime();
      c1.redact(r, true);
      long c = System.nanoTime();
      plan.add((b - a) / 1e6);
      submit.add((c - b) / 1e6);
      total.add((c - a) / 1e6);
    }
    RedactionLatency latency = new RedactionLatency(o.latencySamples(), pct(plan, 50), pct(submit, 50),
        pct(submit, 99), pct(total, 50), pct(total, 99));
    progress.accept(String.format("redaction latency (RedactOne, %d samples): p50 %.0f ms, p99 %.0f ms "
            + "(collision planning p50 %.0f ms, endorse+commit p50 %.0f ms, p99 %.0f ms)",
        o.latencySamples(), pct(total, 50), pct(total, 99), pct(plan, 50), pct(submit, 50), pct(submit, 99)));

    // Batch of K vs K singles.
    List<BatchVsSingles> rows = new ArrayList<>();
    for (int k : o.ks()) {
      List<String> targets = ids.subList(0, k);
      String rb = openRequest(u1, prefix, ++requestNo, Paradigm.PARALLEL);
      long a = System.nanoTime();
      Redaction batch = planner.plan(rb, SyntheticModels.rewrites(targets, "b" + k));
      long b = System.nanoTime();
      c1.redact(batch, false);
      long c = System.nanoTime();
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
      double batchMs = (c - a) / 1e6;
      double singlesMs = singlesPlan + singlesSubmit;
      rows.add(new BatchVsSingles(k, 1, k, batchMs, (b - a) / 1e6, (c - b) / 1e6, singlesMs, singlesPlan,
          singlesSubmit, singlesMs / batchMs));
      progress.accept(String.format("K=%3d: one RedactBatch %.0f ms (plan %.0f + submit %.0f) vs %d RedactOne %.0f ms: "
              + "%.2fx, consensus rounds 1 vs %d", k, batchMs, (b - a) / 1e6, (c - b) / 1e6, k, singlesMs,
          singlesMs / batchMs, k));
    }
    ChaincodeVerification verification = verificationCost(pk);
    return new Report(prefix, publish, setup, latency, rows, verification, c1.evaluate("VerifyChain"));
  }

  private Publish publishThroughput(Options o, ChameleonPublicKey pk, String prefix) throws Exception {
    List<LedgerClient> clients = new ArrayList<>();
    for (int t = 0; t < o.threads(); t++) {
      clients.add(session.ledger("user" + (t % 14 + 1)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    AtomicInteger done = new AtomicInteger();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    long retriesBefore = LedgerClient.retries();
    long t0 = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < o.threads(); t++) {
        final int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < o.publishesPerThread(); i++) {
            long a = System.nanoTime();
            clients.get(thread).publish(pk, List.of(SyntheticModels.model(prefix + "p" + thread + "-" + i, List.of())), rnd);
            latencies.add((System.nanoTime() - a) / 1e6);
            done.incrementAndGet();
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
    double s = (System.nanoTime() - t0) / 1e9;
    long retried = LedgerClient.retries() - retriesBefore;
    progress.accept(String.format("publish: %d single-model Publish transactions from %d threads in %.1f s = %.2f tx/s "
            + "(latency p50 %.0f ms, p99 %.0f ms; %d attempts lost the race for the live head and were retried)",
        done.get(), o.threads(), s, done.get() / s, pct(latencies, 50), pct(latencies, 99), retried));
    return new Publish(retried, o.threads(), done.get(), s, done.get() / s, pct(latencies, 50), pct(latencies, 99));
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
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
  }
}
