package io.lethe.cli;

import io.lethe.bench.LedgerBench;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.fabric.FabricSession;
import io.lethe.redaction.CommitteeSigner;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe bench ledger}: the live-ledger benchmark ({@link LedgerBench}) on the running network. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {"Live-ledger benchmark on the running network (publish tx/s, redaction latency, batch vs single).",
        "Collisions come from the committee member services (--insecure-share-files: in process, offline/dev)."})
public final class LedgerBenchCommand extends FabricCommand {
  @Option(names = "--threads", defaultValue = "4") int threads;
  @Option(names = "--publishes-per-thread", defaultValue = "10") int publishesPerThread;
  @Option(names = "--latency-samples", defaultValue = "20") int latencySamples;
  @Option(names = "--k", split = ",", defaultValue = "1,14,100", description = "Batch sizes K.") List<Integer> ks;
  @Option(names = "--models-per-block", defaultValue = "10",
      description = "Bench DAG: children of the root published this many per live block.") int perBlock;
  @Mixin CommitteeOptions committee;

  private LedgerBench.Options options;

  @Override
  void checkArguments() {
    try {
      options = new LedgerBench.Options(threads, publishesPerThread, latencySamples, ks, perBlock);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  @Override
  int call(FabricSession session) throws Exception {
    LedgerBench.Report report;
    try (CommitteeSigner signer = committee.open(gateway, session, session.ledger("committee1"), true,
        spec.commandLine().getErr())) {
      report = new LedgerBench(session, signer, this::progress).run(options);
    } catch (CommitteeUnavailableException e) {
      throw new UserError(e.getMessage(), e);
    }
    if (json.enabled()) {
      printJson(report);
    }
    return 0;
  }
}
