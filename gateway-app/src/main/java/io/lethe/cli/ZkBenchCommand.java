package io.lethe.cli;

import io.lethe.json.JsonText;
import io.lethe.proto.ObsShape;
import io.lethe.proto.ProofResult;
import io.lethe.zk.Groth16BatchVerifier;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.ObsDemoProof;
import io.lethe.zk.Proof;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverSidecar;
import io.lethe.zk.VerifyingKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code lethe bench zk}: per (N, Fisher block) one OBS unlearning proof of the sidecar's sampled
 * instance (seed N) through a fresh local sidecar (single-party dev setup, timed as part of the
 * first call), then the Java verifier. A text line per case, or a JSON array with {@code --json}.
 */
@Command(name = "zk", mixinStandardHelpOptions = true,
    description = {"With --statement: the universal chunk circuits: per chunk constraints, prove time (wall and CPU), peak "
        + "RSS, proof bytes; per model (--params) the bundle's cost for each --touched fraction of chunks: MEASURED by "
        + "proving that many distinct chunks one at a time when at most --measure-up-to, else EXTRAPOLATED as chunks "
        + "proven x per-chunk figure (\"extrapolated\" in the JSON); Java verification of --batch copies of a real "
        + "chunk-delta proof one by one against one batched pairing check, in the same run.",
        "Without --statement: the per-shape OBS circuit (one proof per N and Fisher block)."})
public final class ZkBenchCommand implements Callable<Integer> {
  @Option(names = "--statement", split = ",", paramLabel = "KIND",
      description = "chunk statements to measure: delta, cascade, obs") List<String> statements;
  @Option(names = "--touched", split = ",", defaultValue = "1.0,0.05",
      description = "with --statement: fractions of a model's chunks an update touches (default ${DEFAULT-VALUE})")
  List<Double> touched;
  @Option(names = "--real-setup", description = "with --statement: prove under a dev-setup key instead of gnark's "
      + "dummy key (same proving work, minutes of setup per kind)") boolean realSetup;
  @Option(names = "--keys", paramLabel = "DIR", description = "with --statement: key directory of the sidecar that makes "
      + "the chunk-delta proof the Java verifier checks (default .lethe/prover-keys)") Path keys;
  @Option(names = "--measure-up-to", defaultValue = "0", paramLabel = "CHUNKS",
      description = "with --statement: prove (not extrapolate) every model case that proves at most CHUNKS chunks "
          + "(default ${DEFAULT-VALUE})") int measureUpTo;
  @Option(names = "--params", split = ",", defaultValue = "1000,10000") List<Integer> params;
  @Option(names = "--block", split = ",", defaultValue = "64,128") List<Integer> blocks;
  @Option(names = "--pruned", defaultValue = "2") int pruned;
  @Option(names = "--verify-runs", defaultValue = "20") int runs;
  @Option(names = "--batch", defaultValue = "16",
      description = "proofs per batched verification, compared with as many one-by-one verifications (default ${DEFAULT-VALUE})")
  int batch;
  @Mixin JsonOption json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One benchmark case. */
  record Row(int params, int block, int pruned, int cores, long setupAndProveMillis, long sidecarPeakRssMiB,
      long constraints, long witnessMillis, long proveMillis, int proofBytes, int vkBytes, double javaVerifyMedianMillis,
      int batchSize, double oneByOneMillis, double batchedMillis, double batchSpeedup) {}

