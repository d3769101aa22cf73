package io.lethe.chameleon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpandMessageXmdTest {
  @Test
  void matchesRfc9380Vectors() throws Exception {
    JsonNode doc;
    try (InputStream in = getClass().getResourceAsStream("expand_message_xmd_sha256.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode v : doc.get("vectors")) {
      byte[] out =
          ExpandMessageXmd.expand(
              v.get("msg").asText().getBytes(StandardCharsets.US_ASCII),
              v.get("DST").asText().getBytes(StandardCharsets.US_ASCII),
              v.get("len_in_bytes").asInt());
      assertEquals(v.get("uniform_bytes").asText(), HexCodec.encode(out), v.get("msg").asText());
      checked++;
    }
    assertEquals(14, checked);
  }

  @Test
  void refusesImpossibleLengths() {
    assertThrows(IllegalArgumentException.class, () -> ExpandMessageXmd.expand(new byte[0], new byte[] {1}, 0));
    assertThrows(IllegalArgumentException.class, () -> ExpandMessageXmd.expand(new byte[0], new byte[] {1}, 255 * 32 + 1));
  }
}
