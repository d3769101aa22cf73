package io.lethe.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.cli.UserError;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Json;
import io.lethe.ledger.P256ChameleonScheme;
import io.lethe.ledger.client.LedgerOps.Model;
import io.lethe.merkle.MerkleTree;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lethe bench ledger}: on a running network, publish throughput with concurrent clients,
 * redaction latency, one batch redaction of K models versus K single redactions (the paper's
 * parallel vs sequential consensus count) and the chaincode-side verification cost per rewritten
 * model. Uses its own id prefix, so it can run on a ledger that already holds data.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "Live-ledger benchmark on the running network (publish tx/s, redaction latency, batch vs single).")
public final class LedgerBenchCommand extends LedgerCommandBase {
  @Option(names = "--threads", defaultValue = "4") int threads;
  @Option(names = "--publishes-per-thread", defaultValue = "10") int publishesPerThread;
  @Option(names = "--latency-samples", defaultValue = "20") int latencySamples;
  @Option(names = "--k", split = ",", defaultValue = "1,14,100", description = "Batch sizes K.") List<Integer> ks;
  @Option(names = "--models-per-block", defaultValue = "10",
      description = "Bench DAG: children of the root published this many per live block.") int perBlock;
  @Option(names = "--committee-dir") Path committeeDir;

  @Override
  public Integer call() throws Exception {
    int maxK = Collections.max(ks);
    if (maxK < 1 || latencySamples < 1 || threads < 1) {
      throw new UserError("--k, --latency-samples and --threads must be positive");
    }
    SecureRandom rnd = new SecureRandom();
    String prefix = "b" + HexFormat.of().formatHex(rnd.generateSeed(3)) + "-";
    CommitteeFiles committee = CommitteeFiles.load(CommitteeFiles.defaultDir(committeeDir));
    ObjectNode report = Json.MAPPER.createObjectNode();
    report.put("prefix", prefix);
    try (var c1 = new LedgerCommand.AutoClient(connectAs("committee1"))) {
      LedgerOps.ensureCommitteeKey(c1.c, committee, 3);
      ChameleonPublicKey pk = LedgerOps.currentKey(c1.c);
      report.set("publish", publishThroughput(pk, prefix, rnd));

      // Bench DAG: root (user1) and maxK + latencySamples children in blocks of perBlock.
      int children = maxK + latencySamples;
      List<String> ids = new ArrayList<>();
      long t0 = System.nanoTime();
      try (var u1 = new LedgerCommand.AutoClient(connectAs("user1"))) {
        LedgerOps.publish(u1.c, pk, List.of(model(prefix + "root", List.of())), rnd);
        for (int i = 0; i < children; i += perBlock) {
          List<Model> batch = new ArrayList<>();
          for (int j = i; j < Math.min(children, i + perBlock); j++) {
            String id = prefix + "c" + j;
            batch.add(model(id, List.of(prefix + "root")));
            ids.add(id);
          }
          LedgerOps.publish(u1.c, pk, batch, rnd);
        }
      }
      double setupS = (System.nanoTime() - t0) / 1e9;
      ObjectNode setup = report.putObject("setup");
      setup.put("models", children + 1);
      setup.put("modelsPerBlock", perBlock);
      setup.put("seconds", setupS);
      setup.put("batchedModelsPerSecond", (children + 1) / setupS);
      say(String.format("setup: %d models in blocks of %d in %.1f s (%.1f models/s batched)", children + 1, perBlock,
          setupS, (children + 1) / setupS));

      int requestNo = 0;
      // Redaction latency (sequential paradigm, one model per transaction).
      String req = openRequest(prefix, ++requestNo);
      List<Double> plan = new ArrayList<>();
      List<Double> submit = new ArrayList<>();
      for (int i = 0; i < latencySamples; i++) {
        String id = ids.get(maxK + i);
        long a = System.nanoTime();
        Redaction r = LedgerOps.planSynthetic(c1.c, committee, req, List.of(id), "lat", false, rnd);
        long b = System.nanoTime();
        c1.c.redact(r, true);
        long c = System.nanoTime();
        plan.add((b - a) / 1e6);
        submit.add((c - b) / 1e6);
      }
      ObjectNode lat = report.putObject("redactionLatencyMs");
      lat.put("samples", latencySamples);
      lat.put("planP50", pct(plan, 50));
      lat.put("submitP50", pct(submit, 50));
      lat.put("submitP99", pct(submit, 99));
      List<Double> total = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        total.add(plan.get(i) + submit.get(i));
      }
      lat.put("totalP50", pct(total, 50));
      lat.put("totalP99", pct(total, 99));
      say(String.format("redaction latency (RedactOne, %d samples): p50 %.0f ms, p99 %.0f ms "
              + "(collision planning p50 %.0f ms, endorse+commit p50 %.0f ms, p99 %.0f ms)",
          latencySamples, pct(total, 50), pct(total, 99), pct(plan, 50), pct(submit, 50), pct(submit, 99)));

      // Batch of K vs K singles.
      ArrayNode cmp = report.putArray("batchVsSingles");
      for (int k : ks) {
        List<String> targets = ids.subList(0, k);
        String rb = openRequest(prefix, ++requestNo);
        long a = System.nanoTime();
        Redaction batch = LedgerOps.planSynthetic(c1.c, committee, rb, targets, "b" + k, false, rnd);
        long b = System.nanoTime();
        c1.c.redact(batch, false);
        long c = System.nanoTime();
        String rs = openRequest(prefix, ++requestNo);
        double singlesPlan = 0;
        double singlesSubmit = 0;
        for (String id : targets) {
          long d = System.nanoTime();
          Redaction one = LedgerOps.planSynthetic(c1.c, committee, rs, List.of(id), "s" + k, false, rnd);
          long e = System.nanoTime();
          c1.c.redact(one, true);
          long f = System.nanoTime();
          singlesPlan += (e - d) / 1e6;
          singlesSubmit += (f - e) / 1e6;
        }
        ObjectNode row = cmp.addObject();
        double batchMs = (c - a) / 1e6;
        double singlesMs = singlesPlan + singlesSubmit;
        row.put("k", k);
        row.put("batchTransactions", 1);
        row.put("singleTransactions", k);
        row.put("batchMs", batchMs);
        row.put("batchPlanMs", (b - a) / 1e6);
        row.put("batchSubmitMs", (c - b) / 1e6);
        row.put("singlesMs", singlesMs);
        row.put("singlesPlanMs", singlesPlan);
        row.put("singlesSubmitMs", singlesSubmit);
        row.put("singlesOverBatch", singlesMs / batchMs);
        say(String.format("K=%3d: one RedactBatch %.0f ms (plan %.0f + submit %.0f) vs %d RedactOne %.0f ms: "
                + "%.2fx, consensus rounds 1 vs %d", k, batchMs, (b - a) / 1e6, (c - b) / 1e6, k, singlesMs,
            singlesMs / batchMs, k));
      }
      report.set("chaincodeVerification", verificationCost(pk, rnd));
      JsonNode v = c1.c.evaluate("VerifyChain");
      report.set("verifyChain", v);
    }
    if (json) {
      printJson(report);
    }
    return 0;
  }

  private ObjectNode publishThroughput(ChameleonPublicKey pk, String prefix, SecureRandom rnd) throws Exception {
    List<LedgerCommand.AutoClient> clients = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      clients.add(new LedgerCommand.AutoClient(connectAs("user" + (t % 14 + 1))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    long retriesBefore = LedgerClient.retries();
    long t0 = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int thread = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < publishesPerThread; i++) {
            long a = System.nanoTime();
            LedgerOps.publish(clients.get(thread).c, pk, List.of(model(prefix + "p" + thread + "-" + i, List.of())), rnd);
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
      clients.forEach(LedgerCommand.AutoClient::close);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    long retried = LedgerClient.retries() - retriesBefore;
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("retriedAttempts", retried);
    out.put("threads", threads);
    out.put("transactions", done.get());
    out.put("seconds", s);
    out.put("txPerSecond", done.get() / s);
    out.put("latencyP50Ms", pct(latencies, 50));
    out.put("latencyP99Ms", pct(latencies, 99));
    say(String.format("publish: %d single-model Publish transactions from %d threads in %.1f s = %.2f tx/s "
            + "(latency p50 %.0f ms, p99 %.0f ms; %d attempts lost the race for the live head and were retried)",
        done.get(), threads, s, done.get() / s, pct(latencies, 50), pct(latencies, 99), retried));
    return out;
  }

  /**
   * What the chaincode computes per rewritten model, timed in this JVM with the chaincode's own
   * classes: payload canonical bytes + collision verification, and per affected block the
   * Merkle root recomputation and header collision verification.
   */
  private ObjectNode verificationCost(ChameleonPublicKey pk, SecureRandom rnd) {
    P256ChameleonScheme scheme = new P256ChameleonScheme();
    int n = 300;
    List<Inputs.NewModel> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ms.add(io.lethe.ledger.LedgerRequests.newModel(pk, "lethe", "v" + i, SyntheticModels.uri("v" + i),
          SyntheticModels.digest("v" + i), List.of("r1", "r2"), rnd));
    }
    HexFormat hex = HexFormat.of();
    for (int round = 0; round < 2; round++) { // first round warms the JIT
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
      if (round == 1) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("collisionVerifyUs", (b - a) / 1e3 / n);
        out.put("merkleRoot10Us", (c - b) / 1e3 / n);
        say(String.format("chaincode-side checks per rewritten model (this JVM, chaincode classes): collision "
            + "verification %.0f µs; per affected block: Merkle root of 10 %.1f µs + one header verification",
            (b - a) / 1e3 / n, (c - b) / 1e3 / n));
        return out;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private String openRequest(String prefix, int n) {
    String id = prefix + "req" + n;
    try (var u1 = new LedgerCommand.AutoClient(connectAs("user1"))) {
      u1.c.openRequest(new Inputs.OpenRequest(id, List.of(prefix + "root"), "classes:0", "gradient-ascent", "parallel"));
    }
    return id;
  }

  private static Model model(String id, List<String> refs) {
    return new Model(id, SyntheticModels.uri(id), SyntheticModels.digest(id), refs);
  }

  private void say(String line) {
    if (!json) {
      out(line);
    } else {
      System.err.println(line);
    }
  }

  static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
  }
}
