package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key from the multi-party ceremony on the real universal chunk-delta circuit (three
 * contributors in each phase, BSB22 commitment), and a proof under it, as prover-native's
 * {@code ceremony.TestChunkDeltaCeremonyFixture} wrote them: the Java verifier accepts the proof
 * singly and batched, the key is the one the transcript records, and forgeries fail.
 */
class CeremonyKeyTest {
  static final String ID = "ceremony-chunk-delta";

  @Test
  void aProofUnderTheCeremonyKeyVerifiesInJava() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load(ID);
    JsonNode state = new ObjectMapper().readTree(GnarkProofFixtures.read("/zk/" + ID + "/state.json"));
    assertEquals("chunk-delta", state.get("keyId").asText());
    assertEquals(3, state.get("phase").asInt(), "sealed");
    assertEquals(6, state.get("contributions").size(), "three contributors in each phase");
    assertTrue(state.get("r1csSha256").asText().matches("[0-9a-f]{64}"));
    assertTrue(state.get("gnarkVersion").asText().startsWith("v"));
    assertFalse(state.get("sourceCommit").asText().isBlank());
    assertEquals(state.get("vkSha256").asText(),
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f.vk())), "vk.bin is the transcript's key");

    VerifyingKey vk = VerifyingKey.parse(f.vk());
    assertEquals(1, vk.commitmentG.length, "the chunk circuit carries one BSB22 commitment");
    Proof proof = Proof.parse(f.proof());
    assertTrue(Groth16Verifier.check(vk, proof, f.inputs()).valid());
    assertTrue(Groth16BatchVerifier.check(vk, List.of(new Groth16BatchVerifier.Statement(proof, f.inputs()),
        new Groth16BatchVerifier.Statement(proof, f.inputs()))).valid());

    // bind (input 4) of another request: refused
    List<BigInteger> other = new ArrayList<>(f.inputs());
    other.set(4, other.get(4).add(BigInteger.ONE));
    assertFalse(Groth16Verifier.check(vk, proof, other).valid());
    assertFalse(Groth16BatchVerifier.check(vk, List.of(new Groth16BatchVerifier.Statement(proof, f.inputs()),
        new Groth16BatchVerifier.Statement(proof, other))).valid());
    // a flipped byte in the proof: refused with a reason, no exception
    byte[] flipped = f.proof().clone();
    flipped[48 + 96 + 20] ^= 0x10;
    Groth16Verifier.Result r = Groth16Verifier.check(f.vk(), flipped, f.inputs());
    assertFalse(r.valid());
    assertFalse(r.reason().isBlank());
  }
}
