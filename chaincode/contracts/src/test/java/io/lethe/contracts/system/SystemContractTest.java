package io.lethe.contracts.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Orgs;
import java.util.HashMap;
import java.util.Map;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

class SystemContractTest {
  private final SystemContract contract = new SystemContract();
  private final Map<String, byte[]> world = new HashMap<>();

  private Context callerFrom(String msp) {
    Context ctx = mock(Context.class);
    ClientIdentity id = mock(ClientIdentity.class);
    ChaincodeStub stub = mock(ChaincodeStub.class);
    when(ctx.getClientIdentity()).thenReturn(id);
    when(ctx.getStub()).thenReturn(stub);
    when(id.getMSPID()).thenReturn(msp);
    when(id.getId()).thenReturn("x509::CN=User1@" + msp + "::CN=ca");
    when(stub.getTxId()).thenReturn("tx-" + msp);
    doAnswer(a -> world.put(a.getArgument(0), a.getArgument(1))).when(stub).putState(anyString(), any());
    when(stub.getState(anyString())).thenAnswer(a -> world.get(a.<String>getArgument(0)));
    return ctx;
  }

  @Test
  void infoReportsCallerAndVersion() {
    SystemInfo info = contract.info(callerFrom(Orgs.USERS));
    assertEquals(Orgs.USERS, info.getMspId());
    assertEquals("x509::CN=User1@UsersMSP::CN=ca", info.getClientId());
    assertFalse(info.isCommittee());
    assertFalse(info.getChaincodeVersion().isEmpty());
    assertTrue(contract.info(callerFrom(Orgs.COMMITTEE2)).isCommittee());
  }

  @Test
  void governanceSetsParameterAndAnyoneReadsIt() {
    String approvers = Orgs.COMMITTEE1 + "," + Orgs.COMMITTEE2;
    Parameter set = SystemContract.setParameter(callerFrom(Orgs.COMMITTEE1).getStub(), "unlearning.threshold", "2-of-3", approvers);
    assertEquals(approvers, set.getSetBy());
    assertEquals("tx-" + Orgs.COMMITTEE1, set.getTxId());
    Parameter read = contract.getParameter(callerFrom(Orgs.USERS), "unlearning.threshold");
    assertEquals("2-of-3", read.getValue());
    assertEquals(approvers, read.getSetBy());
  }

  @Test
  void malformedKeysAndValuesAreInvalidArguments() {
    Context ctx = callerFrom(Orgs.COMMITTEE3);
    for (String bad : new String[] {"", "has space", "x".repeat(65), "a/b", null}) {
      ChaincodeException e =
          assertThrows(ChaincodeException.class, () -> SystemContract.setParameter(ctx.getStub(), bad, "v", "x"));
      assertArrayEquals(ErrorCode.INVALID_ARGUMENT.payload(), e.getPayload());
    }
    ChaincodeException tooLong =
        assertThrows(
            ChaincodeException.class,
            () -> SystemContract.setParameter(ctx.getStub(), "k", "v".repeat(SystemContract.MAX_VALUE_CHARS + 1), "x"));
    assertArrayEquals(ErrorCode.INVALID_ARGUMENT.payload(), tooLong.getPayload());
  }

  @Test
  void missingParameterIsNotFound() {
    ChaincodeException e =
        assertThrows(ChaincodeException.class, () -> contract.getParameter(callerFrom(Orgs.AUDITOR), "absent"));
    assertArrayEquals(ErrorCode.NOT_FOUND.payload(), e.getPayload());
  }

  @Test
  void parameterEncodingRoundTripsAnyCharacters() {
    Parameter p = new Parameter("k", "ünïcödé\u0000,\"json\"", Orgs.COMMITTEE2, "tx");
    Parameter back = Parameter.fromBytes(p.toBytes());
    assertEquals(p.getValue(), back.getValue());
    assertEquals(p.getKey(), back.getKey());
    assertEquals(p.getSetBy(), back.getSetBy());
    assertEquals(p.getTxId(), back.getTxId());
  }
}
