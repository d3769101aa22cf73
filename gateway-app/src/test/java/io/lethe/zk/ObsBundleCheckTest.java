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
 * {@code lethe zk verify} on a real chunk-obs proof (the chaincode's obs fixture: request r2,
 * model z, 1,100 weights, removed weights in chunk 0): the honest bundle verifies; a flipped
 * proof byte, an altered weight, a replay for another model id, a mask with one bit changed, a
 * malformed mask and a changed Fisher digest are refused with a reason.
 */
class ObsBundleCheckTest {
  static final Path FIXTURE = Path.of("../chaincode/contracts/src/test/resources/zk/obs-fixture.json");
  static JsonNode fx;
  static VerifyingKey vk;
  static long[] w;
  static long[] wNew;

  @BeforeAll
  static void load() throws Exception {
    fx = new ObjectMapper().readTree(FIXTURE.toFile());
    vk = VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkObs").asText()));
    w = BundleCheckTest.longsOf(fx.get("w"));
    wNew = BundleCheckTest.longsOf(fx.get("wNew"));
  }

  static BundleFile file(String model, String mask, String proof, String fisher) {
    return new BundleFile(new BundleFile.Statement("obs", "lethe", "r2", model, 1, null, mask), "insecure-dev-setup", null,
        new ProofBundle("obs", 1100L, BundleCheckTest.hex(w), BundleCheckTest.hex(wNew), null,
            List.of(new ChunkProof(0, proof, fisher))));
  }

  static BundleFile honest() {
    return file("z", fx.get("mask").asText(), fx.get("obsProof0").asText(), fx.get("fisherDigest0").asText());
  }

  static void refused(ChunkBundleVerifier.Verdict v, String fragment) {
    assertFalse(v.valid(), "accepted: " + fragment);
    assertTrue(v.reason().contains(fragment), v.reason());
  }

  @Test
  void acceptsTheHonestBundle() {
    ChunkBundleVerifier.Verdict v = BundleCheck.check(vk, honest(), w, wNew, List.of());
    assertTrue(v.valid(), v.reason());
    assertEquals(1, v.chunksProven());
    assertEquals(1, v.chunksUnchanged());
  }

  @Test
  void refusesForgeries() {
    byte[] p = Base64.getDecoder().decode(fx.get("obsProof0").asText());
    p[150] ^= 4;
    assertFalse(BundleCheck.check(vk, file("z", fx.get("mask").asText(), Base64.getEncoder().encodeToString(p),
        fx.get("fisherDigest0").asText()), w, wNew, List.of()).valid());
    long[] altered = wNew.clone();
    altered[5] += 1;
    refused(BundleCheck.check(vk, honest(), w, altered, List.of()), "new subroots do not rebuild");
    refused(BundleCheck.check(vk, file("y", fx.get("mask").asText(), fx.get("obsProof0").asText(),
        fx.get("fisherDigest0").asText()), w, wNew, List.of()), "pairing");
    ObsMask m = ObsMask.parse(fx.get("mask").asText());
    int[] frozen = m.frozen();
    frozen[0] += 1; // fixture frozen positions are spaced, so the next weight is free
    String oneBit = new ObsMask(m.weights(), m.removed(), frozen).encode();
    refused(BundleCheck.check(vk, file("z", oneBit, fx.get("obsProof0").asText(), fx.get("fisherDigest0").asText()), w,
        wNew, List.of()), "pairing");
    refused(BundleCheck.check(vk, file("z", "obs1.1100.%%.", fx.get("obsProof0").asText(),
        fx.get("fisherDigest0").asText()), w, wNew, List.of()), "mask: removed list is not unpadded base64url");
    refused(BundleCheck.check(vk, file("z", fx.get("mask").asText(), fx.get("obsProof0").asText(),
        "00" + fx.get("fisherDigest0").asText().substring(2)), w, wNew, List.of()), "pairing");
    refused(BundleCheck.check(vk, file("z", fx.get("mask").asText(), fx.get("obsProof0").asText(), null), w, wNew,
        List.of()), "carries no Fisher digest");
  }
}
