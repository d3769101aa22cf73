package io.lethe.zk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

/**
 * A Groth16 verifying key in gnark's {@code VerifyingKey.WriteTo} encoding:
 * [α]1 [β]1 [β]2 [γ]2 [δ]1 [δ]2, K (uint32 n, n·G1), PublicAndCommitmentCommitted
 * (uint32 n, each uint32 m, m·uint64), uint32 #commitment keys, each (G ∈ G2, GSigmaNeg ∈ G2).
 */
public final class VerifyingKey {
  final P1_Affine alpha;
  final P2_Affine beta;
  final P2_Affine gamma;
  final P2_Affine delta;
  final P1_Affine[] k;
  final int[][] publicAndCommitmentCommitted;
  final P2_Affine[] commitmentG;
  final P2_Affine[] commitmentGSigmaNeg;
  private final byte[] encoded;

  private VerifyingKey(byte[] encoded) {
    GnarkDecoder d = new GnarkDecoder(encoded);
    alpha = d.g1();
    d.g1(); // [β]1, unused by the verifier
    beta = d.g2();
    gamma = d.g2();
    d.g1(); // [δ]1
    delta = d.g2();
    int n = d.u32();
    if (n < 1) {
      throw new IllegalArgumentException("verifying key has no K");
    }
    k = new P1_Affine[n];
    for (int i = 0; i < n; i++) {
      k[i] = d.g1();
    }
    int nc = d.u32();
    publicAndCommitmentCommitted = new int[nc][];
    for (int i = 0; i < nc; i++) {
      int m = d.u32();
      publicAndCommitmentCommitted[i] = new int[m];
      for (int j = 0; j < m; j++) {
        long v = d.u64();
        if (v < 1 || v >= n) {
          throw new IllegalArgumentException("bad committed public index " + v);
        }
        publicAndCommitmentCommitted[i][j] = (int) v;
      }
    }
    int keys = d.u32();
    if (keys != nc) {
      throw new IllegalArgumentException("commitment key count " + keys + " != " + nc);
    }
    commitmentG = new P2_Affine[keys];
    commitmentGSigmaNeg = new P2_Affine[keys];
    for (int i = 0; i < keys; i++) {
      commitmentG[i] = d.g2();
      commitmentGSigmaNeg[i] = d.g2();
    }
    d.requireEnd();
    if (nc > 1) {
      throw new IllegalArgumentException("more than one BSB22 commitment is not supported");
    }
    if (n - nc < 1) {
      throw new IllegalArgumentException("inconsistent K length");
    }
    int nPublic = n - nc - 1;
    for (int[] committed : publicAndCommitmentCommitted) {
      for (int v : committed) {
        if (v > nPublic) {
          throw new IllegalArgumentException("committed public index " + v + " is past the " + nPublic + " public inputs");
        }
      }
    }
    this.encoded = encoded.clone();
  }

  /** Parses and validates (subgroup checks on every point); IllegalArgumentException if malformed. */
  public static VerifyingKey parse(byte[] encoded) {
    return new VerifyingKey(encoded);
  }

  /** Number of public inputs the statement takes (gnark's ONE wire and commitments excluded). */
  public int publicInputCount() {
    return k.length - publicAndCommitmentCommitted.length - 1;
  }

  public int commitmentCount() {
    return publicAndCommitmentCommitted.length;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  /** SHA-256 of the encoding: the value the ledger registers. */
  public byte[] sha256() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encoded);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  List<Integer> committedPublic(int i) {
    List<Integer> out = new ArrayList<>();
    for (int v : publicAndCommitmentCommitted[i]) {
      out.add(v);
    }
    return out;
  }
}
