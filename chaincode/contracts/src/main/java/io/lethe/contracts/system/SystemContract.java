package io.lethe.contracts.system;

import io.lethe.contracts.Check;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Orgs;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * {@code System}: which chaincode is running and who is calling ({@code Info}), and
 * governance parameters, set only by an approved governance proposal and readable by anyone
 * on the channel ({@code GetParameter}).
 */
@Contract(name = "System", info = @Info(title = "Lethe system contract", version = "1"))
public final class SystemContract implements ContractInterface {
  static final String PARAMETER_TYPE = "lethe.parameter";
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  static final int MAX_VALUE_CHARS = 4096;

  @Transaction(name = "Info", intent = Transaction.TYPE.EVALUATE)
  public SystemInfo info(Context ctx) {
    String msp = Access.callerMsp(ctx);
    return new SystemInfo(
        ChaincodeVersion.get(), msp, ctx.getClientIdentity().getId(), Orgs.isCommittee(msp));
  }

  /** Sets a parameter; a governance action (a set-parameter proposal), never one org's transaction. */
  public static Parameter setParameter(ChaincodeStub stub, String key, String value, String approvedBy) {
    checkValue(key, value);
    Parameter p = new Parameter(key, value, approvedBy, stub.getTxId());
    stub.putState(ledgerKey(key), p.toBytes());
    stub.setEvent("ParameterSet", key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return p;
  }

  @Transaction(name = "GetParameter", intent = Transaction.TYPE.EVALUATE)
  public Parameter getParameter(Context ctx, String key) {
    checkKey(key);
    byte[] stored = ctx.getStub().getState(ledgerKey(key));
    if (stored == null || stored.length == 0) {
      throw Check.fail(ErrorCode.NOT_FOUND, "parameter '" + key + "' is not set");
    }
    return Parameter.fromBytes(stored);
  }

  /** The value of a parameter, if governance has set it. */
  public static java.util.Optional<String> value(ChaincodeStub stub, String key) {
    checkKey(key);
    byte[] stored = stub.getState(ledgerKey(key));
    return stored == null || stored.length == 0
        ? java.util.Optional.empty()
        : java.util.Optional.of(Parameter.fromBytes(stored).getValue());
  }

  /**
   * Parameters the contracts read are range-checked when proposed and when set, so a bad value
   * never reaches them.
   */
  public static void checkValue(String key, String value) {
    checkKey(key);
    if (value == null || value.length() > MAX_VALUE_CHARS) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "parameter value must be at most " + MAX_VALUE_CHARS + " characters");
    }
    String problem = GovernanceParameters.problem(key, value);
    if (problem != null) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, problem);
    }
  }

  static String ledgerKey(String key) {
    return new CompositeKey(PARAMETER_TYPE, key).toString();
  }

  private static void checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "parameter key must match " + KEY.pattern() + ", got '" + key + "'");
    }
  }
}
