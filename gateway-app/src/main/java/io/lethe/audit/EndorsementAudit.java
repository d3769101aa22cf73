package io.lethe.audit;

import io.lethe.ledger.Orgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Check {@code endorsements}: every redaction transaction of the request carries a valid
 * endorsement of every committee org (the key-level policy on live keys): the signature over
 * {@code proposalResponsePayload ‖ endorser} verifies under the endorser's certificate, that
 * certificate chains to its org's CA, and it is a peer's ({@code OU=peer}).
 */
public final class EndorsementAudit {
  public static final String NAME = "endorsements";

  private EndorsementAudit() {}

  public record Endorser(String mspId, String subject, boolean signatureValid, String problem) {}

  public record TxEndorsements(String fabricTxId, String function, List<Endorser> endorsers) {}

  public record Evidence(List<String> requiredOrgs, List<TxEndorsements> transactions) {}

  public static CheckResult check(List<LedgerTransaction> redactions, OrgCas cas) {
    List<TxEndorsements> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LedgerTransaction t : LedgerTransaction.inOrder(redactions)) {
      List<Endorser> endorsers = new ArrayList<>();
      Set<String> validOrgs = new TreeSet<>();
      for (LedgerTransaction.Endorsement e : t.endorsements()) {
        String problem = cas.problem(e.endorser().mspId(), e.endorser().certificate());
        if (problem == null && !isPeer(e.endorser().certificate())) {
          problem = "the endorser of " + e.endorser().mspId() + " (" + e.endorser().subject() + ") is not a peer: its"
              + " certificate has no OU=peer (a client or admin key of the org signs nothing a peer endorses)";
        }
        boolean sig = problem == null && signatureValid(t, e);
        if (problem == null && !sig) {
          problem = "the signature of " + e.endorser().mspId() + " does not verify";
        }
        if (problem == null) {
          validOrgs.add(e.endorser().mspId());
        } else {
          problems.add(t.fabricTxId() + ": " + problem);
        }
        endorsers.add(new Endorser(e.endorser().mspId(), e.endorser().subject(), sig, problem));
      }
      for (String org : Orgs.COMMITTEE) {
        if (!validOrgs.contains(org)) {
          problems.add(t.fabricTxId() + " (" + t.function() + "): no valid endorsement of " + org);
        }
      }
      out.add(new TxEndorsements(t.fabricTxId(), t.function(), endorsers));
    }
    Evidence ev = new Evidence(Orgs.COMMITTEE, out);
    if (redactions.isEmpty()) {
      return CheckResult.notChecked(NAME, "the request has no redaction transaction", ev);
    }
    if (!problems.isEmpty()) {
      return CheckResult.fail(NAME, String.join("; ", problems), ev);
    }
    return CheckResult.pass(NAME, redactions.size() + " redaction transaction(s), each endorsed by " + Orgs.COMMITTEE
        + " with signatures that verify under peer certificates (OU=peer) of the orgs' CAs", ev);
  }

  /** Whether the certificate's subject names the peer role (Fabric's NodeOUs: {@code OU=peer}). */
  static boolean isPeer(java.security.cert.X509Certificate cert) {
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("OU") && "peer".equals(String.valueOf(rdn.getValue()))) {
          return true;
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return false;
    }
    return false;
  }

  /** Whether {@code e}'s signature over {@code proposalResponsePayload ‖ endorser} verifies under its certificate. */
  static boolean signatureValid(LedgerTransaction t, LedgerTransaction.Endorsement e) {
    return FabricSignatures.verifies(e.endorser().certificate().getPublicKey(), e.signature(),
        t.proposalResponsePayload(), e.endorser().serialized());
  }

}
