package io.lethe.committee.service;

import io.lethe.proto.Problem;

/** Why a member refuses a call: a stable code and a message for the operator. */
public record Refusal(String code, String message) {
  public static final String UNKNOWN_REQUEST = "UNKNOWN_REQUEST";
  public static final String REQUEST_NOT_OPEN = "REQUEST_NOT_OPEN";
  public static final String BAD_CONTEXT = "BAD_CONTEXT";
  public static final String NOT_IN_CASCADE = "NOT_IN_CASCADE";
  public static final String UNKNOWN_RECORD = "UNKNOWN_RECORD";
  public static final String WRONG_KEY_INDEX = "WRONG_KEY_INDEX";
  public static final String WRONG_DIGEST = "WRONG_DIGEST";
  public static final String BAD_MESSAGE = "BAD_MESSAGE";
  public static final String WRONG_VERSION = "WRONG_VERSION";
  public static final String NO_SHARE = "NO_SHARE";
  public static final String SESSION_CAP = "SESSION_CAP";
  public static final String BAD_BATCH = "BAD_BATCH";
  public static final String SIGN_REFUSED = "SIGN_REFUSED";
  public static final String DKG = "DKG";
  public static final String NOT_AUTHORIZED = "NOT_AUTHORIZED";
  public static final String LEDGER_UNAVAILABLE = "LEDGER_UNAVAILABLE";

  public Problem toProto() {
    return Problem.newBuilder().setCode(code).setMessage(message).build();
  }

  public static Refusal fromProto(Problem p) {
    return new Refusal(p.getCode(), p.getMessage());
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
