package io.lethe.network;

import io.grpc.Status;
import io.lethe.cli.UserError;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Turns Fabric Gateway failures into one line a person can act on: what failed, and each
 * distinct reason the peers gave (a chaincode's own message, e.g. who may call a function).
 * A refusal by the chaincode becomes a {@link UserError} (exit 2); an unreachable or
 * failing network a plain error (exit 1).
 */
public final class GatewayErrors {
  private static final Pattern CHAINCODE_PREFIX = Pattern.compile("^chaincode response \\d+, ");

  private GatewayErrors() {}

  public static RuntimeException translate(String what, GatewayException e) {
    Set<String> reasons = new LinkedHashSet<>();
    boolean refusedByChaincode = false;
    for (ErrorDetail d : e.getDetails()) {
      String m = d.getMessage();
      if (CHAINCODE_PREFIX.matcher(m).find()) {
        refusedByChaincode = true;
        m = CHAINCODE_PREFIX.matcher(m).replaceFirst("");
      }
      reasons.add(m);
    }
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    if (reasons.isEmpty()) {
      // Evaluate errors carry the chaincode's message in the status description itself.
      if (CHAINCODE_PREFIX.matcher(description).find()
          || description.contains("chaincode response")) {
        refusedByChaincode = true;
        description = description.replaceFirst("^.*chaincode response \\d+, ", "");
      }
      reasons.add(describeStatus(status.getCode(), description));
    }
    String message = what + ": " + String.join("; ", reasons);
    return refusedByChaincode ? new UserError(message, e) : new IllegalStateException(message, e);
  }

  public static RuntimeException translate(String what, CommitException e) {
    return new IllegalStateException(
        what + ": transaction " + e.getTransactionId() + " was invalidated (" + e.getCode() + ")", e);
  }

  private static String describeStatus(Status.Code code, String description) {
    return switch (code) {
      case UNAVAILABLE -> "peer unavailable (" + description + "); is the network up? (network.sh status)";
      case DEADLINE_EXCEEDED -> "no answer before the deadline (" + description + ")";
      default -> description.isEmpty() ? code.name() : description;
    };
  }
}
