package io.lethe.chameleon;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/** Test-only bridge to the package-private fixed-randomness entry points (vector generation). */
public final class TestAccess {
  private TestAccess() {}

  public static ChameleonHash.Hashed hashWith(
      ChameleonPublicKey pk, byte[] ctx, byte[] msg, BigInteger r, BigInteger s) {
    return ChameleonHash.hashWith(pk, ctx, msg, r, s);
  }

  public static Randomness adaptWith(
      Trapdoor x, ChameleonPublicKey pk, byte[] ctx, ECPoint c, byte[] newMsg, BigInteger k) {
    return ChameleonHash.adaptWith(x, pk, ctx, c, newMsg, k);
  }
}
