package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.zk.Groth16BatchVerifier.Statement;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifying key of a three-contributor setup ceremony on the real chunk-delta circuit (with
 * its BSB22 commitment), byte for byte as the ceremony wrote it, and chunk proofs of a real
 * model made with the sealed proving key ({@code prover-native/scripts/ceremony-fixture.sh}; the
 * class is skipped, not passed, while that fixture is absent).
 */
class CeremonyChunkDeltaTest {
  private static final String DIR = "/zk/ceremony-chunk-delta/";
  private static JsonNode transcript;
  private static JsonNode fixture;
  private static byte[] vkBytes;
  private static VerifyingKey vk;
  private static final List<Integer> indices = new ArrayList<>();
  private static final List<byte[]> proofs = new ArrayList<>();
  private static final List<List<BigInteger>> inputs = new ArrayList<>();

  @BeforeAll
  static void load() throws Exception {
    assumeTrue(CeremonyChunkDeltaTest.class.getResource(DIR + "fixture.json") != null,
        "no ceremony fixture: run prover-native/scripts/ceremony-fixture.sh");
    ObjectMapper json = new ObjectMapper();
    transcript = json.readTree(GnarkProofFixtures.read(DIR + "state.json"));
    fixture = json.readTree(GnarkProofFixtures.read(DIR + "fixture.json"));
    vkBytes = GnarkProofFixtures.read(DIR + "vk.bin");
    vk = VerifyingKey.parse(vkBytes);
    for (JsonNode i : fixture.get("chunks")) {
      indices.add(i.asInt());
      proofs.add(GnarkProofFixtures.read(DIR + "chunk-" + i.asInt() + "/proof.bin"));
      List<BigInteger> in = new ArrayList<>();
      json.readTree(GnarkProofFixtures.read(DIR + "chunk-" + i.asInt() + "/public.json")).get("publicInputs")
          .forEach(n -> in.add(FieldBytes.fromHex(n.asText())));
      inputs.add(in);
    }
  }

  private static List<Statement> batch() {
    List<Statement> b = new ArrayList<>();
    for (int i = 0; i < proofs.size(); i++) {
      b.add(new Statement(Proof.parse(proofs.get(i)), inputs.get(i)));
    }
    return b;
  }

