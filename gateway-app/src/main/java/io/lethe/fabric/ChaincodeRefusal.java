package io.lethe.fabric;

import io.lethe.ledger.ErrorCode;

/**
 * The chaincode refused a call, with the {@link ErrorCode} it raised (e.g. ACCESS_DENIED,
 * VERIFICATION_FAILED; null when the chaincode runtime refused before Lethe's code ran, e.g. an
 * unknown function) and its message. Nothing was written.
 */
public final class ChaincodeRefusal extends RuntimeException {
  private final ErrorCode code;

  public ChaincodeRefusal(String what, ErrorCode code, String reasons, Throwable cause) {
    super(what + " refused" + (code == null ? "" : " [" + code + "]") + ": " + reasons, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
