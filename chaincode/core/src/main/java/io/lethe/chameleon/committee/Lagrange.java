package io.lethe.chameleon.committee;

import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.util.Collection;

/** Lagrange coefficients at zero over the signer set: {@code λ_i = Π_{j≠i} j / (j − i) mod n}. */
public final class Lagrange {
  private Lagrange() {}

  public static BigInteger coefficient(int member, Collection<Integer> signers) {
    if (!signers.contains(member)) {
      throw new IllegalArgumentException("member " + member + " is not among the signers " + signers);
    }
    BigInteger num = BigInteger.ONE;
    BigInteger den = BigInteger.ONE;
    BigInteger i = BigInteger.valueOf(member);
    for (int other : signers) {
      if (other == member) {
        continue;
      }
      BigInteger j = BigInteger.valueOf(other);
      num = num.multiply(j).mod(P256.N);
      den = den.multiply(j.subtract(i)).mod(P256.N);
    }
    return num.multiply(den.modInverse(P256.N)).mod(P256.N);
  }
}
