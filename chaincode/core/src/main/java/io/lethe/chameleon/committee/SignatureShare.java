package io.lethe.chameleon.committee;

import io.lethe.chameleon.P256;
import java.math.BigInteger;

/** Round 2 output of one member: {@code z_i = d_i + ρ_i·e_i − λ_i·x_i·e'} (32-byte scalar). */
public record SignatureShare(int member, BigInteger z) {
  public SignatureShare {
    if (member < 1) {
      throw new IllegalArgumentException("member identifiers start at 1");
    }
    if (z == null || z.signum() < 0 || z.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("share of member " + member + " is not a scalar in [0, n)");
    }
  }

  public static SignatureShare fromBytes(int member, byte[] z) {
    return new SignatureShare(member, P256.decodeScalar(z, "z_" + member));
  }

  public byte[] zBytes() {
    return P256.encodeScalar(z);
  }
}
