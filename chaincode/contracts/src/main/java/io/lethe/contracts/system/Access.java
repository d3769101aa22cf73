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

  /**
   * Refuses unless the creator is an admin (NodeOU {@code admin} in its certificate's subject)
   * of a committee org: governance approvals come from admins, not from any client.
   */
  public static String requireCommitteeAdmin(Context ctx, String function) {
    String msp = requireCommittee(ctx, function);
    if (!hasOrganizationalUnit(ctx, "admin")) {
      throw Check.fail(ErrorCode.ACCESS_DENIED,
          "access denied: " + function + " needs an admin identity (NodeOU admin) of " + msp + "; this caller is not an admin");
    }
    return msp;
  }

  /** Refuses unless the creator's certificate carries NodeOU {@code ou} (e.g. FL users publish as clients). */
  public static void requireNodeOu(Context ctx, String function, String ou) {
    if (!hasOrganizationalUnit(ctx, ou)) {
      throw Check.fail(ErrorCode.ACCESS_DENIED, "access denied: " + function + " needs a " + ou + " identity (NodeOU " + ou + ")");
    }
  }

  /** The NodeOU role identifiers of the Lethe MSPs (network/crypto-config.yaml: EnableNodeOUs). */
  private static final java.util.Set<String> NODE_OUS = java.util.Set.of("client", "peer", "admin", "orderer");

  /**
   * Whether the creator's NodeOU role is {@code ou}, classified as Fabric's MSP does: the OU
   * values of the certificate subject are compared exactly (case-sensitively) with the role
   * identifiers, and the certificate must carry exactly one of them. Other OUs (Fabric CA
   * affiliations, e.g. one named "Admin") never make a client an admin.
   */
  public static boolean hasOrganizationalUnit(Context ctx, String ou) {
    String dn = ctx.getClientIdentity().getX509Certificate().getSubjectX500Principal().getName();
    java.util.Set<String> roles = new java.util.HashSet<>();
    int count = 0;
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
        javax.naming.directory.Attributes attrs = rdn.toAttributes();
        javax.naming.directory.Attribute a = attrs.get("OU");
        if (a == null) {
          continue;
        }
        for (int i = 0; i < a.size(); i++) {
          String v = String.valueOf(a.get(i));
          if (NODE_OUS.contains(v)) {
            roles.add(v);
            count++;
          }
        }
      }
    } catch (javax.naming.NamingException e) {
      return false;
    }
    return count == 1 && roles.contains(ou);
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
