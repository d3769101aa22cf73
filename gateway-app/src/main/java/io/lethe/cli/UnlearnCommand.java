package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fl.data.FashionMnist;
import io.lethe.flledger.ClientState;
import io.lethe.flledger.FlNetwork;
import io.lethe.flledger.FlSetup;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.flledger.RedactionCommitter;
import io.lethe.redaction.CommitteeSigner;
import io.lethe.flledger.UnlearningRun;
import io.lethe.json.JsonText;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.redaction.RedactionPlanner;
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe unlearn ...}: unlearning requests on the federation's own models, run end to end. */
@Command(name = "unlearn", mixinStandardHelpOptions = true,
    description = "Unlearning on the ledger's FL models: open a request, run it (clients update, committee rewrites).",
    subcommands = {UnlearnCommand.RequestCmd.class, UnlearnCommand.Run.class})
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

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {
          "Run an open request to completion as its coordinator (a committee identity,",
          "default committee1). Every affected client, as its own identity and with",
          "only its own data, computes its update from the version the ledger names",
          "(file fetched by CID, zkDigest checked): parallel = gradient ascent at each",
          "start by its owner, passed below with the chaincode's discounts k_s (one",
          "RedactBatch); zero-shot = the provider's mask and Group OBS on the client's",
          "own Fisher (one RedactBatch); sequential = re-aggregate and re-train in",
          "topological order (one RedactOne per model). Updates are rounded to fixed",
          "point and put in the live store; the committee co-signs through the same",
          "path as `lethe ledger redact` (share files, or --committee-services);",
          "superseded files then move from the live store to the archive store. Prints",
          "A_f/A_r before and after per model and the cost split. Resumable: a rerun",
          "continues with the models the ledger has not rewritten; a CLOSED request is",
          "refused (exit 2) and nothing changes. NO PROOF YET: the updates are not",
          "proven (the chunk circuits are not built); the output says so."
        })
  static final class Run extends FabricCommand {
    @Option(names = "--request", required = true) String request;
    @Option(names = "--json-out", paramLabel = "FILE", description = "write the JSON report here") Path jsonOut;
    @Option(names = "--alpha", description = "gradient-passing factor α of k_s = α·discount (default ${DEFAULT-VALUE})")
    double alpha = GradientAscentUnlearning.Config.defaults().alpha();
    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.directory();
    @Option(names = "--no-progress", description = "no progress bar on stderr") boolean noProgress;
    @Mixin CommitteeOptions committee;

    @Override
    int call(FabricSession session) throws Exception {
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
      RedactionCommitter committer = (req, updates, single) -> {
        long t0 = System.nanoTime();
        Redaction r;
        try (CommitteeSigner signer = committee.open(gateway, session, coordinator, false, spec.commandLine().getErr())) {
          r = new RedactionPlanner(coordinator, signer).plan(req, updates);
        } catch (CommitteeUnavailableException e) {
          throw new UserError(e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        JsonNode result = coordinator.redact(r, single);
        return new RedactionCommitter.Committed(result, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
      };
      GradientAscentUnlearning.Config ga = GradientAscentUnlearning.Config.defaults()
          .withPassing(alpha, GradientAscentUnlearning.Config.defaults().epsilon());
      ExperimentCommand.ProgressBar bar = new ExperimentCommand.ProgressBar(System.err, !noProgress);
      UnlearningRun run = new UnlearningRun(session, net, coordinator, setup, live, archive, committer, ga,
          ObsUnlearning.Config.defaults(), bar::update);
      UnlearningRun.Report report;
      int settled = run.settleStores(request);
      if (settled > 0) {
        spec.commandLine().getErr().println("lethe: moved " + settled + " superseded file(s) of rewrites committed "
            + "under " + request + " by an interrupted run from the live to the archive store");
      }
      try {
        List<String> cascade = run.check(request);
        String paradigm = coordinator.evaluate("GetRequest", request).get("paradigm").asText();
        bar.total = UnlearningRun.totalSteps(cascade, "sequential".equals(paradigm));
        report = run.run(request, data);
      } catch (UnlearningRun.Refused e) {
        throw new UserError(e.getMessage(), e);
      }
      bar.finish();
      spec.commandLine().getErr().println("lethe: proof: " + UnlearningRun.NO_PROOF);
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
        out(String.format("%-5s %-7s %-9s %14s %14s %8s", "model", "owner", "version", "A_f before→after",
            "A_r before→after", "compute"));
        for (UnlearningRun.ModelOutcome m : report.models()) {
          out(String.format("%-5s %-7s v%d→v%d    %5.3f → %5.3f  %5.3f → %5.3f %7.2fs", m.id(), m.owner(), m.fromVersion(),
              m.toVersion(), m.before().forgetAccuracy(), m.after().forgetAccuracy(), m.before().retainAccuracy(),
              m.after().retainAccuracy(), m.unlearningSeconds()));
        }
        out(String.format("mean  A_f %.3f → %.3f, A_r %.3f → %.3f", report.before().forgetAccuracy(),
            report.after().forgetAccuracy(), report.before().retainAccuracy(), report.after().retainAccuracy()));
        UnlearningRun.Costs c = report.costs();
        out(String.format("cost: unlearning %.2fs | proving none | chameleon + committee %.2fs | endorse+order+commit "
            + "%.2fs | store I/O %.2fs (%d bytes) | fixed point + zkDigest %.2fs | total %.2fs", c.unlearning(),
            c.committee(), c.consensus(), c.storeIo(), c.storeBytes(), c.fixedPointAndDigest(), c.total()));
        out("superseded files moved to the archive store: " + report.supersededMoved());
        out("proof: " + report.proof());
      }
      return 0;
    }
  }
}
