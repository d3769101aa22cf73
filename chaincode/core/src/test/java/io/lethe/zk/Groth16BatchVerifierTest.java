package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.zk.Groth16BatchVerifier.Statement;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batched verification must accept exactly what one-by-one verification accepts. */
class Groth16BatchVerifierTest {
  private static Statement statement(GnarkProofFixtures.Fixture f) {
    return new Statement(Proof.parse(f.proof()), f.inputs());
  }

  @Test
  void acceptsABatchOfValidProofs() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load("obs-n100-b64-p2");
    VerifyingKey vk = VerifyingKey.parse(f.vk());
    for (int k : new int[] {1, 2, 5}) {
      List<Statement> batch = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        batch.add(statement(f));
      }
      Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, batch);
      assertTrue(r.valid(), k + ": " + r.reason());
    }
  }

  @Test
  void oneBadProofOrInputSpoilsTheBatch() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load("obs-n100-b64-p2");
    GnarkProofFixtures.Fixture other = GnarkProofFixtures.load("obs-n200-b64-p2");
    VerifyingKey vk = VerifyingKey.parse(f.vk());
    // a changed public input in the middle proof
    List<BigInteger> shifted = new ArrayList<>(f.inputs());
    shifted.set(1, shifted.get(1).add(BigInteger.ONE).mod(Bls12381.SCALAR_FIELD_ORDER));
    assertFalse(Groth16Verifier.check(vk, Proof.parse(f.proof()), shifted).valid());
    assertFalse(Groth16BatchVerifier.check(vk,
        List.of(statement(f), new Statement(Proof.parse(f.proof()), shifted), statement(f))).valid());
    // a valid proof of another key (same input count) in the batch
    assertFalse(Groth16BatchVerifier.check(vk, List.of(statement(f), statement(other))).valid());
    // swapped inputs between two statements that are each well formed
    List<BigInteger> reversed = new ArrayList<>(f.inputs());
    java.util.Collections.reverse(reversed);
    assertFalse(Groth16BatchVerifier.check(vk, List.of(new Statement(Proof.parse(f.proof()), reversed))).valid());
    // a shape error names the proof
    Groth16BatchVerifier.Result shape = Groth16BatchVerifier.check(vk,
        List.of(statement(f), new Statement(Proof.parse(f.proof()), f.inputs().subList(0, 2))));
    assertEquals(1, shape.firstInvalid());
    assertFalse(Groth16BatchVerifier.check(vk, List.of()).valid());
  }

  /** A failed batch is bisected: the verdict names the first proof that fails alone, wherever it is. */
  @Test
  void aFailedBatchNamesItsFirstInvalidProof() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load("obs-n100-b64-p2");
    VerifyingKey vk = VerifyingKey.parse(f.vk());
    List<BigInteger> shifted = new ArrayList<>(f.inputs());
    shifted.set(0, shifted.get(0).add(BigInteger.ONE).mod(Bls12381.SCALAR_FIELD_ORDER));
    Statement bad = new Statement(Proof.parse(f.proof()), shifted);
    for (int size : new int[] {1, 2, 5}) {
      for (int at = 0; at < size; at++) {
        List<Statement> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          batch.add(i == at ? bad : statement(f));
        }
        Groth16BatchVerifier.Result r = Groth16BatchVerifier.check(vk, batch);
        assertFalse(r.valid());
        assertEquals(at, r.firstInvalid(), size + "/" + at + ": " + r.reason());
        assertTrue(r.reason().contains("proof " + at), r.reason());
      }
    }
    // two bad ones: the first is named
    Groth16BatchVerifier.Result two = Groth16BatchVerifier.check(vk, List.of(statement(f), bad, statement(f), bad));
    assertEquals(1, two.firstInvalid(), two.reason());
    assertEquals(-1, Groth16BatchVerifier.check(vk, List.of(statement(f), statement(f))).firstInvalid());
  }

  /** Two invalid proofs whose errors cancel under equal weights must still fail: weights differ per proof. */
  @Test
  void weightsDifferPerProofAndDependOnEveryProof() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load("obs-n100-b64-p2");
    VerifyingKey vk = VerifyingKey.parse(f.vk());
    List<Statement> two = List.of(statement(f), statement(f));
    BigInteger[][] w = Groth16BatchVerifier.weights(vk, two);
    assertFalse(w[0][0].equals(w[1][0]));
    assertTrue(w[0][0].bitLength() <= 128 && w[0][0].signum() > 0);
    List<BigInteger> changed = new ArrayList<>(f.inputs());
    changed.set(0, changed.get(0).add(BigInteger.ONE));
    BigInteger[][] w2 = Groth16BatchVerifier.weights(vk, List.of(statement(f), new Statement(Proof.parse(f.proof()), changed)));
    assertFalse(w[0][0].equals(w2[0][0]));
  }

  /** The crash: a committed-public index past the public inputs is refused at parse time. */
  @Test
  void aCommittedIndexPastThePublicInputsIsRefused() throws Exception {
    byte[] vkBytes = GnarkProofFixtures.load("obs-n100-b64-p2").vk();
    VerifyingKey vk = VerifyingKey.parse(vkBytes);
    int n = vk.publicInputCount() + vk.commitmentCount() + 1;
    int offset = 48 + 48 + 96 + 96 + 48 + 96 + 4 + n * 48 + 4; // G1 48 bytes, G2 96 bytes (compressed)
    assertEquals(0, ByteBuffer.wrap(vkBytes, offset, 4).getInt(), "layout: the fixture commits no public input");
    // the commitment now claims public input nPublic+1, inside K's range but past the inputs
    ByteBuffer forgedBuf = ByteBuffer.allocate(vkBytes.length + 8);
    forgedBuf.put(vkBytes, 0, offset).putInt(1).putLong(vk.publicInputCount() + 1)
        .put(vkBytes, offset + 4, vkBytes.length - offset - 4);
    byte[] forged = forgedBuf.array();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VerifyingKey.parse(forged));
    assertTrue(e.getMessage().contains("past the"), e.getMessage());
  }
}
