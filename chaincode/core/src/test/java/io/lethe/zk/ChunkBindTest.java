package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers produced by prover-native/chunks (testdata, copied here): bind v1, and the chunk
 * subroots the Go chunk circuits reproduce, against {@link ZkDigest#chunkSubroots}.
 */
class ChunkBindTest {
  static JsonNode read(String name) throws Exception {
    try (InputStream in = ChunkBindTest.class.getResourceAsStream("/zk/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void bindMatchesGoVectors() throws Exception {
    for (JsonNode c : read("chunk-bind-vectors.json").get("cases")) {
      long version = Long.parseUnsignedLong(c.get("version").asText());
      byte[] m = ChunkBind.message(c.get("channel").asText(), c.get("requestId").asText(), c.get("modelId").asText(), version);
      assertEquals(c.get("messageHex").asText(), HexFormat.of().formatHex(m));
      BigInteger b = ChunkBind.bind(c.get("channel").asText(), c.get("requestId").asText(), c.get("modelId").asText(), version);
      assertEquals(c.get("bind").asText(), FieldBytes.toHex(b), c.toString());
    }
  }

  /** raw[i] = ((i·2654435761 + seed) mod (2^41 − 1)) − (2^40 − 1), as in the Go generator. */
  static long[] genRaw(int n, long seed) {
    long m = (1L << 41) - 1;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.floorMod(i * 2654435761L + seed, m) - ((1L << 40) - 1);
    }
    return out;
  }

  @Test
  void chunkSubrootsMatchGoVectors() throws Exception {
    JsonNode v = read("chunk-subroot-vectors.json");
    assertEquals(ZkDigest.CHUNK_WEIGHTS, v.get("chunkSize").asInt());
    for (JsonNode c : v.get("cases")) {
      int n = c.get("n").asInt();
      long[] raw = genRaw(n, c.get("seed").asLong());
      for (int i = 0; i < c.get("firstRaws").size(); i++) {
        assertEquals(c.get("firstRaws").get(i).asLong(), raw[i], "generator, n=" + n);
      }
      List<BigInteger> subroots = ZkDigest.chunkSubroots(raw);
      assertEquals(c.get("subroots").size(), subroots.size(), "n=" + n);
      for (int i = 0; i < subroots.size(); i++) {
        assertEquals(c.get("subroots").get(i).asText(), FieldBytes.toHex(subroots.get(i)), "n=" + n + " chunk " + i);
      }
      assertEquals(c.get("zkDigest").asText(), FieldBytes.toHex(ZkDigest.digest(raw)), "n=" + n);
      assertEquals(c.get("zkDigest").asText(), FieldBytes.toHex(ZkDigest.fromChunkSubroots(subroots, n)), "n=" + n);
    }
  }
}
