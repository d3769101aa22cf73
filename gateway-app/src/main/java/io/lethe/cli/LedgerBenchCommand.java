package io.lethe.cli;

import io.lethe.bench.LedgerBench;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.fabric.FabricSession;
import io.lethe.redaction.CommitteeSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe bench ledger}: the live-ledger benchmark ({@link LedgerBench}) on the running network. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {"Live-ledger benchmark on the running network: publish load with --clients concurrent publishers for",
        "--duration on today's path (pending publishes + the network's sealer) and then on the baseline path",
        "(PublishBaselineHotKey: each publish seals its own block on the live head) — tx/s, p50/p99, MVCC",
        "conflicts, failures, CPU per component (peer, orderer, chaincode, sealer, committee services, this",
        "client; from /proc) — then one 100-model RedactBatch (endorse + commit). Optional: RedactOne latency",
        "(--latency-samples) and one batch of K vs K singles (--k).",
        "Collisions come from the committee member services (--insecure-share-files: in process, offline/dev)."})
public final class LedgerBenchCommand extends FabricCommand {
  @Option(names = {"--clients", "--threads"}, defaultValue = "16", description = "Concurrent publishers (default ${DEFAULT-VALUE}).")
  int clients;
  @Option(names = "--duration", defaultValue = "60s",
      description = "How long each publish phase runs: 60s, 2m, 500ms (default ${DEFAULT-VALUE}).") String duration;
  @Option(names = "--no-baseline", description = "Skip the baseline (hot-key) publish phase.") boolean noBaseline;
  @Option(names = "--publish-only", description = "Only the publish phase(s): no bench DAG, no redactions.")
  boolean publishOnly;
  @Option(names = "--latency-samples", defaultValue = "0", description = "RedactOne latency samples (0: skip).")
  int latencySamples;
  @Option(names = "--k", split = ",", description = "Batch sizes K for one RedactBatch vs K RedactOne (none: skip).")
  List<Integer> ks;
  @Option(names = "--models-per-block", defaultValue = "10",
      description = "Bench DAG: children of the root published this many per publish.") int perBlock;
  @Mixin CommitteeOptions committee;

  private LedgerBench.Options options;

  @Override
  void checkArguments() {
    try {
      // the network measured is the one --profile names: its pids/ folder gives the component CPU
      Path networkDir = gateway.profileFile().toAbsolutePath().getParent();
      options = new LedgerBench.Options(clients, parseDuration(duration), !noBaseline, !publishOnly, latencySamples,
          ks == null ? List.of() : new ArrayList<>(ks), perBlock, networkDir);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  static Duration parseDuration(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--duration must look like 60s, 2m or 500ms, not " + s);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
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
