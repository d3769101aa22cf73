package io.lethe.contracts.system;

import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

/** What {@code System:Info} returns: which chaincode answered and who it thinks is calling. */
@DataType
public final class SystemInfo {
  @Property private final String chaincodeVersion;
  @Property private final String mspId;
  @Property private final String clientId;
  @Property private final boolean committee;

  public SystemInfo(String chaincodeVersion, String mspId, String clientId, boolean committee) {
    this.chaincodeVersion = chaincodeVersion;
    this.mspId = mspId;
    this.clientId = clientId;
    this.committee = committee;
  }

  public String getChaincodeVersion() {
    return chaincodeVersion;
  }

  public String getMspId() {
    return mspId;
  }

  public String getClientId() {
    return clientId;
  }

  public boolean isCommittee() {
    return committee;
  }
}
