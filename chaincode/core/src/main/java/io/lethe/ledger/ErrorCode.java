package io.lethe.ledger;

/**
 * Error codes carried as the payload of every {@code ChaincodeException} Lethe raises, so
 * clients can branch on them without parsing messages. Add codes here; never reuse one.
 */
public enum ErrorCode {
  /** The caller's organisation or identity may not call this function. */
  ACCESS_DENIED,
  /** An argument or transient field is missing or malformed. */
  INVALID_ARGUMENT,
  /** The referenced object does not exist. */
  NOT_FOUND,
  /** The object already exists. */
  ALREADY_EXISTS,
  /** The request is well-formed but conflicts with the ledger's state. */
  FAILED_PRECONDITION,
  /** A cryptographic check (chameleon collision, Merkle root, proof) failed. */
  VERIFICATION_FAILED;

  public byte[] payload() {
    return name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
