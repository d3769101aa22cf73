package io.lethe.chameleon;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * The full trapdoor {@code x}. In Lethe it never exists in one place: the committee holds Shamir
 * shares of it. The full-key form serves single-holder deployments, tests and benchmarks.
 */
public final class Trapdoor {
  private final BigInteger x;
  private final ChameleonPublicKey publicKey;

  private Trapdoor(BigInteger x) {
    if (x.signum() <= 0 || x.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("trapdoor must be in [1, n)");
    }
    this.x = x;
    this.publicKey = ChameleonPublicKey.of(P256.mulG(x));
  }

  public static Trapdoor generate(SecureRandom rnd) {
    return new Trapdoor(P256.randomScalar(rnd));
  }

  public static Trapdoor of(BigInteger x) {
    return new Trapdoor(x);
  }

  public static Trapdoor fromBytes(byte[] encoded) {
    return new Trapdoor(P256.decodeScalar(encoded, "trapdoor x"));
  }

  public BigInteger x() {
    return x;
  }

  public byte[] toBytes() {
    return P256.encodeScalar(x);
  }

  public ChameleonPublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "Trapdoor(Y=" + publicKey.toHex() + ")";
  }
}