  @Test
  void theVerifyingKeyIsTheOneTheTranscriptSealed() throws Exception {
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(vkBytes));
    assertEquals(transcript.get("vkSha256").asText(), hash);
    assertArrayEquals(HexFormat.of().parseHex(hash), vk.sha256()); // what governance registers
    assertEquals("chunk-delta", transcript.get("keyId").asText());
    assertEquals(3, transcript.get("phase").asInt(), "sealed");
    List<String> names = new ArrayList<>();
    transcript.get("contributions").forEach(c -> names.add(c.get("phase").asInt() + ":" + c.get("name").asText()));
    assertEquals(List.of("1:committee1", "1:committee2", "1:committee3", "2:committee1", "2:committee2", "2:committee3"), names);
    assertFalse(transcript.get("beaconPhase1").asText().isEmpty());
    assertFalse(transcript.get("beaconPhase2").asText().isEmpty());
    assertEquals(7, vk.publicInputCount(), "old, new, index, kind, bind, count, subroot(Δ)");
    assertEquals(1, vk.commitmentCount(), "BSB22 commitment of the range checks");
    // a key one byte off is another key
    byte[] other = vkBytes.clone();
    other[other.length - 1] ^= 1;
    assertFalse(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(other)).equals(hash));
  }

  @Test
  void theProofsAreBoundToTheirChunkAndRequest() {
    BigInteger bind = ChunkBind.bind("lethe", "req-1", "model-a", 1);
    long weights = fixture.get("weights").asLong();
    for (int i = 0; i < indices.size(); i++) {
      List<BigInteger> in = inputs.get(i);
      int index = indices.get(i);
      assertEquals(BigInteger.valueOf(index), in.get(2));
      assertEquals(BigInteger.valueOf(ChunkKind.DELTA.code()), in.get(3));
      assertEquals(bind, in.get(4));
      assertEquals(BigInteger.valueOf(Math.min(ZkDigest.CHUNK_WEIGHTS, weights - (long) ZkDigest.CHUNK_WEIGHTS * index)), in.get(5));
    }
    assertEquals(874, inputs.get(indices.indexOf(24)).get(5).intValue(), "the last, partial chunk");
  }

  @Test
  void eachProofVerifiesAloneAndAllInOneBatch() {
    for (int i = 0; i < proofs.size(); i++) {
      Groth16Verifier.Result r = Groth16Verifier.check(vkBytes, proofs.get(i), inputs.get(i));
      assertTrue(r.valid(), "chunk " + indices.get(i) + ": " + r.reason());
    }
    Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, batch());
    assertTrue(r.valid(), r.reason());
    assertTrue(Groth16BatchVerifier.check(vk, batch().subList(1, 3)).valid());
  }

  /** A proof's C negated (the sign bit of its compressed encoding flipped): a valid point, a wrong proof. */
  private static byte[] signFlipped(byte[] proof) {
    byte[] b = proof.clone();
    b[48 + 96] ^= 0x20; // Krs follows Ar (G1, 48 bytes) and Bs (G2, 96 bytes)
    return b;
  }

  @Test
  void aBatchWithOneFlippedProofIsRefusedAndNamesIt() {
    for (int bad = 0; bad < proofs.size(); bad++) {
      List<Statement> b = batch();
      Proof flipped = Proof.parse(signFlipped(proofs.get(bad)));
      assertFalse(Groth16Verifier.verify(vk, flipped, inputs.get(bad)), "alone");
      b.set(bad, new Statement(flipped, inputs.get(bad)));
      Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, b);
      assertFalse(r.valid());
      assertEquals(bad, r.firstInvalid(), r.reason());
      assertTrue(r.reason().contains("proof " + bad), r.reason());
    }
    // a flipped byte inside a coordinate: not a curve point of the group, refused when parsed
    byte[] broken = proofs.get(1).clone();
    broken[48 + 96 + 20] ^= 0x10;
    assertThrows(IllegalArgumentException.class, () -> Proof.parse(broken));
    Groth16Verifier.Result r = Groth16Verifier.check(vkBytes, broken, inputs.get(1));
    assertFalse(r.valid());
    assertTrue(r.reason().startsWith("malformed proof"), r.reason());
  }

  @Test
  void aBatchWithOneWrongPublicInputIsRefusedAndNamesIt() {
    for (int input = 0; input < 7; input++) {
      int bad = input % proofs.size();
      List<Statement> b = batch();
      List<BigInteger> shifted = new ArrayList<>(inputs.get(bad));
      shifted.set(input, shifted.get(input).add(BigInteger.ONE).mod(Bls12381.SCALAR_FIELD_ORDER));
      assertFalse(Groth16Verifier.verify(vk, Proof.parse(proofs.get(bad)), shifted), "alone, input " + input);
      b.set(bad, new Statement(Proof.parse(proofs.get(bad)), shifted));
      Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, b);
      assertFalse(r.valid(), "input " + input);
      assertEquals(bad, r.firstInvalid(), r.reason());
    }
    // two chunks' proofs swapped (each valid for the other's inputs): the first one is named
    List<Statement> b = batch();
    b.set(1, new Statement(Proof.parse(proofs.get(2)), inputs.get(1)));
    b.set(2, new Statement(Proof.parse(proofs.get(1)), inputs.get(2)));
    Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, b);
    assertFalse(r.valid());
    assertEquals(1, r.firstInvalid(), r.reason());
  }

  @Test
  void singleAndBatchedVerdictsAgree() {
    List<Statement> b = batch();
    b.set(3, new Statement(Proof.parse(signFlipped(proofs.get(3))), inputs.get(3)));
    for (int n = 1; n <= b.size(); n++) {
      List<Statement> prefix = b.subList(0, n);
      int firstBadAlone = -1;
      for (int i = 0; i < n && firstBadAlone < 0; i++) {
        if (!Groth16Verifier.verify(vk, prefix.get(i).proof(), prefix.get(i).publicInputs())) {
          firstBadAlone = i;
        }
      }
      Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, prefix);
      assertEquals(firstBadAlone < 0, r.valid(), "prefix " + n);
      assertEquals(firstBadAlone, r.firstInvalid(), "prefix " + n);
    }
  }
}
