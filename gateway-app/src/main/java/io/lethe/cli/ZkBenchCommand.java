package io.lethe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proto.Circuit;
import io.lethe.proto.ProofResult;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.ObsDemoInstance;
import io.lethe.zk.Proof;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverSidecar;
import io.lethe.zk.VerifyingKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lethe bench zk}: per (N, Fisher block) one OBS unlearning proof through a fresh local
 * sidecar (single-party dev setup, timed as part of the first call), then the Java verifier.
 * One JSON line per case.
 */
@Command(name = "zk", mixinStandardHelpOptions = true,
    description = "OBS unlearning proofs: constraints, setup+prove time, sidecar peak RSS, proof size, Java verify time.")
public final class ZkBenchCommand implements Callable<Integer> {
  @Option(names = "--params", split = ",", defaultValue = "1000,10000") List<Integer> params;
  @Option(names = "--block", split = ",", defaultValue = "64,128") List<Integer> blocks;
  @Option(names = "--pruned", defaultValue = "2") int pruned;
  @Option(names = "--verify-runs", defaultValue = "20") int runs;

  @Override
  public Integer call() throws Exception {
    ObjectMapper om = new ObjectMapper();
    for (int n : params) {
      for (int b : blocks) {
        ObsDemoInstance inst = new ObsDemoInstance(n, b, pruned, n);
        BigInteger[] pub = inst.publicInputs();
        Path keys = Files.createTempDirectory("lethe-zk-bench");
        ObjectNode row = om.createObjectNode();
        row.put("params", n).put("block", b).put("pruned", pruned)
            .put("cores", Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        ProofResult res;
        try (ProverSidecar sidecar = ProverSidecar.start(keys, true);
            ProverClient client = new ProverClient(sidecar.address())) {
          res = client.prove(Circuit.CIRCUIT_OBS_UNLEARNING, inst.witnessJson(), true, (s, f) -> { });
          row.put("setupAndProveMillis", (System.nanoTime() - t0) / 1_000_000);
          row.put("sidecarPeakRssMiB", sidecar.peakRssKiB() / 1024);
        } finally {
          deleteTree(keys);
        }
        row.put("constraints", res.getConstraints()).put("witnessMillis", res.getWitnessMillis())
            .put("proveMillis", res.getProveMillis()).put("proofBytes", res.getProof().size())
            .put("vkBytes", res.getVk().size());
        List<BigInteger> inputs = new ArrayList<>();
        for (int i = 0; i < res.getPublicInputsCount(); i++) {
          inputs.add(FieldBytes.fromBytes32(res.getPublicInputs(i).toByteArray()));
        }
        if (!inputs.equals(Arrays.asList(pub))) {
          throw new IllegalStateException("prover digests differ from the Java zkDigest");
        }
        VerifyingKey vk = VerifyingKey.parse(res.getVk().toByteArray());
        double[] ms = new double[runs];
        for (int i = 0; i < runs + 3; i++) {
          long t = System.nanoTime();
          boolean ok = Groth16Verifier.verify(vk, Proof.parse(res.getProof().toByteArray()), inputs);
          if (!ok) {
            throw new IllegalStateException("Java verifier rejected the proof");
          }
          if (i >= 3) {
            ms[i - 3] = (System.nanoTime() - t) / 1e6;
          }
        }
        Arrays.sort(ms);
        row.put("javaVerifyMedianMillis", Math.round(ms[runs / 2] * 100) / 100.0);
        System.out.println(om.writeValueAsString(row));
      }
    }
    return 0;
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
