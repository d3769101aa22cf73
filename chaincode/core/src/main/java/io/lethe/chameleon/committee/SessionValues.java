package io.lethe.chameleon.committee;

import io.lethe.chameleon.Challenge;
import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Everything a signer and the aggregator derive from a {@link SigningPackage}: the encoded
 * commitment list B, binding factors ρ_i, group commitment {@code K = Σ(D_i + ρ_i·E_i)}, the new
 * randomness point {@code R' = C + K}, the challenge {@code e' = H(ctx, Y, R', m')} and the
 * Lagrange coefficients λ_i over the signer set. Deterministic in its inputs, so every party
 * computes the same values.
 */
public record SessionValues(
    byte[] commitmentList,
    Map<Integer, BigInteger> bindingFactors,
    ECPoint groupCommitment,
    ECPoint rPrime,
    BigInteger challenge,
    Map<Integer, BigInteger> lagrange) {

  public static SessionValues derive(CommitteePublicKey pk, SigningPackage pkg) {
    List<Integer> signers = pkg.signers();
    if (signers.size() < pk.threshold()) {
      throw new IllegalArgumentException(
          "need at least " + pk.threshold() + " signers for this " + pk.threshold() + "-of-" + pk.members()
              + " committee, got " + signers.size());
    }
    for (int i : signers) {
      if (i > pk.members()) {
        throw new IllegalArgumentException("member " + i + " is not in this committee of " + pk.members());
      }
    }
    AdaptTarget target = pkg.target();
    ECPoint y = pk.groupKey().point();
    ECPoint c = target.cPoint();
    byte[] b = pkg.encodedCommitmentList();
    Map<Integer, BigInteger> rho = new TreeMap<>();
    Map<Integer, BigInteger> lambda = new TreeMap<>();
    int count = pkg.commitments().size();
    ECPoint[] bindingPoints = new ECPoint[count];
    BigInteger[] bindingScalars = new BigInteger[count];
    ECPoint sumD = P256.CURVE.getInfinity();
    int idx = 0;
    for (NonceCommitment nc : pkg.commitments()) {
      BigInteger rhoI = BindingFactors.compute(y, target.ctx(), c, target.newMessage(), b, nc.member());
      rho.put(nc.member(), rhoI);
      lambda.put(nc.member(), Lagrange.coefficient(nc.member(), signers));
      sumD = sumD.add(nc.d());
      bindingPoints[idx] = nc.e();
      bindingScalars[idx++] = rhoI;
    }
    // K = Σ(D_i + ρ_i·E_i), the ρ_i·E_i as one interleaved multi-scalar multiplication
    ECPoint k = sumD.add(ECAlgorithms.sumOfMultiplies(bindingPoints, bindingScalars)).normalize();
    ECPoint rPrime = c.add(k).normalize();
    if (rPrime.isInfinity()) {
      throw new IllegalStateException("R' = C + K is the identity; run round 1 again with fresh nonces");
    }
    BigInteger e = Challenge.challenge(target.ctx(), y, rPrime, target.newMessage());
    return new SessionValues(
        b.clone(), Collections.unmodifiableMap(rho), k, rPrime, e, Collections.unmodifiableMap(lambda));
  }

  @Override
  public byte[] commitmentList() {
    return commitmentList.clone();
  }

  /** The check {@code z_i·G = D_i + ρ_i·E_i − λ_i·e'·Y_i}. */
  public boolean shareIsValid(CommitteePublicKey pk, NonceCommitment commitment, SignatureShare share) {
    int i = share.member();
    if (commitment.member() != i) {
      return false;
    }
    BigInteger rho = bindingFactors.get(i);
    BigInteger lambda = lagrange.get(i);
    if (rho == null || lambda == null) {
      return false;
    }
    ECPoint lhs = P256.mulG(share.z());
    BigInteger minusLambdaE = lambda.multiply(challenge).negate().mod(P256.N);
    ECPoint rhs =
        commitment.d()
            .add(ECAlgorithms.sumOfTwoMultiplies(commitment.e(), rho, pk.memberKey(i), minusLambdaE))
            .normalize();
    return lhs.equals(rhs);
  }
}
