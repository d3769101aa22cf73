package io.lethe.contracts;

import org.hyperledger.fabric.contract.Context;

/**
 * Who called. A model's or request's owner is the caller's full identity: MSP id, certificate
 * subject and issuer ({@code MSPID::x509::subject::issuer}), so a second certificate with the
 * same common name (from another issuer, or another org) is another owner.
 */
public final class Callers {
  private Callers() {}

  public static String owner(Context ctx) {
    return ctx.getClientIdentity().getMSPID() + "::" + ctx.getClientIdentity().getId();
  }
}
