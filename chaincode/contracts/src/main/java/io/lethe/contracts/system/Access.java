package io.lethe.contracts.system;

import io.lethe.contracts.Check;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Orgs;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;

/** Caller checks shared by every contract. Each refusal names who called and who may. */
public final class Access {
  private Access() {}

  public static String callerMsp(Context ctx) {
    return ctx.getClientIdentity().getMSPID();
  }

  /** Refuses unless the transaction's creator belongs to a committee org. */
  public static String requireCommittee(Context ctx, String function) {
    String msp = callerMsp(ctx);
    if (!Orgs.isCommittee(msp)) {
      throw denied(function, msp, "committee organisations " + Orgs.COMMITTEE);
    }
    return msp;
  }

  /** Refuses unless the transaction's creator belongs to one of the given orgs. */
  public static String requireOneOf(Context ctx, String function, java.util.Collection<String> allowed) {
    String msp = callerMsp(ctx);
    if (!allowed.contains(msp)) {
      throw denied(function, msp, String.valueOf(allowed));
    }
    return msp;
  }

  private static ChaincodeException denied(String function, String msp, String who) {
    return Check.fail(ErrorCode.ACCESS_DENIED, "access denied: " + function + " may be called only by " + who + ", not by " + msp);
  }
}
