package io.lethe.cli;

import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.ProfileError;
import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one clear line on stderr and exit code 1, or 2 when
 * the caller can fix it: a {@link UserError} (bad arguments), a {@link ChaincodeRefusal} (the
 * chaincode refused the request) or a {@link ProfileError} (the connection profile or an
 * identity is unusable). Stack traces only with LETHE_DEBUG=1, so scripts see messages, not Java
 * internals.
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
    return callerCanFix(ex) ? 2 : 1;
  }

  static boolean callerCanFix(Exception ex) {
    return ex instanceof UserError || ex instanceof ChaincodeRefusal || ex instanceof ProfileError;
  }
}
