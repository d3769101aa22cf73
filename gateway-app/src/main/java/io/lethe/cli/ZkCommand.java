package io.lethe.cli;

import io.lethe.fl.model.Architectures;
import io.lethe.zk.BundleCheck;
import io.lethe.zk.ChunkBundleVerifier;
import io.lethe.zk.ChunkDemo;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.ChunkProver;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverDeadlines;
import io.lethe.zk.ProverException;
import io.lethe.zk.ProverSidecar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lethe zk demo|verify}: chunk-proof bundles of a real unlearning update, verified in Java. */
@Command(name = "zk", mixinStandardHelpOptions = true,
    description = "Zero-knowledge proofs of unlearning (Groth16/BLS12-381, universal chunk circuits).",
    subcommands = {ZkCommand.Demo.class, ZkCommand.Verify.class})
public final class ZkCommand {
  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = {"Trains a real model (or loads --from), runs the project's unlearning on it and proves the "
          + "rewrite chunk by chunk (1,024 weights per chunk; unchanged chunks need no proof). Writes DIR/bundle.json "
          + "(statement, chunk subroots, proofs), vk.bin and the model files old.lethe / new.lethe (cascade: also the "
          + "starting model's start-old.lethe / start-new.lethe). Progress per chunk on stderr.",
          "delta: gradient ascent on one class of the starting model; the proofs show Δ = W' - W.",
          "cascade: y (child of the start s and of o) takes the step y' = y + round(k·Δ_s/2^16), k = α·½ from the DAG.",
          "obs: zero-shot Group OBS in its proof-compatible mode (Fisher block 16, <= 2 removed weights per block, one "
              + "round) on the forgotten class; every chunk with a removed weight is proven (mask and Fisher digests in "
              + "bundle.json); A_f/A_r are printed next to today's OBS (block 32, free mask, up to 3 rounds)."})
  static final class Demo implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "mlp (101,770 weights), mlp-small (25,450), mlp-tiny (970) or cnn (default ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--statement", required = true, description = "delta, cascade or obs") String statement;
    @Option(names = "--from", paramLabel = "FILE", description = "start from this model file (lethe fl / lethe model) instead of training")
    Path from;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory") Path out;
    @Option(names = "--provers", split = ",", paramLabel = "ADDR",
        description = "prover sidecars host:port, one worker each (default: LETHE_PROVER_ADDR, else start a local one)")
    List<String> provers;
    @Option(names = "--keys", paramLabel = "DIR",
        description = "key directory of a locally started sidecar (default .lethe/prover-keys); ceremony keys installed "
            + "there are used, missing keys get an INSECURE single-party dev setup")
    Path keys;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--train-samples", defaultValue = "4000", description = "Fashion-MNIST samples to train on (default ${DEFAULT-VALUE})")
    int trainSamples;
    @Option(names = "--ascent-steps", defaultValue = "60", description = "most gradient-ascent steps (default ${DEFAULT-VALUE})")
    int ascentSteps;
    @Option(names = "--forget-class", defaultValue = "0", description = "Fashion-MNIST class to forget (default ${DEFAULT-VALUE})")
    int forgetClass;
    @Option(names = "--head-only", description = "gradient ascent moves (obs: the mask removes) only the last layer (few chunks change: fast proofs)")
    boolean headOnly;
    @Option(names = "--alpha", defaultValue = "1", description = "gradient-passing factor α of the cascade (default ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--rpc-timeout", defaultValue = "120", paramLabel = "SECONDS",
        description = "deadline of each unary call to a sidecar (default ${DEFAULT-VALUE})")
    long rpcTimeout;
    @Option(names = "--idle-timeout", defaultValue = "3600", paramLabel = "SECONDS",
        description = "longest silence of a sidecar while proving one chunk, key setup included (default ${DEFAULT-VALUE})")
    long idleTimeout;
    @Mixin JsonOption json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ChunkKind kind;
      try {
        kind = ChunkKind.parse(statement);
      } catch (IllegalArgumentException e) {
        throw new UserError("--statement: " + e.getMessage());
      }
      if (from == null && !List.of("mlp", "mlp-small", "mlp-tiny", "cnn").contains(model)) {
        throw new UserError("--model must be mlp, mlp-small, mlp-tiny or cnn, got " + model);
      }
      if (!Architectures.NAMES.contains(model) || trainSamples < 100 || ascentSteps < 1 || forgetClass < 0 || forgetClass > 9
          || alpha <= 0 || alpha > 16) {
        throw new UserError("need --train-samples >= 100, --ascent-steps >= 1, --forget-class 0..9, 0 < --alpha <= 16");
      }
      if (rpcTimeout <= 0 || idleTimeout <= 0) {
        throw new UserError("--rpc-timeout and --idle-timeout must be positive");
      }
      ProverDeadlines deadlines = new ProverDeadlines(Duration.ofSeconds(rpcTimeout), Duration.ofSeconds(idleTimeout));
      List<ProverSidecar> attached = new ArrayList<>();
      List<ProverClient> clients = new ArrayList<>();
      ChunkDemo.Report r;
      try {
        for (String addr : provers == null || provers.isEmpty() ? java.util.Collections.<String>singletonList(null) : provers) {
          ProverSidecar s = ProverSidecar.attach(addr, keys);
          attached.add(s);
          clients.add(new ProverClient(s.address(), deadlines));
        }
        for (ProverClient c : clients) {
          c.listKeys(); // an unreachable sidecar fails now, not after training
        }
        ChunkDemo.Options o = new ChunkDemo.Options(model, kind, from, seed, trainSamples, ascentSteps, forgetClass, headOnly, alpha);
        r = new ChunkDemo(o, System.err).run(ChunkProver.onSidecars(clients), clients, out);
      } catch (ProverException e) {
        if (e.reason() == ProverException.Reason.REFUSED) {
          throw new UserError(e.getMessage(), e);
        }
        throw e;
      } catch (java.nio.file.NoSuchFileException e) {
        throw new UserError("no such file: " + e.getFile(), e);
      } finally {
        clients.forEach(ProverClient::close);
        attached.forEach(ProverSidecar::close);
      }
      PrintWriter o = spec.commandLine().getOut();
      if (json.enabled()) {
        JsonOption.print(o, r);
      } else {
        o.printf("%s bundle of %s (%,d weights): %d of %d chunks proven, %d unchanged; prove %.1f s; keys: %s%s; wrote %s%n",
            r.kind(), r.model(), r.weights(), r.chunksProven(), r.chunks(), r.chunksUnchanged(), r.proveMillis() / 1000.0,
            r.keySetup(), r.keySetup().equals("ceremony") ? "" : " (INSECURE, demo only)", out);
        if (r.obs() != null) {
          o.printf("A_f / A_r (test): before %.3f / %.3f, proof-compatible OBS %.3f / %.3f, today's OBS %.3f / %.3f%n",
              r.obs().afBefore(), r.obs().arBefore(), r.obs().afProvable(), r.obs().arProvable(), r.obs().afToday(),
              r.obs().arToday());
        }
        o.flush();
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verifies a lethe zk demo directory as the chaincode would: old and new zkDigests and Δ's chunk "
          + "subroots recomputed from the model files, bind from the statement, all chunk proofs in one batched "
          + "pairing check (Java/blst). Exit 0 when valid, 1 when not."})
  static final class Verify implements Callable<Integer> {
    @Option(names = "--dir", required = true) Path dir;
    @Option(names = "--model-id", description = "verify for this model id instead of the statement's (a replayed bundle must fail)")
    String modelId;
    @Mixin JsonOption json;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** What {@code lethe zk verify} reports. */
    record Report(boolean valid, String reason, double millis, int chunksProven, int chunksUnchanged) {}

    @Override
    public Integer call() {
      if (!java.nio.file.Files.isDirectory(dir)) {
        throw new UserError("cannot read bundle directory " + dir);
      }
      long t = System.nanoTime();
      ChunkBundleVerifier.Verdict v;
      try {
        v = BundleCheck.checkDirectory(dir, modelId);
      } catch (IOException e) {
        throw new UserError("cannot read bundle directory " + dir + ": " + e.getMessage());
      }
      double ms = (System.nanoTime() - t) / 1e6;
      Report report = new Report(v.valid(), v.reason(), Math.round(ms * 100) / 100.0, v.chunksProven(), v.chunksUnchanged());
      PrintWriter o = spec.commandLine().getOut();
      if (json.enabled()) {
        JsonOption.print(o, report);
      } else {
        o.printf("%s (%s) in %.2f ms: %d chunks proven, %d unchanged%n", v.valid() ? "VALID" : "INVALID", v.reason(), ms,
            v.chunksProven(), v.chunksUnchanged());
        o.flush();
      }
      return v.valid() ? 0 : 1;
    }
  }
}
