package io.lethe.contracts.ledger;

import java.util.List;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * Key-level (state-based) endorsement policy put on every live key a redaction rewrites:
 * {@code t} out of the committee orgs' peers must endorse. The shim's own SBE helper only
 * builds "all of", so the t-of-n envelope is built here.
 */
public final class CommitteeEndorsementPolicy {
  private CommitteeEndorsementPolicy() {}

  public static byte[] tOfN(List<String> mspIds, int t) {
    if (t < 1 || t > mspIds.size()) {
      throw new IllegalArgumentException("threshold " + t + " outside 1.." + mspIds.size());
    }
    SignaturePolicyEnvelope.Builder env = SignaturePolicyEnvelope.newBuilder().setVersion(0);
    SignaturePolicy.NOutOf.Builder rule = SignaturePolicy.NOutOf.newBuilder().setN(t);
    for (int i = 0; i < mspIds.size(); i++) {
      MSPRole role =
          MSPRole.newBuilder().setMspIdentifier(mspIds.get(i)).setRole(MSPRole.MSPRoleType.PEER).build();
      env.addIdentities(
          MSPPrincipal.newBuilder()
              .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
              .setPrincipal(role.toByteString()));
      rule.addRules(SignaturePolicy.newBuilder().setSignedBy(i));
    }
    return env.setRule(SignaturePolicy.newBuilder().setNOutOf(rule)).build().toByteArray();
  }
}
