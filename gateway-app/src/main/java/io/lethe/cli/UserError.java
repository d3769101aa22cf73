package io.lethe.cli;

/** A failure caused by the caller's input or rights, reported without a stack trace (exit 2). */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
