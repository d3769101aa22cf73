package io.lethe.fabric;

import io.grpc.Status;
import io.lethe.ledger.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Reads a Fabric Gateway failure into a {@link Failure}: the chaincode's {@link ErrorCode} when
 * the chaincode refused (Fabric's gateway forwards a chaincode error as
 * {@code "chaincode response <status>, <message>"}, the message starting with the code, see
 * {@link ErrorCode#tag}), an endorsement mismatch, or a network failure. Callers branch on
 * {@link Failure#kind()} and {@link Failure#code()}, never on message text; this class is the one
 * place that knows Fabric's formats.
 */
public final class GatewayErrors {
  private static final Pattern CHAINCODE_RESPONSE = Pattern.compile("chaincode response \\d+, (.*)$", Pattern.DOTALL);
  /**
   * The only signal Fabric's gateway gives when endorsers simulated on different ledger heights
   * (internal/pkg/gateway/endorsement.go of Fabric 3.1; there is no status code for it).
   */
  static final String FABRIC_PAYLOAD_MISMATCH = "ProposalResponsePayloads do not match";

  private GatewayErrors() {}

  public enum Kind {
    /** The chaincode refused; {@link Failure#code()} says why. */
    CHAINCODE_REFUSAL,
    /** Endorsers disagree (they simulated on different ledger heights); retrying resolves it. */
    ENDORSEMENT_MISMATCH,
    /** A peer or orderer did not answer, or answered with a non-chaincode error. */
    NETWORK
  }

  /**
   * A classified failure: its kind, the chaincode's code (refusals by Lethe's contracts; null
   * otherwise) and each distinct reason.
   */
  public record Failure(Kind kind, ErrorCode code, Status.Code status, List<String> reasons) {
    public String describe() {
      return String.join("; ", reasons);
    }
  }

  public static Failure classify(GatewayException e) {
    Set<String> reasons = new LinkedHashSet<>();
    ErrorCode code = null;
    boolean refused = false;
    boolean mismatch = false;
    List<String> messages = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    for (ErrorDetail d : e.getDetails()) {
      messages.add(d.getMessage());
      nodes.add(d.getMspId().isEmpty() && d.getAddress().isEmpty() ? ""
          : (d.getMspId().isEmpty() ? "" : d.getMspId() + " ") + "at " + d.getAddress() + ": ");
    }
    Status status = e.getStatus();
    if (messages.isEmpty() && status.getDescription() != null) {
      messages.add(status.getDescription());
      nodes.add("");
    }
    for (int i = 0; i < messages.size(); i++) {
      String m = messages.get(i);
      Optional<ChaincodeMessage> answer = chaincodeMessage(m);
      if (answer.isPresent()) {
        refused = true;
        code = code == null ? answer.get().code() : code;
        reasons.add(answer.get().message());
      } else {
        mismatch |= FABRIC_PAYLOAD_MISMATCH.equals(m);
        // which node failed: a dead endorser shows only in its detail (the status is the gateway's)
        reasons.add(nodes.get(i) + describeStatus(e, status.getCode(), m));
      }
    }
    if (reasons.isEmpty()) {
      reasons.add(describeStatus(e, status.getCode(), ""));
    }
    Kind kind = refused ? Kind.CHAINCODE_REFUSAL : mismatch ? Kind.ENDORSEMENT_MISMATCH : Kind.NETWORK;
    return new Failure(kind, code, status.getCode(), List.copyOf(reasons));
  }

  /**
   * The endorsement failed because an endorser could not be reached (not refused, not a
   * mismatch): nothing was submitted, so asking again is safe, and a peer that just came back may
   * answer it.
   */
  public static boolean endorserUnreachable(GatewayException e) {
    if (!(e instanceof EndorseException)) {
      return false;
    }
    Failure f = classify(e);
    return f.kind() == Kind.NETWORK && (f.status() == Status.Code.UNAVAILABLE
        || f.reasons().stream().anyMatch(r -> r.contains("code = Unavailable") || r.contains("failed to find any endorsing peers")));
  }

  /** A {@link ChaincodeRefusal} when the chaincode refused, else an IllegalStateException naming the failure. */
  public static RuntimeException translate(String what, GatewayException e) {
    Failure f = classify(e);
    if (f.kind() == Kind.CHAINCODE_REFUSAL) {
      return new ChaincodeRefusal(what, f.code(), f.describe(), e);
    }
    return new IllegalStateException(what + ": " + f.describe(), e);
  }

  public static RuntimeException translate(String what, CommitException e) {
    return new IllegalStateException(
        what + ": transaction " + e.getTransactionId() + " was invalidated (" + e.getCode() + ")", e);
  }

  /** A chaincode's error message; {@code code} is null when the chaincode runtime (not Lethe) raised it. */
  record ChaincodeMessage(ErrorCode code, String message) {}

  /** The chaincode error inside a gateway message, if it is one. */
  static Optional<ChaincodeMessage> chaincodeMessage(String gatewayMessage) {
    Matcher m = CHAINCODE_RESPONSE.matcher(gatewayMessage == null ? "" : gatewayMessage);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(ErrorCode.untag(m.group(1))
        .map(c -> new ChaincodeMessage(c.code(), c.message()))
        .orElse(new ChaincodeMessage(null, m.group(1))));
  }

  /**
   * The step that failed says which node did and what became of the transaction: the endorsement
   * (a peer; nothing was submitted), the submission (the orderer; nothing was ordered), the commit
   * status (submitted, so it may still commit: the ledger, not the error, says whether it did).
   */
  private static String describeStatus(GatewayException e, Status.Code code, String description) {
    if (e instanceof CommitStatusException) {
      return "commit status unknown (" + (description.isEmpty() ? code.name() : description)
          + "): the transaction was submitted and may have committed; read the ledger before submitting it again";
    }
    String node = e instanceof SubmitException ? "orderer" : "peer";
    String fate = e instanceof SubmitException ? "; the transaction was not ordered"
        : e instanceof EndorseException ? "; the transaction was not submitted" : "";
    return switch (code) {
      case UNAVAILABLE -> node + " unavailable (" + description + ")" + fate + "; is the network up? (network.sh status)";
      case DEADLINE_EXCEEDED -> "no answer from the " + node + " before the deadline (" + description + ")";
      default -> description.isEmpty() ? code.name() : description;
    };
  }
}
