package io.lethe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.bench.ChBench;
import io.lethe.committee.service.CommitteeBench;
import io.lethe.json.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe bench ch}: the chameleon hash against the Krawczyk–Rabin baseline ({@link ChBench}). */
@Command(
    name = "ch",
    mixinStandardHelpOptions = true,
    description = {
      "Chameleon hash (DESIGN §4) vs the Krawczyk–Rabin baseline, same run: µs/op, ops/s, ratio.",
      "Each operation runs --rounds rounds of --iterations calls after --warmup calls; the median",
      "round is reported. Time is the benchmark thread's CPU time (wall time shown alongside).",
      "Ratios are this scheme's time over the matching baseline operation.",
      "Then the committee adapt (2-of-3 key from a DKG): over gRPC and mutual TLS between three member",
      "services on 127.0.0.1 (each validating every target against its ledger view) next to the same",
      "two rounds in process, per collision (p50/p99, wall ms) and for a --committee-batch-model redaction",
      "as one batched run. --committee-iterations 0 skips it."
    })
public final class ChBenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin JsonOption json;

  @Option(names = "--iterations", defaultValue = "200", description = "calls per round (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--rounds", defaultValue = "5", description = "measured rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--warmup", defaultValue = "300", description = "untimed calls per operation first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--committee-iterations", defaultValue = "200",
      description = "timed committee collisions, gRPC and in process (default ${DEFAULT-VALUE}; 0: skip the committee part)")
  int committeeIterations;

  @Option(names = "--committee-batch", defaultValue = "100",
      description = "models of the batched redaction, one per block (default ${DEFAULT-VALUE})")
  int committeeBatch;

  @Option(names = "--committee-batch-runs", defaultValue = "5", description = "timed batched runs (default ${DEFAULT-VALUE})")
  int committeeBatchRuns;

  @Override
  public void run() {
    if (committeeIterations < 0 || committeeBatch < 1 || committeeBatchRuns < 1) {
      throw new UserError("--committee-iterations must be ≥ 0, --committee-batch and --committee-batch-runs ≥ 1");
    }
    ChBench.Options options;
    try {
      options = new ChBench.Options(iterations, rounds, warmup);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    ChBench.Report r = ChBench.run(options);
    CommitteeBench.Report committee = null;
    if (committeeIterations > 0) {
      try {
        committee = CommitteeBench.run(new CommitteeBench.Options(2, 3, Math.min(20, committeeIterations),
            committeeIterations, committeeBatch, committeeBatchRuns));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      ObjectNode node = JsonText.PRETTY.valueToTree(r);
      if (committee != null) {
        node.set("committee", JsonText.PRETTY.valueToTree(committee.toMap()));
      }
      JsonOption.print(out, node);
      return;
    }
    out.printf("chameleon hash benchmark (P-256, BouncyCastle, Java %s): %d rounds × %d calls, %d warm-up, median round%n",
        r.java(), r.rounds(), r.iterations(), r.warmup());
    out.printf("µs/op and ops/s from %s (other processes on a shared machine do not inflate it); wall µs/op for reference%n", r.clock());
    out.printf("%-22s %12s %12s %12s   %s%n", "operation", "µs/op", "ops/s", "wall µs/op", "ratio vs Krawczyk–Rabin");
    for (ChBench.Row row : r.results()) {
      String ratio = row.baseline() == null ? "(baseline)" : String.format("%.2f× %s", row.ratioVsBaseline(), row.baseline());
      out.printf("%-22s %12.1f %12.1f %12.1f   %s%n", row.op(), row.usPerOp(), row.opsPerSec(), row.wallUsPerOp(), ratio);
    }
    if (committee != null) {
      out.printf("%ncommittee adapt, %s, key from a DKG among the services; wall ms (gRPC = 2 rounds over mutual TLS, 3 local services)%n",
          committee.options().threshold() + "-of-" + committee.options().members());
      out.printf("%-34s %8s %10s %10s %10s%n", "", "samples", "p50 ms", "p99 ms", "mean ms");
      row(out, "per collision, gRPC services", committee.grpcPerCollision());
      row(out, "per collision, in process", committee.inProcessPerCollision());
      String batch = committee.options().batchModels() + " models (" + committee.batchTargets() + " targets)";
      row(out, batch + ", gRPC", committee.grpcBatch());
      row(out, batch + ", in process", committee.inProcessBatch());
    }
    out.flush();
  }

  private static void row(PrintWriter out, String what, CommitteeBench.Stats s) {
    out.printf("%-34s %8d %10.2f %10.2f %10.2f%n", what, s.samples(), s.p50(), s.p99(), s.mean());
  }
}
