package io.lethe.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkStatusTest {
  @Test
  void jsonHasTheDocumentedShapeAndChannelHeightIsTheHighestPeer() throws Exception {
    NetworkStatus s =
        NetworkStatus.of(
            "lethe",
            List.of(
                new NetworkStatus.PeerStatus("committee1", "Committee1MSP", "127.0.0.1:7200", 7L, null),
                new NetworkStatus.PeerStatus("auditor", "AuditorMSP", "127.0.0.1:7230", 6L, null)),
            new NetworkStatus.ChaincodeStatus("lethe", "1.0", 1, true, null));
    JsonNode n = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(s));
    assertEquals(7, n.get("height").asLong());
    assertEquals(List.of("channel", "height", "peers", "chaincode"), fieldNames(n));
    assertEquals(List.of("name", "mspId", "endpoint", "height"), fieldNames(n.get("peers").get(0)));
    assertEquals(List.of("name", "version", "sequence", "committed"), fieldNames(n.get("chaincode")));
    assertTrue(s.healthy());
  }

  @Test
  void aSilentPeerOrMissingChaincodeIsUnhealthyAndExplained() throws Exception {
    NetworkStatus s =
        NetworkStatus.of(
            "lethe",
            List.of(new NetworkStatus.PeerStatus("committee1", "Committee1MSP", "127.0.0.1:7200", null, "unavailable")),
            new NetworkStatus.ChaincodeStatus("lethe", null, 0, false, "not found"));
    assertFalse(s.healthy());
    assertEquals(0, s.height());
    JsonNode n = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(s));
    assertEquals("unavailable", n.get("peers").get(0).get("error").asText());
    assertFalse(n.get("peers").get(0).has("height"));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
