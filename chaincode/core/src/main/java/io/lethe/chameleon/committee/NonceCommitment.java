package io.lethe.chameleon.committee;

import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import java.io.ByteArrayOutputStream;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Round 1 output of one member: commitments {@code D_i = d_i·G} (hiding) and {@code E_i =
 * e_i·G} (binding) to a fresh, single-use nonce pair.
 */
public record NonceCommitment(int member, ECPoint d, ECPoint e) {
  public NonceCommitment {
    if (member < 1) {
      throw new IllegalArgumentException("member identifiers start at 1");
    }
    if (d == null || d.isInfinity() || !d.isValid() || e == null || e.isInfinity() || !e.isValid()) {
      throw new IllegalArgumentException("commitment of member " + member + " has an invalid point");
    }
    d = d.normalize();
    e = e.normalize();
  }

  public static NonceCommitment fromBytes(int member, byte[] d, byte[] e) {
    return new NonceCommitment(
        member, P256.decodePoint(d, "D_" + member), P256.decodePoint(e, "E_" + member));
  }

  public byte[] dBytes() {
    return P256.encodePoint(d);
  }

  public byte[] eBytes() {
    return P256.encodePoint(e);
  }

  /** {@code I2OSP(i, 32) ‖ SEC1c(D_i) ‖ SEC1c(E_i)}: this entry of the commitment list B. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 66);
    out.writeBytes(P256.encodeIdentifier(member));
    out.writeBytes(dBytes());
    out.writeBytes(eBytes());
    return out.toByteArray();
  }

  /** A stable identity of this commitment (for reuse detection). */
  public String fingerprint() {
    return HexCodec.encode(dBytes()) + HexCodec.encode(eBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NonceCommitment other
        && member == other.member
        && fingerprint().equals(other.fingerprint());
  }

  @Override
  public int hashCode() {
    return 31 * member + fingerprint().hashCode();
  }

  @Override
  public String toString() {
    return "NonceCommitment(member=" + member + ", D=" + HexCodec.encode(dBytes()) + ", E=" + HexCodec.encode(eBytes()) + ")";
  }
}
