package io.lethe.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers produced by an independent Python rendering of DESIGN §3 (struct.pack). */
class CanonicalBytesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void matchesKnownAnswers() throws Exception {
    JsonNode vectors = new ObjectMapper().readTree(getClass().getResourceAsStream("/vectors/canonical.json"));
    int checked = 0;
    for (JsonNode v : vectors) {
      byte[] actual =
          switch (v.get("kind").asText()) {
            case "payload" -> {
              List<String> refs = new ArrayList<>();
              v.get("refs").forEach(r -> refs.add(r.asText()));
              yield CanonicalBytes.payload(v.get("version").asLong(), v.get("requestId").asText(),
                  v.get("modelUri").asText(), HEX.parseHex(v.get("zkDigest").asText()), refs);
            }
            case "txContext" -> CanonicalBytes.txContext(v.get("channel").asText(), v.get("txId").asText());
            case "headerMessage" ->
                CanonicalBytes.headerMessage(
                    v.get("height").asLong(),
                    HEX.parseHex(v.get("parentHash").asText()),
                    HEX.parseHex(v.get("merkleRoot").asText()),
                    v.get("timestamp").asLong(),
                    v.get("version").asLong());
            case "headerContext" ->
                CanonicalBytes.headerContext(v.get("channel").asText(), v.get("height").asLong());
            default -> throw new IllegalArgumentException(v.get("kind").asText());
          };
      assertEquals(v.get("hex").asText(), HEX.formatHex(actual), v.toString());
      checked++;
    }
    assertEquals(7, checked);
  }

  @Test
  void refusesNegativeIntegers() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalBytes.headerContext("c", -1));
  }

  /** DESIGN §3: an old, public opening (R, s) of version 0 never opens the same content at a later version. */
  @Test
  void anOpeningOfOneVersionDoesNotOpenTheSameContentAtAnother() {
    java.security.SecureRandom rnd = new java.security.SecureRandom();
    io.lethe.chameleon.ChameleonPublicKey pk =
        io.lethe.chameleon.committee.Dealer.deal(1, 1, rnd).publicKey().groupKey();
    byte[] ctx = CanonicalBytes.txContext("lethe", "m");
    byte[] zk = new byte[32];
    byte[] v0 = CanonicalBytes.payload(0, "", "bafy-m", zk, List.of("a"));
    io.lethe.chameleon.ChameleonHash.Hashed h = io.lethe.chameleon.ChameleonHash.hash(pk, ctx, v0, rnd);
    assertTrue(io.lethe.chameleon.ChameleonHash.verify(pk, ctx, v0, h.c(), h.randomness()).valid());
    byte[] v2 = CanonicalBytes.payload(2, "r2", "bafy-m", zk, List.of("a"));
    assertFalse(io.lethe.chameleon.ChameleonHash.verify(pk, ctx, v2, h.c(), h.randomness()).valid());
  }
}
