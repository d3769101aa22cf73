package io.lethe.zk;

import java.math.BigInteger;
import java.util.List;

/**
 * The proofs of one model rewrite (DESIGN §5): the chunk subroots of the old and the new
 * version, and one Groth16 proof for every chunk whose subroot changed, all under the
 * universal chunk circuit of one statement kind. An unchanged chunk needs no proof: its two
 * subroots are equal and given in the clear.
 *
 * @param kind the statement kind (the key id {@code chunk-<kind>})
 * @param weights the model's weight count (bound by both digests)
 * @param oldSubroots the replaced version's chunk subroots, {@code ZkDigest.chunkCount(weights)} of them
 * @param newSubroots the new version's chunk subroots
 * @param proofs one per changed chunk, in increasing chunk order
 */
public record ChunkBundle(ChunkKind kind, long weights, List<BigInteger> oldSubroots, List<BigInteger> newSubroots,
    List<ChunkProof> proofs) {

  public ChunkBundle {
    oldSubroots = List.copyOf(oldSubroots);
    newSubroots = List.copyOf(newSubroots);
    proofs = List.copyOf(proofs);
  }

  /** A chunk's proof in gnark's encoding. */
  public record ChunkProof(int index, byte[] proof) {}
}
