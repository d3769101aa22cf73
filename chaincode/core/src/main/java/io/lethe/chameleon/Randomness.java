package io.lethe.chameleon;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The randomness {@code (R, s)} of one opening of a chameleon digest, as bytes: {@code r} is
 * SEC1c(R) (33 bytes), {@code s} the 32-byte scalar. Construction copies but does not validate,
 * so that malformed values read from a ledger can be carried to {@link ChameleonHash#verify}
 * and rejected there with a reason.
 */
public record Randomness(byte[] r, byte[] s) {
  public Randomness {
    r = r == null ? null : r.clone();
    s = s == null ? null : s.clone();
  }

  public static Randomness of(ECPoint rPoint, BigInteger sScalar) {
    return new Randomness(P256.encodePoint(rPoint), P256.encodeScalar(sScalar));
  }

  public static Randomness fromHex(String rHex, String sHex) {
    return new Randomness(HexCodec.decode(rHex, "R"), HexCodec.decode(sHex, "s"));
  }

  @Override
  public byte[] r() {
    return r == null ? null : r.clone();
  }

  @Override
  public byte[] s() {
    return s == null ? null : s.clone();
  }

  public String rHex() {
    return HexCodec.encode(r);
  }

  public String sHex() {
    return HexCodec.encode(s);
  }

  /** R as a validated point (throws with the reason when malformed). */
  public ECPoint rPoint() {
    return P256.decodePoint(r, "R");
  }

  /** s as a validated scalar (throws with the reason when malformed). */
  public BigInteger sScalar() {
    return P256.decodeScalar(s, "s");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Randomness other && Arrays.equals(r, other.r) && Arrays.equals(s, other.s);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(r) + Arrays.hashCode(s);
  }

  @Override
  public String toString() {
    return "Randomness(R=" + (r == null ? "null" : rHex()) + ", s=" + (s == null ? "null" : sHex()) + ")";
  }
}
