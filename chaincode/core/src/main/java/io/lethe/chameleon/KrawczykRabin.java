package io.lethe.chameleon;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The classic discrete-log chameleon hash of Krawczyk and Rabin on P-256, {@code CH(m, r) =
 * h(m)·G + r·Y} with {@code Y = x·G} and {@code h(m) = SHA-256(ctx ‖ SHA-256(m)) mod n}.
 *
 * <p><b>Baseline only</b> (benchmarks, and the demonstration of why Lethe does not use it): a
 * single published collision {@code (m, r), (m', r')} gives away the trapdoor, {@code x = (h(m) −
 * h(m')) / (r' − r)} — see {@link #extractTrapdoor}.
 */
public final class KrawczykRabin {
  /** A digest and its randomness r. */
  public record Opening(ECPoint c, BigInteger r) {}

  private KrawczykRabin() {}

  public static BigInteger messageScalar(byte[] ctx, byte[] msg) {
    byte[] inner = Challenge.sha256(msg);
    byte[] joined = new byte[ctx.length + inner.length];
    System.arraycopy(ctx, 0, joined, 0, ctx.length);
    System.arraycopy(inner, 0, joined, ctx.length, inner.length);
    return new BigInteger(1, Challenge.sha256(joined)).mod(P256.N);
  }

  public static ECPoint digest(ChameleonPublicKey pk, byte[] ctx, byte[] msg, BigInteger r) {
    return P256.mulGPlus(messageScalar(ctx, msg), pk.point(), r);
  }

  public static Opening hash(ChameleonPublicKey pk, byte[] ctx, byte[] msg, SecureRandom rnd) {
    BigInteger r = P256.randomScalar(rnd);
    return new Opening(digest(pk, ctx, msg, r), r);
  }

  public static boolean verify(ChameleonPublicKey pk, byte[] ctx, byte[] msg, ECPoint c, BigInteger r) {
    if (r.signum() < 0 || r.compareTo(P256.N) >= 0) {
      return false;
    }
    return digest(pk, ctx, msg, r).equals(c);
  }

  /** {@code r' = r + (h(m) − h(m'))·x⁻¹}: a collision for {@code m'} on the same digest. */
  public static BigInteger adapt(Trapdoor x, byte[] ctx, byte[] msg, BigInteger r, byte[] newMsg) {
    BigInteger diff = messageScalar(ctx, msg).subtract(messageScalar(ctx, newMsg));
    return r.add(diff.multiply(x.x().modInverse(P256.N))).mod(P256.N);
  }

  /** The key-exposure attack: anyone holding two openings of one digest solves for {@code x}. */
  public static BigInteger extractTrapdoor(BigInteger hm, BigInteger r, BigInteger hmPrime, BigInteger rPrime) {
    BigInteger den = rPrime.subtract(r).mod(P256.N);
    if (den.signum() == 0) {
      throw new ArithmeticException("the two openings share r");
    }
    return hm.subtract(hmPrime).multiply(den.modInverse(P256.N)).mod(P256.N);
  }
}
