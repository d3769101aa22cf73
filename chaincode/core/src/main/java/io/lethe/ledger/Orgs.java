package io.lethe.ledger;

import java.util.List;

/** MSP ids of the Lethe consortium (network/crypto-config.yaml). */
public final class Orgs {
  public static final String COMMITTEE1 = "Committee1MSP";
  public static final String COMMITTEE2 = "Committee2MSP";
  public static final String COMMITTEE3 = "Committee3MSP";
  public static final String AUDITOR = "AuditorMSP";
  public static final String USERS = "UsersMSP";

  public static final List<String> COMMITTEE = List.of(COMMITTEE1, COMMITTEE2, COMMITTEE3);

  private Orgs() {}

  public static boolean isCommittee(String mspId) {
    return COMMITTEE.contains(mspId);
  }
}
