package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.fixedpoint.FixedPoint;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known-answer vectors produced by prover-native (zkdigest/testdata, copied here). */
class ZkDigestTest {
  static JsonNode vectors() throws Exception {
    try (InputStream in = ZkDigestTest.class.getResourceAsStream("/zk/zkdigest-vectors.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void permutationAndRoundKeysMatchGnark() throws Exception {
    JsonNode v = vectors();
    assertEquals(v.get("firstRoundKey").asText(), FieldBytes.toHex(Poseidon2.firstRoundKey()));
    BigInteger[] s = new BigInteger[3];
    for (int i = 0; i < 3; i++) {
      s[i] = FieldBytes.fromHex(v.get("permutationIn").get(i).asText());
    }
    Poseidon2.permute(s);
    for (int i = 0; i < 3; i++) {
      assertEquals(v.get("permutationOut").get(i).asText(), FieldBytes.toHex(s[i]));
    }
  }

  @Test
  void digestsMatchGoVectors() throws Exception {
    for (JsonNode c : vectors().get("cases")) {
      long[] raw = new long[c.get("raw").size()];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = c.get("raw").get(i).asLong();
      }
      assertEquals(c.get("digest").asText(), FieldBytes.toHex(ZkDigest.digest(raw)), c.get("name").asText());
    }
  }

  @Test
  void everyWeightChangeChangesTheDigest() {
    Random rnd = new Random(9);
    for (int trial = 0; trial < 40; trial++) {
      long[] raw = new long[1 + rnd.nextInt(200)];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = rnd.nextLong() % (1L << 40);
      }
      BigInteger d = ZkDigest.digest(raw);
      long[] other = raw.clone();
      int i = rnd.nextInt(raw.length);
      other[i] = other[i] == 0 ? 1 : other[i] - Long.signum(other[i]);
      assertNotEquals(d, ZkDigest.digest(other));
      assertNotEquals(d, ZkDigest.digest(java.util.Arrays.copyOf(raw, raw.length + 1)), "length is bound");
    }
  }

  @Test
  void rejectsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> ZkDigest.digest(new long[] {1L << 40}));
    assertThrows(IllegalArgumentException.class, () -> ZkDigest.digest(new long[] {-(1L << 40)}));
    assertEquals(FixedPoint.toField(-1), Bls12381.SCALAR_FIELD_ORDER.subtract(BigInteger.ONE));
  }

  /** The digest rebuilt from chunk subroots equals the whole-tree digest, at every size boundary. */
  @org.junit.jupiter.api.Test
  void chunkSubrootsRebuildTheDigest() {
    java.util.Random rnd = new java.util.Random(7);
    for (int n : new int[] {0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 3000, 16 * 1024 + 3}) {
      long[] raw = new long[n];
      for (int i = 0; i < n; i++) {
        raw[i] = rnd.nextLong() % (1L << 40);
      }
      java.util.List<java.math.BigInteger> chunks = ZkDigest.chunkSubroots(raw);
      assertEquals(ZkDigest.chunkCount(n), chunks.size(), "n=" + n);
      assertEquals(ZkDigest.digest(raw), ZkDigest.fromChunkSubroots(chunks, n), "n=" + n);
    }
    long[] raw = new long[3000];
    java.util.List<java.math.BigInteger> chunks = ZkDigest.chunkSubroots(raw);
    assertEquals(4, chunks.size()); // 47 leaves pad to 64: four chunks, the last one all padding
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ZkDigest.fromChunkSubroots(chunks.subList(0, 3), 3000));
    java.util.List<java.math.BigInteger> changed = new java.util.ArrayList<>(chunks);
    changed.set(1, changed.get(1).add(java.math.BigInteger.ONE));
    org.junit.jupiter.api.Assertions.assertNotEquals(ZkDigest.digest(raw), ZkDigest.fromChunkSubroots(changed, 3000));
  }
}
