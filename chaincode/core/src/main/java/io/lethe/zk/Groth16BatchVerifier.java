package io.lethe.zk;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import supranational.blst.P1;
import supranational.blst.PT;

/**
 * Many Groth16 proofs under one verifying key checked with one pairing equation (DESIGN §5):
 * with random 128-bit weights rᵢ (and sᵢ for the commitments' proofs of knowledge),
 *
 * <pre>
 *   Πᵢ e(rᵢ·Aᵢ, Bᵢ) · e(Σ rᵢ·Cᵢ, −δ) · e(Σ rᵢ·Kᵢ, −γ) · e(−(Σ rᵢ)·α, β)
 *     · e(Σ sᵢ·Dᵢ, −σG) · e(Σ sᵢ·PoKᵢ, G) = 1
 * </pre>
 *
 * K+5 Miller loops and one final exponentiation instead of K·(4+2) loops and 2K
 * exponentiations. A batch holding one invalid proof passes with probability about 2⁻¹²⁸.
 * The weights are derived by hashing the key, every proof and every input (Fiat–Shamir), so
 * every endorser computes the same verdict and no prover can choose proofs after the weights.
 *
 * <p>A failed batch is bisected (halves checked as batches with their own weights) to name the
 * first invalid proof: about twice the cost of the batch, paid only by a refused bundle.
 */
public final class Groth16BatchVerifier {
  static final byte[] DOMAIN = "lethe.groth16.batch.v1".getBytes(StandardCharsets.US_ASCII);

  private Groth16BatchVerifier() {}

  /** One proof and its public inputs. */
  public record Statement(Proof proof, List<BigInteger> publicInputs) {}

  /** Verdict for the whole batch; on failure {@code firstInvalid} names the first bad proof (-1 for an empty batch). */
  public record Result(boolean valid, String reason, int firstInvalid) {}

  public static Result check(VerifyingKey vk, List<Statement> statements) {
    if (statements.isEmpty()) {
      return new Result(false, "empty batch", -1);
    }
    Result r = pairingCheck(vk, statements);
    if (r.valid() || r.firstInvalid() >= 0) {
      return r;
    }
    int bad = firstInvalid(vk, statements, 0);
    return new Result(false, "batched pairing check failed: proof " + bad + " of the " + statements.size()
        + " is invalid", bad);
  }

  /** Index (offset by {@code base}) of the first invalid proof of a batch known to fail. */
  private static int firstInvalid(VerifyingKey vk, List<Statement> failing, int base) {
    if (failing.size() == 1) {
      return base;
    }
    int half = failing.size() / 2;
    List<Statement> left = failing.subList(0, half);
    if (!pairingCheck(vk, left).valid()) {
      return firstInvalid(vk, left, base);
    }
    return firstInvalid(vk, failing.subList(half, failing.size()), base + half);
  }

  private static Result pairingCheck(VerifyingKey vk, List<Statement> statements) {
    Groth16Verifier.Prepared[] prepared = new Groth16Verifier.Prepared[statements.size()];
    for (int i = 0; i < statements.size(); i++) {
      try {
        prepared[i] = Groth16Verifier.prepare(vk, statements.get(i).proof(), statements.get(i).publicInputs());
      } catch (Groth16Verifier.Rejected e) {
        return new Result(false, "proof " + i + ": " + e.getMessage(), i);
      }
    }
    BigInteger[][] weights = weights(vk, statements);
    PT acc = null;
    P1 cSum = null;
    P1 kSum = null;
    P1 dSum = null;
    P1 pokSum = null;
    BigInteger rSum = BigInteger.ZERO;
    // Σ rᵢ·kSumᵢ = Σⱼ (Σᵢ rᵢ·scalarᵢⱼ)·Kⱼ + Σᵢ rᵢ·Dᵢ: one multiplication per key element, not per proof and input
    BigInteger[] kScalars = new BigInteger[prepared[0].scalars().length];
    java.util.Arrays.fill(kScalars, BigInteger.ZERO);
    for (int i = 0; i < statements.size(); i++) {
      Proof p = statements.get(i).proof();
      BigInteger r = weights[i][0];
      BigInteger s = weights[i][1];
      PT term = new PT(new P1(p.ar).mult(r).to_affine(), p.bs);
      acc = acc == null ? term : acc.mul(term);
      cSum = add(cSum, new P1(p.krs).mult(r));
      BigInteger[] scalars = prepared[i].scalars();
      for (int j = 0; j < scalars.length; j++) {
        kScalars[j] = kScalars[j].add(r.multiply(scalars[j]));
      }
      rSum = rSum.add(r);
      if (p.commitments.length == 1) {
        kSum = add(kSum, new P1(p.commitments[0]).mult(r));
        dSum = add(dSum, new P1(p.commitments[0]).mult(s));
        pokSum = add(pokSum, new P1(p.commitmentPok).mult(s));
      }
    }
    for (int j = 0; j < kScalars.length; j++) {
      kSum = add(kSum, new P1(vk.k[j]).mult(kScalars[j].mod(Bls12381.SCALAR_FIELD_ORDER)));
    }
    acc = acc.mul(new PT(cSum.to_affine(), Groth16Verifier.negate(vk.delta)))
        .mul(new PT(kSum.to_affine(), Groth16Verifier.negate(vk.gamma)))
        .mul(new PT(new P1(vk.alpha).mult(rSum.mod(Bls12381.SCALAR_FIELD_ORDER)).neg().to_affine(), vk.beta));
    if (dSum != null) {
      acc = acc.mul(new PT(dSum.to_affine(), vk.commitmentGSigmaNeg[0]))
          .mul(new PT(pokSum.to_affine(), vk.commitmentG[0]));
    }
    if (!acc.final_exp().is_one()) {
      return new Result(false, "batched pairing check failed: at least one of the " + statements.size()
          + " proofs is invalid", -1);
    }
    return new Result(true, "ok", -1);
  }

  private static P1 add(P1 sum, P1 term) {
    return sum == null ? term : sum.add(term);
  }

  /** (rᵢ, sᵢ), 128-bit, nonzero, from SHA-256 over the key, every proof and every input. */
  static BigInteger[][] weights(VerifyingKey vk, List<Statement> statements) {
    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    transcript.writeBytes(DOMAIN);
    transcript.writeBytes(vk.sha256());
    for (Statement st : statements) {
      byte[] proof = st.proof().encoded();
      transcript.writeBytes(ByteBuffer.allocate(4).putInt(proof.length).array());
      transcript.writeBytes(proof);
      transcript.writeBytes(ByteBuffer.allocate(4).putInt(st.publicInputs().size()).array());
      for (BigInteger x : st.publicInputs()) {
        transcript.writeBytes(FieldBytes.toBytes32(x));
      }
    }
    byte[] seed = sha256(transcript.toByteArray());
    BigInteger[][] out = new BigInteger[statements.size()][2];
    for (int i = 0; i < statements.size(); i++) {
      for (int j = 0; j < 2; j++) {
        byte[] h = sha256(concat(seed, ByteBuffer.allocate(5).putInt(i).put((byte) j).array()));
        BigInteger w = new BigInteger(1, java.util.Arrays.copyOf(h, 16));
        out[i][j] = w.signum() == 0 ? BigInteger.ONE : w;
      }
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
