package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundle's shape as a forger meets it: subroots that do not rebuild the ledger's digests,
 * a proof missing, an extra proof for an unchanged chunk, repeats, out-of-range indices and
 * malformed proofs are refused with a reason before any pairing; a bundle whose proof is for
 * other public inputs fails the batched pairing check.
 */
class ChunkBundleVerifierTest {
  static final int N = 3 * 1024 + 100; // four chunks, the last one partial
  static VerifyingKey vk;
  static byte[] proof;
  static long[] oldRaw;
  static long[] newRaw;

  @BeforeAll
  static void load() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load("obs-n100-b64-p2");
    vk = VerifyingKey.parse(f.vk());
    proof = f.proof();
    Random rnd = new Random(7);
    oldRaw = new long[N];
    for (int i = 0; i < N; i++) {
      oldRaw[i] = rnd.nextInt(1 << 20) - (1 << 19);
    }
    newRaw = oldRaw.clone();
    newRaw[5] += 1;          // chunk 0
    newRaw[2 * 1024 + 7] -= 3; // chunk 2
  }

  private static ChunkBundle bundle(List<ChunkBundle.ChunkProof> proofs) {
    return new ChunkBundle(ChunkKind.DELTA, N, ZkDigest.chunkSubroots(oldRaw), ZkDigest.chunkSubroots(newRaw), proofs);
  }

  private static ChunkBundleVerifier.Expected expected() {
    return new ChunkBundleVerifier.Expected(ZkDigest.digest(oldRaw), ZkDigest.digest(newRaw), BigInteger.TEN,
        i -> List.of(BigInteger.ONE));
  }

  private static ChunkBundle.ChunkProof at(int index) {
    return new ChunkBundle.ChunkProof(index, proof);
  }

  private static void refused(ChunkBundle b, ChunkBundleVerifier.Expected e, String reasonPart) {
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, b, e);
    assertFalse(v.valid(), v.toString());
    assertTrue(v.reason().contains(reasonPart), v.reason());
  }

  @Test
  void countsTheRealWeightsOfEachChunk() {
    assertEquals(1024, ChunkBundleVerifier.count(N, 0));
    assertEquals(100, ChunkBundleVerifier.count(N, 3));
    assertEquals(0, ChunkBundleVerifier.count(N, 4));
    assertEquals(4, ZkDigest.chunkCount(N));
  }

  @Test
  void zeroChunkSubrootsAreThoseOfAnAllZeroModel() {
    for (int n : new int[] {1, 64, 65, 500, 1024, 1025, 3 * 1024 + 100, 5000}) {
      List<BigInteger> zeros = ZkDigest.chunkSubroots(new long[n]);
      for (int i = 0; i < zeros.size(); i++) {
        assertEquals(zeros.get(i), ZkDigest.zeroChunkSubroot(n, i), "n=" + n + " chunk " + i);
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ZkDigest.zeroChunkSubroot(N, 4));
  }

  @Test
  void subrootsMustRebuildTheLedgersDigests() {
    ChunkBundle b = bundle(List.of(at(0), at(2)));
    var e = expected();
    refused(b, new ChunkBundleVerifier.Expected(ZkDigest.digest(newRaw), e.newDigest(), e.bind(), e.statementInputs()),
        "old subroots");
    refused(b, new ChunkBundleVerifier.Expected(e.oldDigest(), ZkDigest.digest(oldRaw), e.bind(), e.statementInputs()),
        "new subroots");
    List<BigInteger> swapped = new ArrayList<>(b.newSubroots());
    swapped.set(1, b.newSubroots().get(3));
    refused(new ChunkBundle(ChunkKind.DELTA, N, b.oldSubroots(), swapped, b.proofs()), e, "new subroots");
    refused(new ChunkBundle(ChunkKind.DELTA, N + 1, b.oldSubroots(), b.newSubroots(), b.proofs()), e, "old subroots");
    refused(new ChunkBundle(ChunkKind.DELTA, N, b.oldSubroots().subList(0, 3), b.newSubroots(), b.proofs()), e,
        "subroots");
    List<BigInteger> offField = new ArrayList<>(b.oldSubroots());
    offField.set(0, Bls12381.SCALAR_FIELD_ORDER);
    refused(new ChunkBundle(ChunkKind.DELTA, N, offField, b.newSubroots(), b.proofs()), e, "not a BLS12-381 scalar");
    refused(new ChunkBundle(ChunkKind.DELTA, 0, List.of(), List.of(), b.proofs()), e, "weight count");
  }

  @Test
  void exactlyTheChangedChunksCarryAProof() {
    var e = expected();
    refused(bundle(List.of(at(0))), e, "chunk(s) [2] need a proof and carry none");
    refused(bundle(List.of()), e, "chunk(s) [0, 2] need a proof and carry none");
    refused(bundle(List.of(at(0), at(1), at(2))), e, "chunk 1 is unchanged");
    refused(bundle(List.of(at(2), at(0))), e, "increasing chunk order");
    var touchesChunk3 = new ChunkBundleVerifier.Expected(e.oldDigest(), e.newDigest(), e.bind(), e.statementInputs(),
        i -> i == 3);
    refused(bundle(List.of(at(0), at(2))), touchesChunk3, "chunk(s) [3] need a proof and carry none");
    refused(bundle(List.of(at(0), at(0), at(2))), e, "increasing chunk order");
    refused(bundle(List.of(at(0), at(4))), e, "outside the model's 4 chunks");
    refused(bundle(List.of(at(-1), at(0))), e, "outside");
    refused(bundle(List.of(at(0), new ChunkBundle.ChunkProof(2, new byte[] {1, 2, 3}))), e, "chunk 2 is malformed");
    refused(bundle(List.of(at(0), new ChunkBundle.ChunkProof(2, null))), e, "empty");
    refused(new ChunkBundle(ChunkKind.DELTA, N, ZkDigest.chunkSubroots(oldRaw), ZkDigest.chunkSubroots(oldRaw),
        List.of()), new ChunkBundleVerifier.Expected(ZkDigest.digest(oldRaw), ZkDigest.digest(oldRaw), BigInteger.TEN,
        i -> List.of()), "changes no chunk");
    refused(null, e, "no proof bundle");
  }

  @Test
  void aProofForOtherPublicInputsFailsThePairingCheck() {
    // a real gnark proof, but of another statement: the input count or the pairing must refuse it
    refused(bundle(List.of(at(0), at(2))), expected(), "proof 0");
  }
}
