package io.lethe.chameleon.committee;

import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Trusted dealer with Feldman-verifiable Shamir shares: samples {@code f(z) = a_0 + a_1 z + … +
 * a_{t−1} z^{t−1}} with the trapdoor {@code x = a_0}, gives member {@code i} the share {@code
 * f(i)}, and publishes {@code A_j = a_j·G} so each member can check its share without trusting
 * the dealer's arithmetic. The dealer forgets the polynomial when {@link #deal} returns.
 */
public final class Dealer {
  /** The public key and one share per member (each to be handed to its member only). */
  public record Dealt(CommitteePublicKey publicKey, List<KeyShare> shares) {
    public Dealt {
      shares = List.copyOf(shares);
    }
  }

  private Dealer() {}

  public static Dealt deal(int threshold, int members, SecureRandom rnd) {
    CommitteePublicKey.checkShape(threshold, members);
    List<BigInteger> coefficients = new ArrayList<>(threshold);
    for (int j = 0; j < threshold; j++) {
      coefficients.add(P256.randomScalar(rnd));
    }
    return dealWith(coefficients, members);
  }

  /** Shares of a given polynomial (coefficients {@code a_0..a_{t−1}}): for known-answer tests. */
  static Dealt dealWith(List<BigInteger> coefficients, int members) {
    int threshold = coefficients.size();
    CommitteePublicKey.checkShape(threshold, members);
    List<ECPoint> commitments = new ArrayList<>(threshold);
    for (BigInteger a : coefficients) {
      commitments.add(P256.mulG(a));
    }
    ChameleonPublicKey groupKey = ChameleonPublicKey.of(commitments.get(0));
    Map<Integer, ECPoint> memberKeys = new LinkedHashMap<>();
    List<KeyShare> shares = new ArrayList<>(members);
    for (int i = 1; i <= members; i++) {
      BigInteger xi = evaluate(coefficients, i);
      if (xi.signum() == 0) {
        throw new IllegalStateException("share " + i + " is zero; deal again"); // probability ~n·2^-256
      }
      KeyShare share = new KeyShare(i, xi, groupKey, threshold, members);
      shares.add(share);
      memberKeys.put(i, share.memberKey());
    }
    CommitteePublicKey publicKey =
        new CommitteePublicKey(groupKey, threshold, members, memberKeys, commitments);
    return new Dealt(publicKey, shares);
  }

  static BigInteger evaluate(List<BigInteger> coefficients, int at) {
    BigInteger z = BigInteger.valueOf(at);
    BigInteger acc = BigInteger.ZERO;
    for (int j = coefficients.size() - 1; j >= 0; j--) {
      acc = acc.multiply(z).add(coefficients.get(j)).mod(P256.N);
    }
    return acc;
  }
}
