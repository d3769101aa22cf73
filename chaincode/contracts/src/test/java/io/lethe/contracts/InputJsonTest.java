package io.lethe.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Caller JSON is one object, each field once, each of its own JSON type. Every input below was
 * accepted by Jackson's defaults (the fuzz suite committed a redaction followed by trailing
 * garbage, and read {@code null} into an NPE without error code).
 */
class InputJsonTest {
  private static final String VALID = Json.string(new Redaction("r1",
      List.of(new Rewrite("a", "bafy-a", "00ff", List.of("b"), "02" + "11".repeat(32), "22".repeat(32))),
      List.of(new HeaderAdapt(3, "03" + "33".repeat(32), "44".repeat(32))), null));

  @Test
  void theClientsJsonParses() {
    Redaction r = InputJson.parse(VALID.getBytes(StandardCharsets.UTF_8), Redaction.class, "redaction");
    assertEquals(3, r.headers().get(0).height());
    assertEquals(List.of("b"), r.rewrites().get(0).refs());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "null", " null ", "[]", "42", "\"r1\"",
      "$ garbage", "$}", "$ {}", "$$",
      "{\"requestId\":\"r1\",\"requestId\":\"r1\"}",
      "{\"requestId\":1}", "{\"requestId\":true}", "{\"requestId\":1.5}",
      "{\"requestId\":\"r1\",\"headers\":[{\"height\":\"3\",\"r\":\"x\",\"s\":\"y\"}]}",
      "{\"requestId\":\"r1\",\"headers\":[{\"height\":3.0,\"r\":\"x\",\"s\":\"y\"}]}",
      "{\"requestId\":\"r1\",\"headers\":[{\"height\":3.7,\"r\":\"x\",\"s\":\"y\"}]}",
      "{\"requestId\":\"r1\",\"headers\":[{\"height\":null,\"r\":\"x\",\"s\":\"y\"}]}",
      "{\"requestId\":\"r1\",\"headers\":[{\"r\":\"x\",\"s\":\"y\"}]}",
      "{\"requestId\":\"r1\",\"headers\":[{\"height\":\"\",\"r\":\"x\",\"s\":\"y\"}]}",
      "{\"requestId\":\"r1\",\"close\":\"false\"}", "{\"requestId\":\"r1\",\"close\":0}",
      "{\"requestId\":\"r1\",\"rewrites\":[{\"id\":\"a\",\"r\":5}]}",
      "{\"requestId\":\"r1\",\"rewrites\":{\"id\":\"a\"}}",
      "{\"requestId\":\"r1\",\"extra\":1}"})
  void lenientJsonIsRefused(String input) {
    String json = input.replace("$", VALID);
    refused(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
    int at = VALID.indexOf("bafy-a") + 2;
    for (byte[] bad : List.of(new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xff},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0x80})) {
      byte[] json = new byte[valid.length + bad.length];
      System.arraycopy(valid, 0, json, 0, at);
      System.arraycopy(bad, 0, json, at, bad.length);
      System.arraycopy(valid, at, json, at + bad.length, valid.length - at);
      refused(json);
    }
  }

  private static void refused(byte[] json) {
    ChaincodeException e = assertThrows(ChaincodeException.class, () -> InputJson.parse(json, Redaction.class, "redaction"),
        new String(json, StandardCharsets.UTF_8));
    assertEquals(ErrorCode.INVALID_ARGUMENT.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
  }
}
