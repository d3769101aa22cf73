package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fl.data.FashionMnist;
import io.lethe.flledger.ClientState;
import io.lethe.flledger.FlNetwork;
import io.lethe.flledger.FlSetup;
import io.lethe.flledger.ProviderMasks;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.flledger.RedactionCommitter;
import io.lethe.redaction.CommitteeSigner;
import io.lethe.flledger.StoreSettlement;
import io.lethe.flledger.UnlearningRun;
import io.lethe.json.JsonText;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.redaction.RedactionPlanner;
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.zk.ChunkProver;
import io.lethe.zk.ProverClient;
import io.lethe.zk.ProverDeadlines;
import io.lethe.zk.ProverSidecar;
import java.time.Duration;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.LedgerRequests.NewPayload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe unlearn ...}: unlearning requests on the federation's own models, run end to end. */
@Command(name = "unlearn", mixinStandardHelpOptions = true,
    description = "Unlearning on the ledger's FL models: open a request, run it (clients update, committee rewrites).",
    subcommands = {UnlearnCommand.RequestCmd.class, UnlearnCommand.MaskCmd.class, UnlearnCommand.Run.class})
public final class UnlearnCommand {
  private UnlearnCommand() {}

  /** The answer of {@code unlearn request --json}. */
  record Opened(String request, List<String> cascade) {}

  @Command(name = "request", mixinStandardHelpOptions = true,
      description = {
          "Open an unlearning request as a data owner (--as userN) for starting models",
          "it owns; the chaincode fixes the cascade (the starts and every model",
          "inheriting from them) and refuses starts owned by anyone else. Without",
          "--start the starts are the models the caller's FL client published",
          "(<network>/clients/<as>/client.json). The method follows from the paradigm",
          "(parallel: gradient-ascent, sequential: retrain, zero-shot: obs). --json",
          "prints {\"request\": ID, \"cascade\": [model ids]}."
        })
  static final class RequestCmd extends FabricCommand {
    @Option(names = "--forget", required = true, paramLabel = "SPEC", description = "classes:C[,C...] (labels 0-9)") String forget;
    @Option(names = "--paradigm", defaultValue = "parallel", description = "parallel | sequential | zero-shot (default ${DEFAULT-VALUE})")
    String paradigm;
    @Option(names = "--start", paramLabel = "ID[,ID...]", description = "starting models (default: the caller's own models)") String start;
    @Option(names = "--id", description = "request id (default: req-<random>)") String id;

    @Override
    int call(FabricSession session) throws IOException {
      List<String> starts = FabricCommand.split(start);
      if (starts.isEmpty()) {
        ClientState own = FlCommand.network(gateway).client(gateway.identityName());
        starts = own.models();
        if (starts.isEmpty()) {
          throw new UserError(gateway.identityName() + " published no models in this network's FL run; name them with --start");
        }
      }
      String requestId = id != null ? id : "req-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
      Inputs.OpenRequest in = LedgerCommand.Request.Open.request(requestId, starts, forget, paradigm, null);
      JsonNode r = ledger(session).openRequest(in);
      List<String> cascade = new ArrayList<>();
      r.get("cascade").forEach(n -> cascade.add(n.asText()));
      if (json.enabled()) {
        printJson(new Opened(requestId, cascade));
      } else {
        out("request " + requestId + " open (" + in.paradigm() + ", " + in.method() + ", starts " + starts + "); cascade "
            + cascade);
      }
      return 0;
    }
  }

  @Command(name = "mask", mixinStandardHelpOptions = true,
      description = {
          "As the zero-shot provider (--as provider: the identity governance names in",
          "parameter zeroshot.provider), compute the mask of every model of an open",
          "zero-shot request's cascade not rewritten yet, and the block Fisher H of",
          "every Fisher block it touches, on the provider's own data (its reference",
          "set and the requester's forget samples), each model fetched from the live",
          "store by the CID the ledger names (zkDigest checked), and record both on",
          "the ledger for the model's current version (LiveLedger:RecordMask, kept in",
          "the requests collection beside the forget text). A mask already recorded",
          "for that version is kept (a rerun completes an interrupted one).",
          "`lethe unlearn run` then compensates with exactly these masks and H."
        })
  static final class MaskCmd extends FabricCommand {
    @Option(names = "--request", required = true) String request;
    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.directory();

