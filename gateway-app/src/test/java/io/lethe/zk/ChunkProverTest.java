package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.fixedpoint.CascadeStep;
import io.lethe.ledger.Inputs.ProofBundle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The prover proves exactly the chunks the chaincode will ask for (RewriteProofs' rule), sends
 * the witness each chunk statement takes (prover-native/CHUNKS.md), spreads chunks over the
 * sidecars and keeps the bundle in chunk order; the subroots rebuild the digests.
 */
class ChunkProverTest {
  static final int N = 3 * 1024 + 10; // chunks 0..3, the last one partial
  static final ObjectMapper JSON = new ObjectMapper();
  final Map<Integer, JsonNode> witnesses = new ConcurrentHashMap<>();
  final List<String> keyIds = Collections.synchronizedList(new ArrayList<>());

  private ChunkProver.Backend recorder(byte tag) {
    return (keyId, json) -> {
      try {
        JsonNode w = JSON.readTree(json);
        witnesses.put(w.get("index").asInt(), w);
        keyIds.add(keyId);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      return new byte[] {tag, (byte) witnessesSize()};
    };
  }

  private int witnessesSize() {
    return witnesses.size();
  }

  private static long[] model(long seed) {
    java.util.Random r = new java.util.Random(seed);
    long[] w = new long[N];
    for (int i = 0; i < N; i++) {
      w[i] = r.nextInt(1 << 18) - (1 << 17);
    }
    return w;
  }

  @Test
  void deltaProvesTheChangedChunksWithTheirWeights() {
    long[] w = model(1);
    long[] wNew = w.clone();
    wNew[3] += 5;            // chunk 0
    wNew[3 * 1024 + 9] -= 1; // chunk 3 (10 real weights)
    ChunkProver prover = new ChunkProver(List.of(recorder((byte) 1), recorder((byte) 2)));
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    ProofBundle b = prover.delta(BigInteger.TEN, w, wNew, (done, total, chunk, took) -> seen.add(chunk));
    assertEquals(List.of(0, 3), b.chunks().stream().map(c -> c.index()).toList());
    assertEquals(2, seen.size());
    assertEquals(List.of("chunk-delta", "chunk-delta"), keyIds);
    assertEquals(ZkDigest.digest(w), ZkDigest.fromChunkSubroots(
        b.oldSubroots().stream().map(FieldBytes::fromHex).toList(), N));
    assertEquals(ZkDigest.digest(wNew), ZkDigest.fromChunkSubroots(
        b.newSubroots().stream().map(FieldBytes::fromHex).toList(), N));
    JsonNode last = witnesses.get(3);
    assertEquals(10, last.get("w").size());
    assertEquals(wNew[3 * 1024 + 9], last.get("w_new").get(9).asLong());
    assertEquals(FieldBytes.toHex(BigInteger.TEN), last.get("bind").asText());
    assertEquals(4, b.deltaSubroots().size());
    assertEquals(FieldBytes.toHex(ZkDigest.zeroChunkSubroot(N, 1)), b.deltaSubroots().get(1));
  }

  @Test
  void cascadeProvesWhereAReachingStartsDeltaIsNonZeroEvenIfTheChunkRoundsToNoChange() {
    long[] w = model(2);
    long[] d1 = new long[N];
    d1[5] = 1;              // chunk 0: k·1/2^16 rounds to 0 for small k, chunk unchanged but touched
    d1[2 * 1024] = 1 << 20; // chunk 2: changes
    long[] d2 = new long[N];
    d2[1024] = 1 << 20;     // chunk 1, but this start does not reach the model (k = 0)
    long[] k = {100, 0};
    ChunkProver prover = new ChunkProver(List.of(recorder((byte) 1)));
    ProofBundle b = prover.cascade(BigInteger.ONE, w, k, new long[][] {d1, d2}, (done, total, chunk, took) -> { });
    assertEquals(List.of(0, 2), b.chunks().stream().map(c -> c.index()).toList());
    assertNull(b.deltaSubroots());
    long[] expected = CascadeStep.apply(w, k, new long[][] {d1, new long[N]});
    assertArrayEquals(expected, ChunkProver.cascadeWeights(w, k, new long[][] {d1, d2}));
    assertEquals(w[5], expected[5]); // touched, unchanged
    JsonNode c0 = witnesses.get(0);
    assertEquals(2, c0.get("starts").size());
    assertEquals(100, c0.get("starts").get(0).get("k").asLong());
    assertEquals(1, c0.get("starts").get(0).get("delta").get(5).asLong());
    // a k = 0 start sends Δ = 0, as the chaincode assumes the zero subroot for it
    c0.get("starts").get(1).get("delta").forEach(x -> assertEquals(0, x.asLong()));
    assertThrows(IllegalArgumentException.class, () -> prover.cascade(BigInteger.ONE, w, new long[5],
        new long[5][N], (done, total, chunk, took) -> { }));
  }

  @Test
  void aFailingProverFailsTheWholeBundle() {
    long[] w = model(3);
    long[] wNew = w.clone();
    wNew[0] += 1;
    ChunkProver prover = new ChunkProver(List.of((keyId, json) -> {
      throw new ProverException(ProverException.Reason.REFUSED, "prover refused: no such key", null);
    }));
    ProverException e = assertThrows(ProverException.class,
        () -> prover.delta(BigInteger.ONE, w, wNew, (done, total, chunk, took) -> { }));
    assertEquals("prover refused: no such key", e.getMessage());
  }

  /** An identity-Fisher block removing weight {@code t} of block {@code b}: C = e_t, z = W[t]. */
  private static ObsBlock identityBlock(int b, int t, long[] w) {
    long[] h = new long[FisherDigest.ENTRIES];
    for (int r = 0; r < 16; r++) {
      h[FisherDigest.upper(r, r)] = 1 << 16;
    }
    long[] c = new long[32];
    c[(t % 16) * 2] = 1 << 16;
    return new ObsBlock(b, h, c, new long[] {w[t], 0});
  }

  @Test
  void obsProvesEveryChunkWithARemovedWeightAndCarriesItsFisherDigest() {
    long[] w = model(3);
    // removed: 5 (chunk 0) and 2 * 1024 + 40 (chunk 2); frozen 6 in chunk 0 and 3 * 1024 + 1 (chunk 3, untouched)
    ObsMask mask = new ObsMask(N, new int[] {5, 2 * 1024 + 40}, new int[] {6, 3 * 1024 + 1});
    List<ObsBlock> blocks = List.of(identityBlock(0, 5, w), identityBlock((2 * 1024 + 40) / 16, 2 * 1024 + 40, w));
    ChunkProver prover = new ChunkProver(List.of(recorder((byte) 1)));
    ProofBundle b = prover.obs(BigInteger.TWO, w, mask, blocks, (done, total, chunk, took) -> { });
    assertEquals(List.of(0, 2), b.chunks().stream().map(c -> c.index()).toList());
    assertEquals(List.of("chunk-obs", "chunk-obs"), keyIds);
    assertEquals("obs", b.kind());
    long[] wNew = w.clone();
    wNew[5] = 0;
    wNew[2 * 1024 + 40] = 0;
    assertEquals(ZkDigest.digest(wNew), ZkDigest.fromChunkSubroots(
        b.newSubroots().stream().map(FieldBytes::fromHex).toList(), N));
    JsonNode c2 = witnesses.get(2);
    assertEquals("[40]", c2.get("removed").toString());
    assertEquals("[]", c2.get("frozen").toString());
    assertEquals(40 / 16 + 1, c2.get("fisher").size());
    assertEquals(0, c2.get("w_new").get(40).asLong());
    assertEquals("[6]", witnesses.get(0).get("frozen").toString());
    long[][] h = new long[FisherDigest.BLOCKS][FisherDigest.ENTRIES];
    h[40 / 16] = blocks.get(1).fisher();
    assertEquals(FieldBytes.toHex(FisherDigest.of(h)), b.chunks().get(1).fisherDigest());
    // a touched block without H, C, z: refused before any proof
    witnesses.clear();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> prover.obs(BigInteger.TWO, w, mask, blocks.subList(0, 1), (done, total, chunk, took) -> { }));
    assertTrue(e.getMessage().contains("has removed weight 2088 but no H, C, z"), e.getMessage());
    assertTrue(witnesses.isEmpty());
  }
}
