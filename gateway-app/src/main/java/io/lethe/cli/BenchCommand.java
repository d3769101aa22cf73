package io.lethe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lethe bench <area>}: benchmarks that print figures as ratios against a baseline
 * measured in the same run. Each area registers its command class in {@code subcommands}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (figures printed as ratios against a baseline measured in the same run).",
    subcommands = {
      ChBenchCommand.class,
      io.lethe.ledger.client.LedgerBenchCommand.class,
      ZkBenchCommand.class,
      FlBenchCommand.class,
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
