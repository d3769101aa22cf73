package io.lethe.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one clear line on stderr and exit code 1
 * (2 for {@link UserError}s: bad arguments, refused requests). Stack traces only with
 * LETHE_DEBUG=1, so scripts see messages, not Java internals.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    cmd.getErr().println("lethe: " + message);
    if ("1".equals(System.getenv("LETHE_DEBUG"))) {
      ex.printStackTrace(cmd.getErr());
    }
    return ex instanceof UserError ? 2 : 1;
  }
}
