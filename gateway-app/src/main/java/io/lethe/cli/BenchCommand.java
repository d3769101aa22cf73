package io.lethe.cli;

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
      LedgerBenchCommand.class,
      ZkBenchCommand.class,
      ZkmlBenchCommand.class,
      FlBenchCommand.class,
    })
public final class BenchCommand {}
