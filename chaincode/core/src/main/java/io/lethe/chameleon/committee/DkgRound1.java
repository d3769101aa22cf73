package io.lethe.chameleon.committee;

import io.lethe.chameleon.Challenge;
import io.lethe.chameleon.P256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/**
 * DKG round 1 broadcast of member {@code i}: Feldman commitments {@code φ_{i,j} = a_{i,j}·G} to its
 * polynomial, and a Schnorr proof of knowledge of {@code a_{i,0}} — {@code (R_i, μ_i)} with
 * {@code c_i = H_pok(I2OSP(i,32) ‖ SEC1c(φ_{i,0}) ‖ SEC1c(R_i))}, {@code μ_i = k + a_{i,0}·c_i} — which
 * stops a member from choosing its contribution as a function of the others' (rogue key).
 */
public record DkgRound1(int member, List<ECPoint> commitments, ECPoint pokR, BigInteger pokMu) {
  public static final String POK_DST = "LETHE-CH-P256-SHA256-v1-DKG-POK";

  public DkgRound1 {
    if (member < 1 || commitments == null || commitments.isEmpty() || pokR == null || pokMu == null) {
      throw new IllegalArgumentException("incomplete DKG round-1 package");
    }
    commitments = List.copyOf(commitments.stream().map(ECPoint::normalize).toList());
    pokR = pokR.normalize();
  }

  static BigInteger pokChallenge(int member, ECPoint phi0, ECPoint r) {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(P256.encodeIdentifier(member));
    in.writeBytes(P256.encodePoint(phi0));
    in.writeBytes(P256.encodePoint(r));
    return Challenge.hashToScalar(in.toByteArray(), POK_DST);
  }

  /** {@code μ·G − c·φ_0 = R}. */
  public boolean proofIsValid() {
    if (pokMu.signum() < 0 || pokMu.compareTo(P256.N) >= 0) {
      return false;
    }
    ECPoint phi0 = commitments.get(0);
    if (phi0.isInfinity() || pokR.isInfinity()) {
      return false;
    }
    BigInteger c = pokChallenge(member, phi0, pokR);
    return P256.mulG(pokMu).add(P256.mul(phi0, c).negate()).normalize().equals(pokR);
  }
}
