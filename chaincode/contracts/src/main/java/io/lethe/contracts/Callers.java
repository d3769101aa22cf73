package io.lethe.contracts;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.hyperledger.fabric.contract.Context;

/** Who called: owners are recorded as {@code MSPID/commonName} of the creator's certificate. */
public final class Callers {
  private Callers() {}

  public static String owner(Context ctx) {
    String msp = ctx.getClientIdentity().getMSPID();
    String dn = ctx.getClientIdentity().getX509Certificate().getSubjectX500Principal().getName();
    String cn = dn;
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // keep the whole DN
    }
    return msp + "/" + cn;
  }
}
