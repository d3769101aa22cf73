package io.lethe.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.lethe.ledger.ErrorCode;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;

/** Failures shaped as Fabric 3.1's gateway reports them (internal/pkg/gateway/apiutils.go, endorsement.go). */
class GatewayErrorsTest {
  static GatewayException failure(Status.Code code, String description, String... peerMessages) {
    var status = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description);
    for (String m : peerMessages) {
      status.addDetails(Any.pack(ErrorDetail.newBuilder().setAddress("127.0.0.1:7200").setMspId("Committee1MSP").setMessage(m).build()));
    }
    StatusRuntimeException sre = StatusProto.toStatusRuntimeException(status.build());
    return new GatewayException(sre);
  }

  static final String REFUSAL = "access denied: System:SetParameter may be called only by committee organisations [Committee1MSP], not by UsersMSP";

  @Test
  void chaincodeRefusalCarriesTheCodeAndTheMessageOnce() {
    String tagged = ErrorCode.ACCESS_DENIED.tag(REFUSAL);
    GatewayException e = failure(Status.Code.ABORTED, "failed to endorse transaction, see attached details for more info",
        "chaincode response 500, " + tagged, "chaincode response 500, " + tagged);
    GatewayErrors.Failure f = GatewayErrors.classify(e);
    assertEquals(GatewayErrors.Kind.CHAINCODE_REFUSAL, f.kind());
    assertEquals(ErrorCode.ACCESS_DENIED, f.code());
    RuntimeException t = GatewayErrors.translate("System:SetParameter", e);
    ChaincodeRefusal r = assertInstanceOf(ChaincodeRefusal.class, t);
    assertEquals(ErrorCode.ACCESS_DENIED, r.code());
    assertEquals("System:SetParameter refused [ACCESS_DENIED]: " + REFUSAL, r.getMessage());
  }

  @Test
  void evaluateRefusalCarriesTheCodeInTheDetailsAndTheDescription() {
    String msg = "chaincode response 500, " + ErrorCode.FAILED_PRECONDITION.tag("the committee public key is not set yet");
    GatewayException e = failure(Status.Code.UNKNOWN, "evaluate call to endorser returned error: " + msg, msg);
    assertEquals(ErrorCode.FAILED_PRECONDITION, GatewayErrors.classify(e).code());
    GatewayException descriptionOnly = failure(Status.Code.UNKNOWN, "evaluate call to endorser returned error: " + msg);
    assertEquals(ErrorCode.FAILED_PRECONDITION, GatewayErrors.classify(descriptionOnly).code());
  }

  @Test
  void aChaincodeRuntimeErrorIsARefusalWithoutCode() {
    GatewayException e = failure(Status.Code.UNKNOWN, "x", "chaincode response 500, Undefined contract method called");
    GatewayErrors.Failure f = GatewayErrors.classify(e);
    assertEquals(GatewayErrors.Kind.CHAINCODE_REFUSAL, f.kind());
    assertNull(f.code());
    assertEquals("LiveLedger:Nope refused: Undefined contract method called",
        GatewayErrors.translate("LiveLedger:Nope", e).getMessage());
  }

  @Test
  void endorsersDisagreeingIsAMismatchNotARefusal() {
    GatewayException e = failure(Status.Code.ABORTED, "failed to collect enough transaction endorsements, see attached details for more info",
        GatewayErrors.FABRIC_PAYLOAD_MISMATCH);
    GatewayErrors.Failure f = GatewayErrors.classify(e);
    assertEquals(GatewayErrors.Kind.ENDORSEMENT_MISMATCH, f.kind());
    assertNull(f.code());
    assertFalse(GatewayErrors.translate("LiveLedger:Publish", e) instanceof ChaincodeRefusal);
  }

  @Test
  void aRefusalWinsOverAMismatchReportedByAnotherEndorser() {
    GatewayException e = failure(Status.Code.ABORTED, "failed",
        GatewayErrors.FABRIC_PAYLOAD_MISMATCH, "chaincode response 500, " + ErrorCode.VERIFICATION_FAILED.tag("collision of m1 does not verify"));
    assertEquals(ErrorCode.VERIFICATION_FAILED, GatewayErrors.classify(e).code());
  }

  @Test
  void unreachablePeerIsANetworkErrorThatSuggestsStatus() {
    GatewayException e = failure(Status.Code.UNAVAILABLE, "connection refused");
    assertEquals(GatewayErrors.Kind.NETWORK, GatewayErrors.classify(e).kind());
    RuntimeException t = GatewayErrors.translate("System:Info", e);
    assertFalse(t instanceof ChaincodeRefusal);
    assertTrue(t.getMessage().contains("network.sh status"), t.getMessage());
  }

  private static StatusRuntimeException unavailable(String description) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.UNAVAILABLE.value()).setMessage(description).build());
  }

  @Test
  void aDeadOrdererIsNamedAsTheOrdererAndTheTransactionAsNotOrdered() {
    // what Fabric 3.1's gateway answered in e2e 70 with the Raft orderer killed
    String dial = "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp "
        + "127.0.0.1:8300: connect: connection refused\"";
    RuntimeException t = GatewayErrors.translate("LiveLedger:RedactOne", new SubmitException("tx1", unavailable(dial)));
    assertTrue(t.getMessage().startsWith("LiveLedger:RedactOne: orderer unavailable ("), t.getMessage());
    assertTrue(t.getMessage().contains("the transaction was not ordered"), t.getMessage());
    RuntimeException p = GatewayErrors.translate("LiveLedger:RedactOne", new EndorseException("tx1", unavailable("io exception")));
    assertTrue(p.getMessage().contains("peer unavailable (io exception); the transaction was not submitted"), p.getMessage());
  }

  @Test
  void aLostCommitStatusSaysTheTransactionMayHaveCommitted() {
    RuntimeException t = GatewayErrors.translate("LiveLedger:RedactBatch",
        new CommitStatusException("tx1", unavailable("io exception")));
    assertTrue(t.getMessage().contains("commit status unknown (io exception)"), t.getMessage());
    assertTrue(t.getMessage().contains("may have committed"), t.getMessage());
    assertFalse(t.getMessage().contains("not submitted") || t.getMessage().contains("not ordered"), t.getMessage());
  }

  @Test
  void aDeadEndorserIsNamedByItsOrgAndAddress() {
    // e2e 70, committee2's peer killed: the gateway's status is its own, the dead peer only in the detail
    GatewayException e = failure(Status.Code.ABORTED, "failed to endorse transaction, see attached details for more info",
        "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp "
            + "127.0.0.1:7200: connect: connection refused\"");
    GatewayErrors.Failure f = GatewayErrors.classify(e);
    assertEquals(GatewayErrors.Kind.NETWORK, f.kind());
    assertTrue(f.describe().startsWith("Committee1MSP at 127.0.0.1:7200: rpc error: code = Unavailable"), f.describe());
  }

  private static EndorseException endorseFailure(Status.Code code, String... peerMessages) {
    GatewayException g = failure(code, "failed to endorse transaction, see attached details for more info", peerMessages);
    return new EndorseException("tx1", (StatusRuntimeException) g.getCause());
  }

  @Test
  void onlyAnUnreachableEndorserIsWorthAskingAgain() {
    assertTrue(GatewayErrors.endorserUnreachable(endorseFailure(Status.Code.ABORTED,
        "rpc error: code = Unavailable desc = connection error")), "a peer the gateway cannot dial");
    assertTrue(GatewayErrors.endorserUnreachable(new EndorseException("tx1", unavailable(
        "failed to find any endorsing peers for org(s): Committee2MSP"))), "a peer discovery does not list");
    assertFalse(GatewayErrors.endorserUnreachable(endorseFailure(Status.Code.ABORTED,
        "chaincode response 500, " + ErrorCode.VERIFICATION_FAILED.tag("collision of m1 does not verify"))),
        "a refusal is final");
    assertFalse(GatewayErrors.endorserUnreachable(endorseFailure(Status.Code.ABORTED, GatewayErrors.FABRIC_PAYLOAD_MISMATCH)),
        "a mismatch is retried as a conflict, not here");
    assertFalse(GatewayErrors.endorserUnreachable(new SubmitException("tx1", unavailable("orderer down"))),
        "a submission may have reached the orderer");
  }
}
