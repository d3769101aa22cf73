package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.proto.Circuit;
import io.lethe.proto.ProofResult;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.ObsDemoInstance;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverSidecar;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe zk demo|verify}: OBS unlearning proofs through the prover sidecar, verified in Java. */
@Command(name = "zk", mixinStandardHelpOptions = true,
    description = "Zero-knowledge proofs of unlearning (Groth16/BLS12-381).",
    subcommands = {ZkCommand.Demo.class, ZkCommand.Verify.class})
public final class ZkCommand implements Runnable {
  @Override
  public void run() {
    throw new UserError("choose a subcommand: demo, verify");
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Builds a random OBS unlearning instance, proves it through the sidecar and writes proof.bin, vk.bin, public.json.")
  static final class Demo implements Callable<Integer> {
    @Option(names = "--params", required = true, description = "number of weights N") int params;
    @Option(names = "--block", defaultValue = "64", description = "Fisher block size") int block;
    @Option(names = "--pruned", defaultValue = "2", description = "pruned weights per block") int pruned;
    @Option(names = "--out", required = true, description = "output directory") Path out;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--prover", description = "sidecar address host:port (default: LETHE_PROVER_ADDR, else start a local one)")
    String prover;
    @Option(names = "--keys", description = "key directory of a locally started sidecar (default .lethe/prover-keys)")
    Path keys;

    @Override
    public Integer call() throws Exception {
      if (params <= 0 || block <= 0 || pruned <= 0 || pruned > block) {
        throw new UserError("need --params > 0 and 0 < --pruned <= --block");
      }
      long t0 = System.nanoTime();
      ObsDemoInstance inst = new ObsDemoInstance(params, block, pruned, seed);
      BigInteger[] expected = inst.publicInputs();
      long tInstance = System.nanoTime();
      String addr = prover != null ? prover : System.getenv("LETHE_PROVER_ADDR");
      ProverSidecar sidecar = null;
      ProofResult res;
      try {
        if (addr == null) {
          Path k = keys != null ? keys : ProverSidecar.repoRoot().resolve(".lethe/prover-keys");
          System.err.println("lethe: starting a local prover sidecar (demo keys: INSECURE single-party dev setup)");
          sidecar = ProverSidecar.start(k, true);
          addr = sidecar.address();
        }
        try (ProverClient client = new ProverClient(addr)) {
          res = client.prove(Circuit.CIRCUIT_OBS_UNLEARNING, inst.witnessJson(), true,
              (stage, f) -> System.err.printf("\r[%-30s] %3.0f%% %-10s", "#".repeat((int) (f * 30)), f * 100, stage));
          System.err.println();
        } catch (ProverClient.ProverException e) {
          throw new UserError("prover refused: " + e.getMessage());
        }
      } finally {
        if (sidecar != null) {
          sidecar.close();
        }
      }
      long tProved = System.nanoTime();
      List<String> pub = new ArrayList<>();
      for (int i = 0; i < res.getPublicInputsCount(); i++) {
        BigInteger got = FieldBytes.fromBytes32(res.getPublicInputs(i).toByteArray());
        if (!got.equals(expected[i])) {
          throw new IllegalStateException("prover's public input " + i + " differs from the Java zkDigest");
        }
        pub.add(FieldBytes.toHex(got));
      }
      Files.createDirectories(out);
      Files.write(out.resolve("proof.bin"), res.getProof().toByteArray());
      Files.write(out.resolve("vk.bin"), res.getVk().toByteArray());
      ObjectNode pj = JSON.createObjectNode();
      pj.put("keyId", res.getKeyId()).put("circuit", "obs-unlearning")
          .put("vkSha256", HexFormat.of().formatHex(res.getVkSha256().toByteArray()));
      pj.putArray("names").add("zkDigest(W)").add("zkDigest(W')").add("zkDigest(M)");
      pub.forEach(pj.putArray("publicInputs")::add);
      JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("public.json").toFile(), pj);
      ObjectNode o = JSON.createObjectNode();
      o.put("keyId", res.getKeyId()).put("params", params).put("constraints", res.getConstraints())
          .put("proofBytes", res.getProof().size()).put("instanceMillis", (tInstance - t0) / 1_000_000)
          .put("witnessMillis", res.getWitnessMillis()).put("proveMillis", res.getProveMillis())
          .put("totalMillis", (tProved - t0) / 1_000_000).put("out", out.toString());
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verifies DIR/proof.bin against DIR/vk.bin and DIR/public.json with the Java (blst) verifier.")
  static final class Verify implements Callable<Integer> {
    @Option(names = "--dir", required = true) Path dir;
    @Option(names = "--json", description = "print {\"valid\",\"reason\",\"millis\"}") boolean json;

    @Override
    public Integer call() throws Exception {
      byte[] proof;
      byte[] vk;
      JsonNode pj;
      try {
        proof = Files.readAllBytes(dir.resolve("proof.bin"));
        vk = Files.readAllBytes(dir.resolve("vk.bin"));
        pj = JSON.readTree(dir.resolve("public.json").toFile());
      } catch (java.io.IOException e) {
        throw new UserError("cannot read proof directory " + dir + ": " + e.getMessage());
      }
      List<BigInteger> inputs = new ArrayList<>();
      Groth16Verifier.Result r = null;
      try {
        for (JsonNode n : pj.get("publicInputs")) {
          inputs.add(FieldBytes.fromHex(n.asText()));
        }
      } catch (RuntimeException e) {
        r = new Groth16Verifier.Result(false, "malformed public input: " + e.getMessage());
      }
      long t = System.nanoTime();
      if (r == null) {
        r = Groth16Verifier.check(vk, proof, inputs);
      }
      double ms = (System.nanoTime() - t) / 1e6;
      if (json) {
        ObjectNode o = JSON.createObjectNode();
        o.put("valid", r.valid()).put("reason", r.reason()).put("millis", Math.round(ms * 100) / 100.0);
        System.out.println(JSON.writeValueAsString(o));
      } else {
        System.out.printf("%s (%s) in %.2f ms%n", r.valid() ? "VALID" : "INVALID", r.reason(), ms);
      }
      return r.valid() ? 0 : 1;
    }
  }
}
