package io.lethe.zk;

/** A prover call that produced no answer, with why, so callers can tell the cases apart. */
public final class ProverException extends RuntimeException {
  /** Why a call to the prover sidecar failed. */
  public enum Reason {
    /** Nothing listens at the address, or the connection broke. */
    UNAVAILABLE,
    /** The sidecar did not answer (or, while proving, went silent) within the deadline. */
    TIMED_OUT,
    /** The sidecar refused the request: a bad shape or witness, a missing key, a false statement. */
    REFUSED,
    /** Anything else the sidecar or the transport reported. */
    FAILED
  }

  private final Reason reason;

  public ProverException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
