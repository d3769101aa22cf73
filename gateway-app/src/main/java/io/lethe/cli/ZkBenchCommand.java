package io.lethe.cli;

import io.lethe.json.JsonText;
import io.lethe.proto.ObsShape;
import io.lethe.proto.ProofResult;
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
    description = "OBS unlearning proofs: constraints, setup+prove time, sidecar peak RSS, proof size, Java verify time.")
public final class ZkBenchCommand implements Callable<Integer> {
  @Option(names = "--params", split = ",", defaultValue = "1000,10000") List<Integer> params;
  @Option(names = "--block", split = ",", defaultValue = "64,128") List<Integer> blocks;
  @Option(names = "--pruned", defaultValue = "2") int pruned;
  @Option(names = "--verify-runs", defaultValue = "20") int runs;
  @Mixin JsonOption json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One benchmark case. */
  record Row(int params, int block, int pruned, int cores, long setupAndProveMillis, long sidecarPeakRssMiB,
      long constraints, long witnessMillis, long proveMillis, int proofBytes, int vkBytes, double javaVerifyMedianMillis) {}

  @Override
  public Integer call() throws Exception {
    if (runs <= 0 || pruned <= 0) {
      throw new UserError("need --verify-runs > 0 and --pruned > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Row> rows = new ArrayList<>();
    for (int n : params) {
      for (int b : blocks) {
        Row row = measure(n, b);
        rows.add(row);
        if (!json.enabled()) {
          out.printf("N=%d block=%d: %d constraints, setup+prove %d ms (prove %d ms), sidecar peak %d MiB, "
                  + "proof %d B, Java verify %.2f ms%n", n, b, row.constraints(), row.setupAndProveMillis(),
              row.proveMillis(), row.sidecarPeakRssMiB(), row.proofBytes(), row.javaVerifyMedianMillis());
          out.flush();
        }
      }
    }
    if (json.enabled()) {
      JsonOption.print(out, rows);
    }
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
    return new Row(n, block, pruned, Runtime.getRuntime().availableProcessors(),
        demo.total().minus(demo.sampling()).toMillis(), peakMiB, res.getConstraints(), res.getWitnessMillis(),
        res.getProveMillis(), res.getProof().size(), res.getVk().size(), medianVerifyMillis(res, demo.publicInputs()));
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
