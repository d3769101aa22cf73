package io.lethe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code gateway-app/lethe}. Each capability contributes one subcommand
 * class; register it in {@code subcommands} below.
 */
@Command(
    name = "lethe",
    mixinStandardHelpOptions = true,
    versionProvider = LetheVersion.class,
    description = {
      "Verifiable machine unlearning for blockchained federated learning on Hyperledger Fabric.",
      "",
      "Commands print human-readable text by default and JSON with --json where offered;",
      "errors go to stderr with a non-zero exit code."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      BenchCommand.class,
      NetworkCommand.class,
      SystemCommand.class,
      GovernanceCommand.class,
      CommitteeServiceCommand.class,
      LedgerCommand.class,
      LiveCommand.class,
      AuditCommand.class,
      ArchiveCommand.class,
      ChCommand.class,
      ZkCommand.class,
      ModelCommand.class,
      ExperimentCommand.class,
      FlCommand.class,
      UnlearnCommand.class,
    })
public final class Lethe {
  private Lethe() {}

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Lethe());
    cli.setExecutionStrategy(new SubcommandRequired());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    return cli;
  }

  // gRPC logs transport details at INFO through java.util.logging; keep stderr for Lethe's own
  // messages. Held in a field: JUL keeps loggers weakly and would forget the level.
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine().execute(args));
  }
}
