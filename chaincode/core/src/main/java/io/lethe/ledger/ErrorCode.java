package io.lethe.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error codes carried by every {@code ChaincodeException} Lethe raises, so clients can branch on
 * them without parsing messages. Add codes here; never reuse one.
 *
 * <p>The code travels twice: as the exception's payload, and as a {@code [CODE] } prefix of its
 * message ({@link #tag}). Fabric's gateway forwards only the message of a chaincode error to the
 * client (the response payload is dropped), so the prefix is what a gateway client reads back
 * ({@link #untag}).
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

  private static final Pattern TAGGED = Pattern.compile("^\\[([A-Z_]+)] (.*)$", Pattern.DOTALL);

  /** A message with the code it was raised with. */
  public record Coded(ErrorCode code, String message) {}

  public byte[] payload() {
    return name().getBytes(StandardCharsets.UTF_8);
  }

  /** The chaincode error message carrying this code: {@code [CODE] message}. */
  public String tag(String message) {
    return "[" + name() + "] " + message;
  }

  /** The code and message of a {@link #tag tagged} message; empty if it carries no known code. */
  public static Optional<Coded> untag(String taggedMessage) {
    if (taggedMessage == null) {
      return Optional.empty();
    }
    Matcher m = TAGGED.matcher(taggedMessage);
    if (!m.matches()) {
      return Optional.empty();
    }
    for (ErrorCode c : values()) {
      if (c.name().equals(m.group(1))) {
        return Optional.of(new Coded(c, m.group(2)));
      }
    }
    return Optional.empty();
  }
}
