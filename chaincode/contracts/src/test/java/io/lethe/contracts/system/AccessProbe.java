package io.lethe.contracts.system;

import io.lethe.contracts.ledger.LedgerFixture;

/** Test helper: whether Access classifies a creator certificate with the given subject OUs as NodeOU {@code ou}. */
public final class AccessProbe {
  private AccessProbe() {}

  public static boolean isOu(LedgerFixture f, String msp, String subjectOus, String ou) {
    return Access.hasOrganizationalUnit(f.peer.proposal(msp, "probe-" + subjectOus.hashCode(), subjectOus, msp).context(), ou);
  }
}
