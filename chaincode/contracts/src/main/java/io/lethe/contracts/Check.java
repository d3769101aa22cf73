package io.lethe.contracts;

import io.lethe.ledger.ErrorCode;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.hyperledger.fabric.shim.ChaincodeException;

/** Input validation that ends in a ChaincodeException carrying an {@link ErrorCode}. */
public final class Check {
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Check() {}

  /**
   * Longest message a refusal carries. Fabric's gateway returns every endorser's message in the
   * gRPC trailers, and a client's trailer limit (8 KiB in grpc-java) is shared by all of them: a
   * longer message (e.g. echoing thousands of refs a caller sent) reached the client as an
   * opaque {@code INTERNAL: RST_STREAM} instead of the code (found by the network fuzz run).
   */
  public static final int MAX_MESSAGE_CHARS = 1024;

  /** The refusal every contract raises: the code as payload and as the message's prefix ({@link ErrorCode#tag}). */
  public static ChaincodeException fail(ErrorCode code, String message) {
    String m = message.length() <= MAX_MESSAGE_CHARS ? message
        : message.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " characters)";
    return new ChaincodeException(code.tag(m), code.payload());
  }

  public static void require(boolean ok, ErrorCode code, String message) {
    if (!ok) {
      throw fail(code, message);
    }
  }

  public static String id(String value, String what) {
    require(value != null && ID.matcher(value).matches(), ErrorCode.INVALID_ARGUMENT,
        what + " must match [A-Za-z0-9._:-]{1,128}, got " + quote(value));
    return value;
  }

  public static String text(String value, String what, int max) {
    require(value != null && !value.isEmpty() && value.length() <= max && value.chars().noneMatch(Character::isISOControl),
        ErrorCode.INVALID_ARGUMENT, what + " must be 1.." + max + " printable characters, got " + quote(value));
    return value;
  }

  /** Lower-case or upper-case hex of exactly {@code len} bytes (or 1..{@code -len} bytes if len < 0). */
  public static byte[] hex(String value, String what, int len) {
    require(value != null, ErrorCode.INVALID_ARGUMENT, what + " is missing");
    byte[] b;
    try {
      b = HEX.parseHex(value);
    } catch (IllegalArgumentException e) {
      throw fail(ErrorCode.INVALID_ARGUMENT, what + " is not hex: " + quote(value));
    }
    if (len >= 0) {
      require(b.length == len, ErrorCode.INVALID_ARGUMENT, what + " must be " + len + " bytes, got " + b.length);
    } else {
      require(b.length >= 1 && b.length <= -len, ErrorCode.INVALID_ARGUMENT,
          what + " must be 1.." + (-len) + " bytes, got " + b.length);
    }
    return b;
  }

  /**
   * A zkDigest (DESIGN §5): exactly 32 bytes, big-endian, a BLS12-381 scalar (below r), as the
   * Poseidon2 tree produces; anything else cannot be a commitment a proof refers to.
   */
  public static byte[] zkDigest(String value, String what) {
    byte[] b = hex(value, what, 32);
    require(new java.math.BigInteger(1, b).compareTo(io.lethe.zk.Bls12381.SCALAR_FIELD_ORDER) < 0,
        ErrorCode.INVALID_ARGUMENT, what + " is not a BLS12-381 scalar (it must be below r)");
    return b;
  }

  public static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  public static byte[] unhex(String s) {
    return HEX.parseHex(s);
  }

  private static String quote(String s) {
    if (s == null) {
      return "nothing";
    }
    return "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
  }
}