    @Override
    int call(FabricSession session) throws IOException {
      FlNetwork net = FlCommand.network(gateway);
      FlSetup setup;
      try {
        setup = net.setup();
      } catch (IOException e) {
        throw new UserError(e.getMessage(), e);
      }
      ContentStore live = FlCommand.openStore(setup.liveStore());
      ProviderMasks.Report report;
      try {
        report = new ProviderMasks(ledger(session), setup, live, UnlearningRun.ZERO_SHOT_CONFIG)
            .record(request, data, id -> spec.commandLine().getErr().println("lethe: mask of " + id));
      } catch (ProviderMasks.Refused e) {
        throw new UserError(e.getMessage(), e);
      }
      if (json.enabled()) {
        printJson(report);
      } else {
        out("request " + report.request() + " (forget " + report.forget() + "): masks of " + report.models().size()
            + " model(s)");
        for (ProviderMasks.Recorded m : report.models()) {
          out(String.format("%-5s v%d  %d weights, %d removed, %d frozen  %s", m.id(), m.version(), m.weights(),
              m.removed(), m.frozen(), m.already() ? "recorded already" : String.format("recorded in %s (%.2fs)",
                  m.fabricTxId().substring(0, 8), m.seconds())));
        }
      }
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {
          "Run an open request to completion as its coordinator (a committee identity,",
          "default committee1). Every affected client, as its own identity and with",
          "only its own data, computes its update from the version the ledger names",
          "(file fetched by CID, zkDigest checked): parallel = gradient ascent at each",
          "start by its owner, passed below with the chaincode's discounts k_s (one",
          "RedactBatch); zero-shot = the mask the provider recorded (`lethe unlearn",
          "mask`; none recorded: refused) and the proof-compatible Group OBS on the",
          "client's own Fisher (one RedactBatch); sequential = re-aggregate and re-train in",
          "topological order (one RedactOne per model). Updates are rounded to fixed",
          "point and put in the live store; the committee co-signs through the same",
          "path as `lethe ledger redact` (share files, or --committee-services);",
          "superseded files then move from the live store to the archive store. Prints",
          "A_f/A_r before and after per model and the cost split. Resumable: a rerun",
          "continues with the models the ledger has not rewritten; a CLOSED request is",
          "refused (exit 2) and nothing changes.",
          "Proofs: with --provers ADDR[,ADDR...] (running sidecars) or --prover-keys",
          "DIR (a local sidecar started on those keys), each parallel start proves its",
          "Δ and each inheriting model its cascade step (chunk-delta, chunk-cascade),",
          "each zero-shot client its OBS step under the recorded mask (chunk-obs, with",
          "its committed block Fisher), one chunk per sidecar at a time; the chaincode",
          "verifies every bundle under the keys governance registered. k_s =",
          "round(α·discount·2^16) with α the ledger's unlearning.alpha. Sequential",
          "rewrites carry no proof, and a network with zk.required = true refuses them",
          "before anything is computed.",
          "The output says plainly what proves the updates."
        })
  static class Run extends FabricCommand {
    @Option(names = "--request", required = true) String request;
    @Option(names = "--json-out", paramLabel = "FILE", description = "write the JSON report here") Path jsonOut;
    @Option(names = "--provers", paramLabel = "ADDR[,ADDR...]",
        description = "prover sidecars (host:port) that prove the rewrites chunk by chunk, one chunk per sidecar at a time")
    String provers;
    @Option(names = "--prover-keys", paramLabel = "DIR",
        description = "start a local prover sidecar on the chunk keys in DIR (the keys governance registered)")
    Path proverKeys;
    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.directory();
    @Option(names = "--no-progress", description = "no progress bar on stderr") boolean noProgress;
    @Mixin CommitteeOptions committee;

    @Override
    void checkArguments() {
      if (provers != null && proverKeys != null) {
        throw new UserError("--provers and --prover-keys exclude each other: give running sidecars or keys for a local one");
      }
      if (proverKeys != null && !java.nio.file.Files.isDirectory(proverKeys)) {
        throw new UserError("--prover-keys " + proverKeys + " is not a directory");
      }
    }

    @Override
    int call(FabricSession session) throws Exception {
      List<ProverSidecar> sidecars = new ArrayList<>();
      List<ProverClient> clients = new ArrayList<>();
      try {
        if (proverKeys != null) {
          sidecars.add(ProverSidecar.start(proverKeys, false));
        }
        for (String address : FabricCommand.split(provers)) {
          sidecars.add(ProverSidecar.attach(address, null));
        }
        for (ProverSidecar s : sidecars) {
          clients.add(new ProverClient(s.address(), PROVING_DEADLINES));
        }
        return run(session, clients.isEmpty() ? null : ChunkProver.onSidecars(clients));
      } finally {
        clients.forEach(ProverClient::close);
        sidecars.forEach(ProverSidecar::close);
      }
    }

    /** The new payloads the coordinator submits: the clients' (test code overrides this to forge one). */
    Map<String, NewPayload> published(Map<String, NewPayload> updates) throws IOException {
      return updates;
    }

    /** The proof bundles the coordinator submits: the clients' (test code overrides this to forge one). */
    Map<String, ProofBundle> proven(Map<String, ProofBundle> proofs) {
      return proofs;
    }

    /**
     * The mask and Fisher a zero-shot client compensates with: the ones the provider recorded
     * (test code overrides this to forge one).
     */
    ProviderMasks.Statement applied(String modelId, ProviderMasks.Statement recorded) {
      return recorded;
    }

