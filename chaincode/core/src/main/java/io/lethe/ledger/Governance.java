package io.lethe.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Governance records (DESIGN §4, §7): a change of the committee key, a verifying-key
 * registration, a parameter or the closing of a request takes effect only once admins of at
 * least {@link #REQUIRED_APPROVALS} committee orgs have approved the same proposal.
 */
public final class Governance {
  /** A majority of the committee orgs: one org alone changes nothing. */
  public static final int REQUIRED_APPROVALS = Orgs.COMMITTEE.size() / 2 + 1;

  private Governance() {}

  /** What a proposal does once approved. */
  public enum Kind {
    SET_COMMITTEE_KEY("set-committee-key"),
    ROTATE_COMMITTEE_KEY("rotate-committee-key"),
    REGISTER_VERIFYING_KEY("register-verifying-key"),
    SET_PARAMETER("set-parameter"),
    CLOSE_REQUEST("close-request");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public static Kind parse(String s) {
      String w = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
      for (Kind k : values()) {
        if (k.word.equals(w)) {
          return k;
        }
      }
      throw new IllegalArgumentException("proposal kind must be one of "
          + Arrays.stream(values()).map(Kind::word).toList() + ", got \"" + s + "\"");
    }
  }

  /**
   * The action of a proposal; which fields it needs depends on {@code kind}:
   * set-committee-key (publicKey, threshold), rotate-committee-key (publicKey, reason),
   * register-verifying-key (keyId, verifyingKey as base64), set-parameter (parameter, value),
   * close-request (requestId, reason).
   */
  public record Action(
      String kind,
      String publicKey,
      Integer threshold,
      String reason,
      String keyId,
      String verifyingKey,
      String parameter,
      String value,
      String requestId) {}

  /** One org's approval, given by an admin identity of that org. */
  public record Approval(String msp, String identity, long at, String fabricTxId) {}

  /**
   * A proposal and its approvals. {@code actionHash} = SHA-256 of the action's canonical JSON:
   * an approver names it, so an approval covers exactly the action that was reviewed.
   */
  public record Proposal(
      String id,
      Action action,
      String actionHash,
      List<Approval> approvals,
      int required,
      String status,
      long createdAt,
      String createdIn,
      String executedIn,
      String result) {}
}
