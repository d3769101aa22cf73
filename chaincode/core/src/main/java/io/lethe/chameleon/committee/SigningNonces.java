package io.lethe.chameleon.committee;

import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A member's secret nonce pair {@code (d_i, e_i)} for one session. Drawn from a SecureRandom
 * (never derived from the message or key) and usable once: {@link #consume()} hands the
 * scalars out a single time and wipes them.
 */
final class SigningNonces {
  private BigInteger d;
  private BigInteger e;
  private final NonceCommitment commitment;

  SigningNonces(int member, BigInteger d, BigInteger e) {
    this.d = d;
    this.e = e;
    this.commitment = new NonceCommitment(member, P256.mulG(d), P256.mulG(e));
  }

  static SigningNonces generate(int member, SecureRandom rnd) {
    return new SigningNonces(member, P256.randomScalar(rnd), P256.randomScalar(rnd));
  }

  NonceCommitment commitment() {
    return commitment;
  }

  synchronized BigInteger[] consume() {
    if (d == null) {
      throw new IllegalStateException("nonces of member " + commitment.member() + " were already used");
    }
    BigInteger[] out = {d, e};
    d = null;
    e = null;
    return out;
  }
}
