package io.lethe.cli;

import io.lethe.json.JsonText;
import io.lethe.proto.ObsShape;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.ObsDemoProof;
import io.lethe.zk.ObsSample;
import io.lethe.zk.ProofDirectory;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverDeadlines;
import io.lethe.zk.ProverException;
import io.lethe.zk.ProverSidecar;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lethe zk demo|verify}: OBS unlearning proofs through the prover sidecar, verified in Java. */
@Command(name = "zk", mixinStandardHelpOptions = true,
    description = "Zero-knowledge proofs of unlearning (Groth16/BLS12-381).",
    subcommands = {ZkCommand.Demo.class, ZkCommand.Verify.class})
public final class ZkCommand {
  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Has the sidecar draw a random OBS unlearning instance and prove it; writes proof.bin, vk.bin, public.json.")
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
    @Option(names = "--rpc-timeout", defaultValue = "60", paramLabel = "SECONDS",
        description = "deadline of each unary call to the sidecar (default ${DEFAULT-VALUE})")
    long rpcTimeout;
    @Option(names = "--idle-timeout", defaultValue = "60", paramLabel = "SECONDS",
        description = "longest silence of the sidecar while proving (default ${DEFAULT-VALUE})")
    long idleTimeout;
    @Mixin JsonOption json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** What {@code lethe zk demo} reports. */
    record Report(String keyId, int params, long constraints, int proofBytes, long sampleMillis,
        long witnessMillis, long proveMillis, long totalMillis, String out) {}

    @Override
    public Integer call() throws Exception {
      if (params <= 0 || block <= 0 || pruned <= 0 || pruned > block) {
        throw new UserError("need --params > 0 and 0 < --pruned <= --block");
      }
      if (rpcTimeout <= 0 || idleTimeout <= 0) {
        throw new UserError("--rpc-timeout and --idle-timeout must be positive");
      }
      ObsShape shape = ObsShape.newBuilder().setParams(params).setBlock(block).setPruned(pruned).build();
      ProverDeadlines deadlines = new ProverDeadlines(Duration.ofSeconds(rpcTimeout), Duration.ofSeconds(idleTimeout));
      ObsDemoProof demo;
      try (ProverSidecar sidecar = ProverSidecar.attach(prover, keys);
          ProverClient client = new ProverClient(sidecar.address(), deadlines)) {
        demo = ObsDemoProof.run(client, JsonText.COMPACT, shape, seed, Demo::progressBar);
        System.err.println();
      } catch (ProverException e) {
        if (e.reason() == ProverException.Reason.REFUSED) {
          throw new UserError(e.getMessage(), e);
        }
        throw e;
      }
      var res = demo.proof();
      List<String> hex = demo.publicInputs().stream().map(FieldBytes::toHex).toList();
      new ProofDirectory(res.getProof().toByteArray(), res.getVk().toByteArray(),
          new ProofDirectory.PublicFile(res.getKeyId(), "obs-unlearning", HexFormat.of().formatHex(res.getVkSha256().toByteArray()),
              ObsSample.PUBLIC_INPUT_NAMES, hex))
          .write(out, JsonText.PRETTY);
      Report r = new Report(res.getKeyId(), params, res.getConstraints(), res.getProof().size(), demo.sampling().toMillis(),
          res.getWitnessMillis(), res.getProveMillis(), demo.total().toMillis(), out.toString());
      PrintWriter o = spec.commandLine().getOut();
      if (json.enabled()) {
        JsonOption.print(o, r);
      } else {
        o.printf("proved %s: %d constraints, %d-byte proof, prove %d ms (total %d ms); wrote %s%n",
            r.keyId(), r.constraints(), r.proofBytes(), r.proveMillis(), r.totalMillis(), out);
        o.flush();
      }
      return 0;
    }

    private static void progressBar(String stage, double f) {
      System.err.printf("\r[%-30s] %3.0f%% %-10s", "#".repeat((int) (f * 30)), f * 100, stage);
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verifies DIR/proof.bin against DIR/vk.bin and DIR/public.json with the Java (blst) verifier.")
  static final class Verify implements Callable<Integer> {
    @Option(names = "--dir", required = true) Path dir;
    @Mixin JsonOption json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** What {@code lethe zk verify} reports. */
    record Report(boolean valid, String reason, double millis) {}

    @Override
    public Integer call() {
      ProofDirectory d;
      try {
        d = ProofDirectory.read(dir, JsonText.COMPACT);
      } catch (IOException e) {
        throw new UserError("cannot read proof directory " + dir + ": " + e.getMessage());
      }
      long t = System.nanoTime();
      Groth16Verifier.Result r;
      try {
        List<BigInteger> inputs = d.publicFile().fieldElements();
        r = Groth16Verifier.check(d.vk(), d.proof(), inputs);
      } catch (RuntimeException e) {
        r = new Groth16Verifier.Result(false, "malformed public input: " + e.getMessage());
      }
      double ms = (System.nanoTime() - t) / 1e6;
      Report report = new Report(r.valid(), r.reason(), Math.round(ms * 100) / 100.0);
      PrintWriter o = spec.commandLine().getOut();
      if (json.enabled()) {
        JsonOption.print(o, report);
      } else {
        o.printf("%s (%s) in %.2f ms%n", r.valid() ? "VALID" : "INVALID", r.reason(), ms);
        o.flush();
      }
      return r.valid() ? 0 : 1;
    }
  }
}
