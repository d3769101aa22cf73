package io.lethe.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.lethe.cli.UserError;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;

class GatewayErrorsTest {
  static GatewayException failure(io.grpc.Status.Code code, String description, String... peerMessages) {
    var status = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(description);
    for (String m : peerMessages) {
      status.addDetails(Any.pack(ErrorDetail.newBuilder().setAddress("127.0.0.1:7200").setMspId("Committee1MSP").setMessage(m).build()));
    }
    StatusRuntimeException sre = StatusProto.toStatusRuntimeException(status.build());
    return new GatewayException(sre);
  }

  @Test
  void chaincodeRefusalIsAUserErrorWithTheChaincodeMessageOnce() {
    String refusal = "access denied: System:SetParameter may be called only by committee organisations [Committee1MSP], not by UsersMSP";
    RuntimeException e =
        GatewayErrors.translate(
            "System:SetParameter refused",
            failure(Status.Code.ABORTED, "failed to endorse transaction, see attached details for more info",
                "chaincode response 500, " + refusal, "chaincode response 500, " + refusal));
    assertInstanceOf(UserError.class, e);
    assertEquals("System:SetParameter refused: " + refusal, e.getMessage());
  }

  @Test
  void evaluateRefusalCarriedInTheStatusDescription() {
    RuntimeException e =
        GatewayErrors.translate(
            "System:GetParameter",
            failure(Status.Code.UNKNOWN, "evaluate call to endorser returned error: chaincode response 500, parameter 'x' is not set"));
    assertInstanceOf(UserError.class, e);
    assertEquals("System:GetParameter: parameter 'x' is not set", e.getMessage());
  }

  @Test
  void unreachablePeerIsANetworkErrorThatSuggestsStatus() {
    RuntimeException e = GatewayErrors.translate("System:Info", failure(Status.Code.UNAVAILABLE, "connection refused"));
    assertFalse(e instanceof UserError);
    assertTrue(e.getMessage().contains("network.sh status"), e.getMessage());
  }
}
