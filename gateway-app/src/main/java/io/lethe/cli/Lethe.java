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

  /** The whole command tree (help, tests, and any command line the fast path below does not take). */
  public static CommandLine commandLine() {
    return configured(new CommandLine(new Lethe()));
  }

  /**
   * The command line for {@code args}: when {@code args[0]} names a top-level command, a root with that
   * one command under it. Picocli builds a command's model by reflection over every option of every
   * subcommand; the whole tree costs ≈ 0.3 s of CPU at every start of a short client command, for
   * fifteen subcommands it will not run. Parsing, help and errors below the root are the same;
   * {@code lethe}, {@code lethe --help} and {@code lethe help …} get the whole tree.
   */
  static CommandLine commandLine(String[] args) {
    if (args.length > 0) {
      for (Class<?> c : Lethe.class.getAnnotation(Command.class).subcommands()) {
        Command cmd = c.getAnnotation(Command.class);
        if (c != CommandLine.HelpCommand.class && cmd != null && cmd.name().equals(args[0])) {
          CommandLine root = new CommandLine(new OneCommandRoot());
          root.addSubcommand(cmd.name(), c);
          return configured(root);
        }
      }
    }
    return commandLine();
  }

  private static CommandLine configured(CommandLine cli) {
    cli.setExecutionStrategy(new SubcommandRequired());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    return cli;
  }

  /** The root of {@link #commandLine(String[])}: {@code lethe} as above, its subcommands added one at a time. */
  @Command(name = "lethe", mixinStandardHelpOptions = true, versionProvider = LetheVersion.class)
  static final class OneCommandRoot {}

  // gRPC logs transport details at INFO through java.util.logging; keep stderr for Lethe's own
  // messages. Held in a field: JUL keeps loggers weakly and would forget the level.
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine(args).execute(args));
  }
}
