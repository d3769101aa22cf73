package io.lethe.committee.service;

/** A member that did not contribute to a collision, and why. */
public record MemberFault(int member, Endpoint endpoint, Kind kind, String detail) {
  public enum Kind {
    /** Unreachable: connection refused, TLS failure or deadline exceeded. */
    DOWN,
    /** Answered with a Problem (e.g. its own validation of the request failed). */
    REFUSED,
    /** Sent a signature share that fails its check, or a malformed answer. */
    CHEATED
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case DOWN -> "is down";
      case REFUSED -> "refused";
      case CHEATED -> "cheated";
    };
    return "member " + member + " (" + endpoint + ") " + what + ": " + detail;
  }
}
