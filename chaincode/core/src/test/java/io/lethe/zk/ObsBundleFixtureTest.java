package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real chunk-obs Groth16 proof (Go {@code engine.TestWriteObsFixture}: request r2 on channel
 * lethe, model z version 0 → 1, 1,100 weights, removed weights only in chunk 0) checked with
 * {@link ChunkBundleVerifier.Expected#obs}, and every alteration of the statement refused.
 */
class ObsBundleFixtureTest {
  static final Path FIXTURE = Path.of("../contracts/src/test/resources/zk/obs-fixture.json");
  static JsonNode fx;
  static VerifyingKey vk;
  static long[] w;
  static long[] wNew;
  static ObsMask mask;
  static BigInteger fisher0;

  @BeforeAll
  static void load() throws Exception {
    fx = new ObjectMapper().readTree(Files.readAllBytes(FIXTURE));
    vk = VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkObs").asText()));
    w = longs(fx.get("w"));
    wNew = longs(fx.get("wNew"));
    mask = ObsMask.parse(fx.get("mask").asText());
    fisher0 = FieldBytes.fromHex(fx.get("fisherDigest0").asText());
  }

  static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  static BigInteger bind(String model) {
    return ChunkBind.bind("lethe", "r2", model, 1);
  }

  static ChunkBundle bundle(long[] newRaws, List<ChunkBundle.ChunkProof> proofs) {
    return new ChunkBundle(ChunkKind.OBS, w.length, ZkDigest.chunkSubroots(w), ZkDigest.chunkSubroots(newRaws), proofs);
  }

  static ChunkBundle.ChunkProof proof0() {
    return new ChunkBundle.ChunkProof(0, Base64.getDecoder().decode(fx.get("obsProof0").asText()));
  }

  static ChunkBundleVerifier.Expected expected(ObsMask m, BigInteger fisher, String model, long[] newRaws) {
    return ChunkBundleVerifier.Expected.obs(ZkDigest.digest(w), ZkDigest.digest(newRaws), bind(model), m,
        i -> i == 0 ? fisher : null);
  }

  static void refused(ChunkBundle b, ChunkBundleVerifier.Expected e, String fragment) {
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, b, e);
    assertFalse(v.valid(), "accepted: " + fragment);
    assertTrue(v.reason().contains(fragment), v.reason());
  }

  @Test
  void fixtureMatchesItsLists() {
    assertEquals(1100, mask.weights());
    assertEquals(fx.get("removed").size(), mask.removed().length);
    assertEquals(fx.get("frozen").size(), mask.frozen().length);
    for (int i = 0; i < mask.removed().length; i++) {
      assertEquals(fx.get("removed").get(i).asInt(), mask.removed()[i]);
    }
    for (int i = 0; i < mask.frozen().length; i++) {
      assertEquals(fx.get("frozen").get(i).asInt(), mask.frozen()[i]);
    }
    assertTrue(mask.touches(0));
    assertFalse(mask.touches(1));
    assertEquals(fx.get("mask").asText(), mask.encode());
  }

  @Test
  void acceptsTheRealProof() {
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, bundle(wNew, List.of(proof0())),
        expected(mask, fisher0, "z", wNew));
    assertTrue(v.valid(), v.reason());
    assertEquals(1, v.chunksProven());
    assertEquals(1, v.chunksUnchanged());
  }

  @Test
  void refusesAnotherMask() {
    int[] removed = mask.removed();
    // one removed bit moved to the next weight that is neither removed nor frozen (same block rule kept)
    int moved = -1;
    for (int k = 0; k < removed.length && moved < 0; k++) {
      int p = removed[k] + 1;
      int block = removed[k] / 16;
      boolean free = p / 16 == block && java.util.Arrays.binarySearch(removed, p) < 0
          && java.util.Arrays.binarySearch(mask.frozen(), p) < 0;
      if (free) {
        removed[k] = p;
        moved = k;
      }
    }
    assertTrue(moved >= 0);
    ObsMask other = new ObsMask(mask.weights(), removed, mask.frozen());
    refused(bundle(wNew, List.of(proof0())), expected(other, fisher0, "z", wNew), "pairing");
    // a frozen bit dropped
    int[] frozen = java.util.Arrays.copyOf(mask.frozen(), mask.frozen().length - 2);
    frozen = java.util.stream.IntStream.concat(java.util.Arrays.stream(frozen),
        java.util.stream.IntStream.of(mask.frozen()[mask.frozen().length - 1])).toArray();
    refused(bundle(wNew, List.of(proof0())), expected(new ObsMask(mask.weights(), mask.removed(), frozen), fisher0, "z",
        wNew), "pairing");
  }

  @Test
  void refusesAnotherFisherDigestAProofByteAndAnotherModel() {
    refused(bundle(wNew, List.of(proof0())), expected(mask, fisher0.add(BigInteger.ONE), "z", wNew), "pairing");
    refused(bundle(wNew, List.of(proof0())), expected(mask, null, "z", wNew), "carries no Fisher digest");
    refused(bundle(wNew, List.of(proof0())), expected(mask, Bls12381.SCALAR_FIELD_ORDER, "z", wNew), "not a canonical scalar");
    byte[] p = Base64.getDecoder().decode(fx.get("obsProof0").asText());
    p[100] ^= 1;
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, bundle(wNew, List.of(new ChunkBundle.ChunkProof(0, p))),
        expected(mask, fisher0, "z", wNew));
    assertFalse(v.valid());
    refused(bundle(wNew, List.of(proof0())), expected(mask, fisher0, "y", wNew), "pairing");
  }

  @Test
  void refusesMissingAndExtraProofs() {
    refused(bundle(wNew, List.of()), expected(mask, fisher0, "z", wNew), "chunk(s) [0] need a proof");
    List<ChunkBundle.ChunkProof> extra = new ArrayList<>(List.of(proof0()));
    extra.add(new ChunkBundle.ChunkProof(1, proof0().proof()));
    refused(bundle(wNew, extra), expected(mask, fisher0, "z", wNew), "chunk 1 is unchanged and untouched");
  }

  @Test
  void refusesAChangeInAChunkWithoutRemovedWeights() {
    long[] changed = wNew.clone();
    changed[1090] += 1; // chunk 1: no removed weight, so no chunk-obs proof can change it
    refused(bundle(changed, List.of(proof0())), expected(mask, fisher0, "z", changed), "chunk(s) [1] need a proof");
    List<ChunkBundle.ChunkProof> forged = List.of(proof0(), new ChunkBundle.ChunkProof(1, proof0().proof()));
    refused(bundle(changed, forged), expected(mask, fisher0, "z", changed), "chunk 1 carries no Fisher digest");
    refused(bundle(changed, forged), ChunkBundleVerifier.Expected.obs(ZkDigest.digest(w), ZkDigest.digest(changed),
        bind("z"), mask, i -> fisher0), "pairing");
  }

  @Test
  void refusesABundleForAnotherWeightCount() {
    ObsMask longer = new ObsMask(1200, mask.removed(), mask.frozen());
    refused(bundle(wNew, List.of(proof0())), expected(longer, fisher0, "z", wNew), "the statement for 1200");
  }
}
