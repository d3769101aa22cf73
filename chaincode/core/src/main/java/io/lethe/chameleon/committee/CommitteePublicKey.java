package io.lethe.chameleon.committee;

import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;

/**
 * What everyone may know about a committee: the group key {@code Y}, the shape {@code t}-of-{@code
 * n}, each member's verification key {@code Y_i = x_i·G}, and the dealer's Feldman commitments
 * {@code A_j = a_j·G} to the sharing polynomial (so {@code Y = A_0} and {@code Y_i = Σ_j i^j·A_j}).
 */
public final class CommitteePublicKey {
  public static final int MAX_MEMBERS = 255;

  private final ChameleonPublicKey groupKey;
  private final int threshold;
  private final int members;
  private final SortedMap<Integer, ECPoint> memberKeys;
  private final List<ECPoint> commitments;

  /**
   * @param commitments Feldman commitments {@code A_0..A_{t-1}}, or empty when the key did not
   *     come from a dealer (member keys are then taken as given)
   */
  public CommitteePublicKey(
      ChameleonPublicKey groupKey,
      int threshold,
      int members,
      Map<Integer, ECPoint> memberKeys,
      List<ECPoint> commitments) {
    checkShape(threshold, members);
    this.groupKey = groupKey;
    this.threshold = threshold;
    this.members = members;
    this.memberKeys = Collections.unmodifiableSortedMap(new TreeMap<>(memberKeys));
    this.commitments = List.copyOf(commitments);
    for (int i = 1; i <= members; i++) {
      if (!this.memberKeys.containsKey(i)) {
        throw new IllegalArgumentException("member key of member " + i + " is missing");
      }
    }
    if (this.memberKeys.size() != members) {
      throw new IllegalArgumentException("member keys must be exactly those of members 1.." + members);
    }
    if (!this.commitments.isEmpty()) {
      if (this.commitments.size() != threshold) {
        throw new IllegalArgumentException(
            "expected " + threshold + " Feldman commitments, got " + this.commitments.size());
      }
      if (!this.commitments.get(0).equals(groupKey.point())) {
        throw new IllegalArgumentException("Feldman commitment A_0 differs from the group key Y");
      }
      for (int i = 1; i <= members; i++) {
        if (!feldmanValue(i).equals(this.memberKeys.get(i))) {
          throw new IllegalArgumentException(
              "member key of member " + i + " does not match the dealer's Feldman commitments");
        }
      }
    }
  }

  static void checkShape(int threshold, int members) {
    if (members < 1 || members > MAX_MEMBERS) {
      throw new IllegalArgumentException("members must be in 1.." + MAX_MEMBERS);
    }
    if (threshold < 1 || threshold > members) {
      throw new IllegalArgumentException("threshold must be in 1..members (" + members + ")");
    }
  }

  /** {@code Σ_j i^j·A_j}: the public image of {@code f(i)} under the dealer's commitments. */
  ECPoint feldmanValue(int i) {
    BigInteger bi = BigInteger.valueOf(i);
    BigInteger power = BigInteger.ONE;
    ECPoint acc = P256.CURVE.getInfinity();
    for (ECPoint a : commitments) {
      acc = acc.add(P256.mul(a, power));
      power = power.multiply(bi).mod(P256.N);
    }
    return acc.normalize();
  }

  /**
   * Checks a share against this committee: same group key and shape, and {@code x_i·G} equal to
   * the member's published key (and so, when present, to the Feldman commitments).
   */
  public void verifyShare(KeyShare share) {
    if (!share.groupKey().equals(groupKey)) {
      throw new IllegalArgumentException("share of member " + share.member() + " belongs to another group key");
    }
    if (share.threshold() != threshold || share.members() != members) {
      throw new IllegalArgumentException(
          "share of member " + share.member() + " is for a " + share.threshold() + "-of-" + share.members()
              + " committee, this one is " + threshold + "-of-" + members);
    }
    ECPoint expected = memberKeys.get(share.member());
    if (expected == null || !expected.equals(share.memberKey())) {
      throw new IllegalArgumentException(
          "share of member " + share.member() + " does not match its published member key (Feldman check failed)");
    }
  }

  public ChameleonPublicKey groupKey() {
    return groupKey;
  }

  public int threshold() {
    return threshold;
  }

  public int members() {
    return members;
  }

  public SortedMap<Integer, ECPoint> memberKeys() {
    return memberKeys;
  }

  public ECPoint memberKey(int member) {
    ECPoint key = memberKeys.get(member);
    if (key == null) {
      throw new IllegalArgumentException("no member " + member + " in this " + threshold + "-of-" + members + " committee");
    }
    return key;
  }

  public List<ECPoint> commitments() {
    return commitments;
  }

  /** Same group key, shape, member keys and commitments (points compared normalised). */
  public boolean sameAs(CommitteePublicKey o) {
    if (threshold != o.threshold || members != o.members || !groupKey.point().equals(o.groupKey.point())
        || !memberKeys.keySet().equals(o.memberKeys.keySet()) || commitments.size() != o.commitments.size()) {
      return false;
    }
    for (Integer i : memberKeys.keySet()) {
      if (!memberKeys.get(i).equals(o.memberKeys.get(i))) {
        return false;
      }
    }
    for (int k = 0; k < commitments.size(); k++) {
      if (!commitments.get(k).equals(o.commitments.get(k))) {
        return false;
      }
    }
    return true;
  }
}
