package io.lethe.chameleon.committee;

import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One member's Shamir share {@code x_i = f(i)} of the trapdoor, with the group key it belongs to
 * and the committee shape, so a share file is self-describing.
 */
public final class KeyShare {
  private final int member;
  private final BigInteger share;
  private final ChameleonPublicKey groupKey;
  private final int threshold;
  private final int members;
  private final ECPoint memberKey;

  public KeyShare(int member, BigInteger share, ChameleonPublicKey groupKey, int threshold, int members) {
    CommitteePublicKey.checkShape(threshold, members);
    if (member < 1 || member > members) {
      throw new IllegalArgumentException("member " + member + " is outside 1.." + members);
    }
    if (share.signum() <= 0 || share.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("share of member " + member + " must be in [1, n)");
    }
    this.member = member;
    this.share = share;
    this.groupKey = groupKey;
    this.threshold = threshold;
    this.members = members;
    this.memberKey = P256.mulG(share);
  }

  public int member() {
    return member;
  }

  BigInteger share() {
    return share;
  }

  /** The secret share as 32 bytes (for key files only). */
  public byte[] shareBytes() {
    return P256.encodeScalar(share);
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

  /** {@code Y_i = x_i·G}. */
  public ECPoint memberKey() {
    return memberKey;
  }

  @Override
  public String toString() {
    return "KeyShare(member=" + member + ", Y_i=" + io.lethe.chameleon.HexCodec.encode(P256.encodePoint(memberKey)) + ")";
  }
}