  @Override
  public Integer call() throws Exception {
    if (runs <= 0 || pruned <= 0 || batch <= 0 || measureUpTo < 0) {
      throw new UserError("need --verify-runs > 0, --pruned > 0, --batch > 0 and --measure-up-to >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (statements != null && !statements.isEmpty()) {
      return chunks(out);
    }
    List<Row> rows = new ArrayList<>();
    for (int n : params) {
      for (int b : blocks) {
        Row row = measure(n, b);
        rows.add(row);
        if (!json.enabled()) {
          out.printf("N=%d block=%d: %d constraints, setup+prove %d ms (prove %d ms), sidecar peak %d MiB, "
                  + "proof %d B, Java verify %.2f ms; %d proofs: one by one %.1f ms, batched %.1f ms (%.2fx)%n",
              n, b, row.constraints(), row.setupAndProveMillis(), row.proveMillis(), row.sidecarPeakRssMiB(),
              row.proofBytes(), row.javaVerifyMedianMillis(), row.batchSize(), row.oneByOneMillis(), row.batchedMillis(),
              row.batchSpeedup());
          out.flush();
        }
      }
    }
    if (json.enabled()) {
      JsonOption.print(out, rows);
    }
    return 0;
  }

  private Integer chunks(PrintWriter out) throws Exception {
    List<io.lethe.zk.ChunkKind> kinds = new ArrayList<>();
    for (String s : statements) {
      try {
        kinds.add(io.lethe.zk.ChunkKind.parse(s));
      } catch (IllegalArgumentException e) {
        throw new UserError("--statement: " + e.getMessage());
      }
    }
    if (touched.stream().anyMatch(f -> f <= 0 || f > 1)) {
      throw new UserError("--touched fractions must be in (0, 1]");
    }
    List<Long> ns = params.stream().map(Integer::longValue).toList();
    Path k = keys != null ? keys : ProverSidecar.repoRoot().resolve(".lethe/prover-keys");
    io.lethe.bench.ZkChunkBench.Result r = io.lethe.bench.ZkChunkBench.run(kinds, ns, touched, realSetup, k, batch, runs, measureUpTo);
    if (json.enabled()) {
      JsonOption.print(out, r);
      return 0;
    }
    for (var c : r.perChunk()) {
      out.printf("chunk-%s: %,d constraints, %d public inputs, prove %.1f s wall / %.1f s CPU (%s key), peak RSS %d MiB, "
              + "proof %d B (%d cores)%n", c.statement(), c.constraints(), c.publicInputs(), c.proveMillis() / 1000.0,
          c.proveCpuMillis() / 1000.0, c.setup(), c.peakRssMiB(), c.proofBytes(), c.cores());
    }
    for (var m : r.perModel()) {
      out.printf((m.extrapolated() ? "EXTRAPOLATED" : "MEASURED") + " %s N=%,d: %d chunks, %.0f%% touched -> %d proven, %d unchanged: %.0f s wall, %.0f s CPU, "
              + "peak %d MiB, %,d proof bytes%n", m.statement(), m.params(), m.chunks(), m.touchedFraction() * 100,
          m.chunksProven(), m.chunksUnchanged(), m.proveSeconds(), m.proveCpuSeconds(), m.peakRssMiB(), m.bundleProofBytes());
    }
    var v = r.verify();
    out.printf("Java verify, %d chunk-%s proofs: one by one %.1f ms (CPU %.1f ms), batched %.1f ms (CPU %.1f ms) (%.2fx)%n",
        v.proofs(), v.statement(), v.oneByOneMillis(), v.oneByOneCpuMillis(), v.batchedMillis(), v.batchedCpuMillis(),
        v.speedup());
    out.flush();
    return 0;
  }

  private Row measure(int n, int block) throws Exception {
    ObsShape shape = ObsShape.newBuilder().setParams(n).setBlock(block).setPruned(pruned).build();
    Path keys = Files.createTempDirectory("lethe-zk-bench");
    ObsDemoProof demo;
    long peakMiB;
    try (ProverSidecar sidecar = ProverSidecar.start(keys, true);
        ProverClient client = new ProverClient(sidecar.address())) {
      demo = ObsDemoProof.run(client, JsonText.COMPACT, shape, n, (stage, f) -> { });
      peakMiB = sidecar.peakRssKiB() / 1024;
    } finally {
      deleteTree(keys);
    }
    ProofResult res = demo.proof();
    double[] batchTimes = batchVerifyMillis(res, demo.publicInputs());
    return new Row(n, block, pruned, Runtime.getRuntime().availableProcessors(),
        demo.total().minus(demo.sampling()).toMillis(), peakMiB, res.getConstraints(), res.getWitnessMillis(),
        res.getProveMillis(), res.getProof().size(), res.getVk().size(), medianVerifyMillis(res, demo.publicInputs()),
        batch, batchTimes[0], batchTimes[1], Math.round(batchTimes[0] / batchTimes[1] * 100) / 100.0);
  }

  /**
   * Median over {@code --verify-runs} of (one-by-one, batched) verification of {@code --batch}
   * statements under one key, interleaved in the same run so machine load hits both alike.
   */
  private double[] batchVerifyMillis(ProofResult res, List<BigInteger> inputs) {
    VerifyingKey vk = VerifyingKey.parse(res.getVk().toByteArray());
    List<Groth16BatchVerifier.Statement> statements = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      statements.add(new Groth16BatchVerifier.Statement(Proof.parse(res.getProof().toByteArray()), inputs));
    }
    double[] single = new double[runs];
    double[] batched = new double[runs];
    for (int i = 0; i < runs + 2; i++) { // 2 warm-up runs
      long t = System.nanoTime();
      for (Groth16BatchVerifier.Statement st : statements) {
        if (!Groth16Verifier.verify(vk, st.proof(), st.publicInputs())) {
          throw new IllegalStateException("Java verifier rejected the proof");
        }
      }
      long u = System.nanoTime();
      if (!Groth16BatchVerifier.check(vk, statements).valid()) {
        throw new IllegalStateException("batched verifier rejected valid proofs");
      }
      long w = System.nanoTime();
      if (i >= 2) {
        single[i - 2] = (u - t) / 1e6;
        batched[i - 2] = (w - u) / 1e6;
      }
    }
    Arrays.sort(single);
    Arrays.sort(batched);
    return new double[] {Math.round(single[runs / 2] * 10) / 10.0, Math.round(batched[runs / 2] * 10) / 10.0};
  }

  private double medianVerifyMillis(ProofResult res, List<BigInteger> inputs) {
    VerifyingKey vk = VerifyingKey.parse(res.getVk().toByteArray());
    double[] ms = new double[runs];
    for (int i = 0; i < runs + 3; i++) { // 3 warm-up runs
      long t = System.nanoTime();
      if (!Groth16Verifier.verify(vk, Proof.parse(res.getProof().toByteArray()), inputs)) {
        throw new IllegalStateException("Java verifier rejected the proof");
      }
      if (i >= 3) {
        ms[i - 3] = (System.nanoTime() - t) / 1e6;
      }
    }
    Arrays.sort(ms);
    return Math.round(ms[runs / 2] * 100) / 100.0;
  }

  private static void deleteTree(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
