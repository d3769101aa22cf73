package io.lethe.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one behaviour of a group command ({@code lethe}, {@code lethe ledger}, ...) called without a
 * subcommand: a usage error, so the message and the group's usage go to stderr and the exit code
 * is 2. Help and version requests still print to stdout and exit 0.
 */
final class SubcommandRequired implements CommandLine.IExecutionStrategy {
  private final CommandLine.IExecutionStrategy next = new CommandLine.RunLast();

  @Override
  public int execute(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    CommandLine command = last.commandSpec().commandLine();
    boolean help = last.isUsageHelpRequested() || last.isVersionHelpRequested();
    if (!command.getSubcommands().isEmpty() && !help) {
      throw new ParameterException(command, "Missing required subcommand");
    }
    return next.execute(parseResult);
  }
}
