package io.lethe.cli;

import io.lethe.bench.ChBench;
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
      "Ratios are this scheme's time over the matching baseline operation."
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

  @Override
  public void run() {
    ChBench.Options options;
    try {
      options = new ChBench.Options(iterations, rounds, warmup);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    ChBench.Report r = ChBench.run(options);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      JsonOption.print(out, r);
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
    out.flush();
  }
}
