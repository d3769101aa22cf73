package io.lethe.zk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;
import supranational.blst.PT;

/**
 * Groth16 verification over BLS12-381 on blst, compatible with gnark's prover including its
 * BSB22 commitment (used by gnark's commit-based range checks):
 *
 * <ol>
 *   <li>commitment proof of knowledge: e(D, −σG) · e(PoK, G) = 1;
 *   <li>the commitment's public value c = hash_to_field(D_uncompressed ‖ committed public
 *       inputs; DST "bsb22-commitment") joins the public inputs;
 *   <li>e(A, B) · e(C, −δ) · e(K₀ + Σ xᵢKᵢ + D, −γ) · e(−α, β) = 1.
 * </ol>
 */
public final class Groth16Verifier {
  static final byte[] COMMITMENT_DST = "bsb22-commitment".getBytes(StandardCharsets.US_ASCII);

  private Groth16Verifier() {}

  /** Outcome with a reason that names the failed check. */
  public record Result(boolean valid, String reason) {}

  /** True iff the proof verifies; any malformed input is a rejection. */
  public static boolean verify(VerifyingKey vk, Proof proof, List<BigInteger> publicInputs) {
    return check(vk, proof, publicInputs).valid();
  }

  /** Parses the encodings and verifies; never throws on malformed input. */
  public static Result check(byte[] vkBytes, byte[] proofBytes, List<BigInteger> publicInputs) {
    VerifyingKey vk;
    Proof proof;
    try {
      vk = VerifyingKey.parse(vkBytes);
    } catch (IllegalArgumentException e) {
      return new Result(false, "malformed verifying key: " + e.getMessage());
    }
    try {
      proof = Proof.parse(proofBytes);
    } catch (IllegalArgumentException e) {
      return new Result(false, "malformed proof: " + e.getMessage());
    }
    return check(vk, proof, publicInputs);
  }

  public static Result check(VerifyingKey vk, Proof proof, List<BigInteger> publicInputs) {
    Prepared p;
    try {
      p = prepare(vk, proof, publicInputs);
    } catch (Rejected e) {
      return new Result(false, e.getMessage());
    }
    for (int c = 0; c < proof.commitments.length; c++) {
      PT pok = new PT(proof.commitments[c], vk.commitmentGSigmaNeg[c]).mul(new PT(proof.commitmentPok, vk.commitmentG[c]));
      if (!pok.final_exp().is_one()) {
        return new Result(false, "commitment proof of knowledge rejected");
      }
    }
    PT acc = new PT(proof.ar, proof.bs)
        .mul(new PT(proof.krs, negate(vk.delta)))
        .mul(new PT(p.kSum(vk).to_affine(), negate(vk.gamma)))
        .mul(new PT(new P1(vk.alpha).neg().to_affine(), vk.beta));
    if (!acc.final_exp().is_one()) {
      return new Result(false, "pairing check failed");
    }
    return new Result(true, "ok");
  }

  /**
   * A proof whose shape and inputs fit the key: the scalars of its input commitment, aligned
   * with the key's {@code K} (1, the public inputs, the commitments' hashes), and the commitment
   * points D, so that {@code kSum = Σ scalarsⱼ·Kⱼ + Σ D}.
   */
  record Prepared(BigInteger[] scalars, P1_Affine[] commitments) {
    P1 kSum(VerifyingKey vk) {
      P1 sum = new P1(vk.k[0]);
      for (int j = 1; j < scalars.length; j++) {
        sum = sum.add(new P1(vk.k[j]).mult(scalars[j]));
      }
      for (P1_Affine d : commitments) {
        sum = sum.add(d);
      }
      return sum;
    }
  }

  static final class Rejected extends Exception {
    Rejected(String reason) {
      super(reason);
    }
  }

  static Prepared prepare(VerifyingKey vk, Proof proof, List<BigInteger> publicInputs) throws Rejected {
    int nPublic = vk.publicInputCount();
    if (publicInputs.size() != nPublic) {
      throw new Rejected("expected " + nPublic + " public inputs, got " + publicInputs.size());
    }
    for (BigInteger x : publicInputs) {
      if (x == null || x.signum() < 0 || x.compareTo(Bls12381.SCALAR_FIELD_ORDER) >= 0) {
        throw new Rejected("public input not a canonical scalar");
      }
    }
    if (proof.commitments.length != vk.commitmentCount()) {
      throw new Rejected("proof has " + proof.commitments.length + " commitments, key expects " + vk.commitmentCount());
    }
    BigInteger[] scalars = new BigInteger[nPublic + 1 + proof.commitments.length];
    scalars[0] = BigInteger.ONE;
    for (int i = 0; i < nPublic; i++) {
      scalars[i + 1] = publicInputs.get(i);
    }
    for (int c = 0; c < proof.commitments.length; c++) {
      P1_Affine d = proof.commitments[c];
      byte[] uncompressed = d.serialize();
      List<Integer> committed = vk.committedPublic(c);
      byte[] pre = new byte[uncompressed.length + 32 * committed.size()];
      System.arraycopy(uncompressed, 0, pre, 0, uncompressed.length);
      for (int j = 0; j < committed.size(); j++) {
        byte[] x = FieldBytes.toBytes32(publicInputs.get(committed.get(j) - 1));
        System.arraycopy(x, 0, pre, uncompressed.length + 32 * j, 32);
      }
      scalars[nPublic + 1 + c] = HashToField.hash(pre, COMMITMENT_DST);
    }
    return new Prepared(scalars, proof.commitments);
  }

  static P2_Affine negate(P2_Affine q) {
    return q.to_jacobian().neg().to_affine();
  }
}
