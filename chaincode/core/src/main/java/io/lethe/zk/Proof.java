package io.lethe.zk;

import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/**
 * A Groth16 proof in gnark's {@code Proof.WriteTo} encoding: Ar ∈ G1, Bs ∈ G2, Krs ∈ G1,
 * commitments (uint32 n, n·G1), commitment proof of knowledge ∈ G1.
 */
public final class Proof {
  final P1_Affine ar;
  final P2_Affine bs;
  final P1_Affine krs;
  final P1_Affine[] commitments;
  final P1_Affine commitmentPok;
  private final byte[] encoded;

  private Proof(byte[] encoded) {
    this.encoded = encoded.clone();
    GnarkDecoder d = new GnarkDecoder(encoded);
    ar = d.g1();
    bs = d.g2();
    krs = d.g1();
    int n = d.u32();
    if (n > 1) {
      throw new IllegalArgumentException("more than one commitment");
    }
    commitments = new P1_Affine[n];
    for (int i = 0; i < n; i++) {
      commitments[i] = d.g1();
    }
    commitmentPok = d.g1();
    d.requireEnd();
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  /** Parses and validates (subgroup checks); IllegalArgumentException if malformed. */
  public static Proof parse(byte[] encoded) {
    return new Proof(encoded);
  }
}