    /** A chunk proof takes seconds (a loaded machine: minutes); a sidecar silent this long is taken as dead. */
    static final ProverDeadlines PROVING_DEADLINES = new ProverDeadlines(Duration.ofSeconds(30), Duration.ofMinutes(2));

    private int run(FabricSession session, ChunkProver prover) throws Exception {
      FlNetwork net = FlCommand.network(gateway);
      FlSetup setup;
      try {
        setup = net.setup();
      } catch (IOException e) {
        throw new UserError(e.getMessage(), e);
      }
      LedgerClient coordinator = ledger(session);
      ContentStore live = FlCommand.openStore(setup.liveStore());
      ContentStore archive = new FileSystemContentStore(Path.of(setup.archiveStore()));
      RedactionCommitter committer = (req, updates, proofs, single) -> {
        long t0 = System.nanoTime();
        Redaction r;
        try (CommitteeSigner signer = committee.open(gateway, session, coordinator, false, spec.commandLine().getErr())) {
          r = new RedactionPlanner(coordinator, signer).plan(req, published(updates), proven(proofs));
        } catch (CommitteeUnavailableException e) {
          throw new UserError(e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        JsonNode result = coordinator.redact(r, single);
        return new RedactionCommitter.Committed(result, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
      };
      GradientAscentUnlearning.Config ga = GradientAscentUnlearning.Config.defaults();
      ExperimentCommand.ProgressBar bar = new ExperimentCommand.ProgressBar(System.err, !noProgress);
      UnlearningRun run = new UnlearningRun(session, net, coordinator, setup, live, archive, committer, ga,
          prover, bar::update);
      run.clientStatements(this::applied);
      UnlearningRun.Report report;
      StoreSettlement.Settled settled = run.settleStores(request);
      if (settled.any()) {
        spec.commandLine().getErr().println("lethe: rewrites committed under " + request + " by an interrupted run: moved "
            + settled.moved() + " superseded file(s) from the live to the archive store, restored " + settled.restored()
            + " new file(s) to the live store from the staging area, dropped " + settled.stagingDropped()
            + " staging entr" + (settled.stagingDropped() == 1 ? "y" : "ies"));
      }
      try {
        List<String> cascade = run.check(request);
        String paradigm = coordinator.evaluate("GetRequest", request).get("paradigm").asText();
        bar.total = UnlearningRun.totalSteps(cascade, "sequential".equals(paradigm),
            prover != null && !"sequential".equals(paradigm));
        report = run.run(request, data);
      } catch (UnlearningRun.Refused e) {
        throw new UserError(e.getMessage(), e);
      }
      bar.finish();
      spec.commandLine().getErr().println("lethe: proof: " + report.proof());
      spec.commandLine().getErr().flush();
      if (jsonOut != null) {
        JsonText.PRETTY.writeValue(jsonOut.toFile(), report);
      }
      if (json.enabled()) {
        printJson(report);
      } else {
        out("request " + report.request() + " (" + report.paradigm() + ", " + report.method() + ", forget "
            + report.forget() + "): " + report.models().size() + " model(s) rewritten in " + report.transactions().size()
            + " transaction(s); request " + report.requestStatus());
        out(String.format("%-5s %-7s %-9s %14s %14s %8s %s", "model", "owner", "version", "A_f before→after",
            "A_r before→after", "compute", "proof"));
        for (UnlearningRun.ModelOutcome m : report.models()) {
          String proof = m.proof().kind() == null ? "none"
              : String.format("%s, %d chunk(s) proven, %d unchanged, %.1fs", m.proof().kind(), m.proof().chunksProven(),
                  m.proof().chunksUnchanged(), m.proof().seconds());
          out(String.format("%-5s %-7s v%d→v%d    %5.3f → %5.3f  %5.3f → %5.3f %7.2fs %s", m.id(), m.owner(), m.fromVersion(),
              m.toVersion(), m.before().forgetAccuracy(), m.after().forgetAccuracy(), m.before().retainAccuracy(),
              m.after().retainAccuracy(), m.unlearningSeconds(), proof));
        }
        out(String.format("mean  A_f %.3f → %.3f, A_r %.3f → %.3f", report.before().forgetAccuracy(),
            report.after().forgetAccuracy(), report.before().retainAccuracy(), report.after().retainAccuracy()));
        UnlearningRun.Costs c = report.costs();
        out(String.format("cost: unlearning %.2fs | proving %s | chameleon + committee %.2fs | endorse+order+commit "
            + "%.2fs | store I/O %.2fs (%d bytes) | fixed point + zkDigest %.2fs | total %.2fs", c.unlearning(),
            c.proving() == null ? "none" : String.format("%.2fs", c.proving()), c.committee(), c.consensus(), c.storeIo(),
            c.storeBytes(), c.fixedPointAndDigest(), c.total()));
        out("superseded files moved to the archive store: " + report.supersededMoved());
        out("proof: " + report.proof());
      }
      return 0;
    }
  }
}
