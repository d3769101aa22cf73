package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lethe zk verify}'s check on real gnark chunk proofs (the chaincode's redaction fixture:
 * 1,100 weights, chunk 0 changed; delta of start "s", cascade of "y" with k = ½): the honest
 * bundles verify; a flipped proof byte, an altered weight, a bundle replayed for another model,
 * a wrong k, a missing or an extra proof are refused with a reason.
 */
class BundleCheckTest {
  static final Path FIXTURE = Path.of("../chaincode/contracts/src/test/resources/zk/redaction-fixture.json");
  static JsonNode fx;
  static VerifyingKey vkDelta;
  static VerifyingKey vkCascade;
  static long[] ws;
  static long[] wsNew;
  static long[] wy;
  static long[] wyNew;

  @BeforeAll
  static void load() throws Exception {
    fx = new ObjectMapper().readTree(FIXTURE.toFile());
    vkDelta = VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkDelta").asText()));
    vkCascade = VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkCascade").asText()));
    ws = longs("ws");
    wsNew = longs("wsNew");
    wy = longs("wy");
    wyNew = longs("wyNew");
  }

  static long[] longs(String name) {
    return longsOf(fx.get(name));
  }

  static long[] longsOf(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  static List<String> hex(long[] w) {
    return ZkDigest.chunkSubroots(w).stream().map(FieldBytes::toHex).toList();
  }

  static long[] minus(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  static BundleFile delta(String model, List<ChunkProof> proofs) {
    return new BundleFile(new BundleFile.Statement("delta", "lethe", "r1", model, 1, null), "insecure-dev-setup", null,
        new ProofBundle("delta", 1100L, hex(ws), hex(wsNew), hex(minus(wsNew, ws)), proofs));
  }

  static List<ChunkProof> proof(String name) {
    return List.of(new ChunkProof(0, fx.get(name).asText()));
  }

  static BundleFile cascade(long k, List<ChunkProof> proofs) {
    return new BundleFile(new BundleFile.Statement("cascade", "lethe", "r1", "y", 1, List.of(k)), "insecure-dev-setup", null,
        new ProofBundle("cascade", 1100L, hex(wy), hex(wyNew), null, proofs));
  }

  @Test
  void honestBundlesVerify() {
    ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta, delta("s", proof("deltaProof0")), ws, wsNew, List.of());
    assertTrue(v.valid(), v.reason());
    assertEquals(1, v.chunksProven());
    assertEquals(1, v.chunksUnchanged());
    v = BundleCheck.check(vkCascade, cascade(32768, proof("cascadeProof0")), wy, wyNew, List.of(minus(wsNew, ws)));
    assertTrue(v.valid(), v.reason());
  }

  @Test
  void aFlippedProofByteIsRefused() {
    byte[] p = Base64.getDecoder().decode(fx.get("deltaProof0").asText());
    for (int at : new int[] {20, 48 + 96 + 20, p.length - 10}) {
      byte[] q = p.clone();
      q[at] ^= 0x10;
      ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta,
          delta("s", List.of(new ChunkProof(0, Base64.getEncoder().encodeToString(q)))), ws, wsNew, List.of());
      assertFalse(v.valid(), "flip at " + at);
      assertFalse(v.reason().isBlank());
    }
  }

  @Test
  void anAlteredWeightInTheNewModelIsRefused() {
    for (int at : new int[] {5, 1050}) {
      long[] forged = wsNew.clone();
      forged[at] += 1;
      ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta, delta("s", proof("deltaProof0")), ws, forged, List.of());
      assertFalse(v.valid(), "weight " + at);
      assertTrue(v.reason().contains("zkDigest") || v.reason().contains("deltaSubroots"), v.reason());
    }
    // the prover's subroots rebuilt for the forged model: then the proof itself fails
    long[] forged = wsNew.clone();
    forged[5] += 1;
    BundleFile f = new BundleFile(new BundleFile.Statement("delta", "lethe", "r1", "s", 1, null), null, null,
        new ProofBundle("delta", 1100L, hex(ws), hex(forged), hex(minus(forged, ws)), proof("deltaProof0")));
    ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta, f, ws, forged, List.of());
    assertFalse(v.valid());
    assertTrue(v.reason().contains("pairing"), v.reason());
  }

  @Test
  void aBundleReplayedForAnotherModelOrVersionIsRefused() {
    ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta, delta("s2", proof("deltaProof0")), ws, wsNew, List.of());
    assertFalse(v.valid());
    assertTrue(v.reason().contains("pairing"), v.reason());
    BundleFile other = new BundleFile(new BundleFile.Statement("delta", "lethe", "r1", "s", 2, null), null, null,
        delta("s", proof("deltaProof0")).bundle());
    assertFalse(BundleCheck.check(vkDelta, other, ws, wsNew, List.of()).valid());
  }

  @Test
  void aWrongCoefficientOrDeltaIsRefused() {
    assertFalse(BundleCheck.check(vkCascade, cascade(32769, proof("cascadeProof0")), wy, wyNew, List.of(minus(wsNew, ws))).valid());
    long[] d = minus(wsNew, ws);
    d[3] += 1;
    assertFalse(BundleCheck.check(vkCascade, cascade(32768, proof("cascadeProof0")), wy, wyNew, List.of(d)).valid());
  }

  @Test
  void aMissingOrExtraProofIsRefused() {
    ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta, delta("s", List.of()), ws, wsNew, List.of());
    assertFalse(v.valid());
    assertTrue(v.reason().contains("need a proof"), v.reason());
    v = BundleCheck.check(vkDelta, delta("s", List.of(new ChunkProof(0, fx.get("deltaProof0").asText()),
        new ChunkProof(1, fx.get("deltaProof0").asText()))), ws, wsNew, List.of());
    assertFalse(v.valid());
    assertTrue(v.reason().contains("must not carry a proof"), v.reason());
  }

  @Test
  void recordedDeltaSubrootsThatAreNotNewMinusOldAreRefused() {
    List<String> wrong = new java.util.ArrayList<>(hex(minus(wsNew, ws)));
    wrong.set(1, wrong.get(0));
    BundleFile f = new BundleFile(new BundleFile.Statement("delta", "lethe", "r1", "s", 1, null), null, null,
        new ProofBundle("delta", 1100L, hex(ws), hex(wsNew), wrong, proof("deltaProof0")));
    ChunkBundleVerifier.Verdict v = BundleCheck.check(vkDelta, f, ws, wsNew, List.of());
    assertFalse(v.valid());
    assertTrue(v.reason().contains("deltaSubroots"), v.reason());
  }

  @Test
  void aModelFileWithAWeightOffTheFixedPointGridIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    double[] w = {0.5, 1.0 / 3};
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.write(io.lethe.fl.model.ModelFile.MAGIC);
    out.writeInt(1);
    out.writeInt(3);
    out.write("mlp".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeInt(w.length);
    for (double x : w) {
      out.writeDouble(x);
    }
    java.nio.file.Files.write(dir.resolve("m.lethe"), bytes.toByteArray());
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> BundleCheck.raws(dir.resolve("m.lethe")));
    assertTrue(e.getMessage().contains("not a fixed-point value"), e.getMessage());
  }

  @Test
  void aProofUnderTheOtherKindsKeyIsRefused() {
    assertFalse(BundleCheck.check(vkCascade, delta("s", proof("deltaProof0")), ws, wsNew, List.of()).valid());
  }
}
