package io.lethe.chameleon;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Key-exposure-free chameleon hash (Ateniese–de Medeiros, Schnorr point form) on P-256, exactly
 * as DESIGN §4 fixes it:
 *
 * <pre>
 *   e  = H(ctx ‖ SEC1c(Y) ‖ SEC1c(R) ‖ SHA-256(m))           (see {@link Challenge})
 *   C  = R − (e·Y + s·G)                                      hash / verify
 *   R' = C + k·G,  e' = H(ctx ‖ Y ‖ R' ‖ SHA-256(m')),  s' = k − e'·x mod n     adapt
 * </pre>
 *
 * A published collision {@code (m', R', s')} is a Schnorr signature by {@code x} on {@code (C,
 * m')}, so it reveals nothing about {@code x} (unlike Krawczyk–Rabin, where one collision solves
 * for the trapdoor).
 */
public final class ChameleonHash {

  /** A fresh digest and the randomness that opens it to the hashed message. */
  public record Hashed(byte[] c, Randomness randomness) {
    public Hashed {
      c = c.clone();
    }

    @Override
    public byte[] c() {
      return c.clone();
    }

    public String cHex() {
      return HexCodec.encode(c);
    }
  }

  /** Outcome of a verification; {@code reason} says why when {@code valid} is false. */
  public record Verification(boolean valid, String reason) {
    static final String OK = "ok";

    static Verification ok() {
      return new Verification(true, OK);
    }

    static Verification invalid(String reason) {
      return new Verification(false, reason);
    }
  }

  private ChameleonHash() {}

  /** Hashes {@code msg} under {@code ctx} with fresh random {@code (r, s)}; no trapdoor needed. */
  public static Hashed hash(ChameleonPublicKey pk, byte[] ctx, byte[] msg, SecureRandom rnd) {
    requireInputs(pk, ctx, msg);
    while (true) {
      BigInteger r = P256.randomScalar(rnd);
      BigInteger s = P256.randomScalar(rnd);
      ECPoint rPoint = P256.mulG(r);
      ECPoint c = digestPoint(pk, ctx, msg, rPoint, s);
      if (!c.isInfinity()) { // probability ~2^-256; resample rather than emit an unencodable C
        return new Hashed(P256.encodePoint(c), Randomness.of(rPoint, s));
      }
    }
  }

  /** Hash with caller-chosen {@code (r, s)}: for known-answer tests only. */
  static Hashed hashWith(ChameleonPublicKey pk, byte[] ctx, byte[] msg, BigInteger r, BigInteger s) {
    requireInputs(pk, ctx, msg);
    ECPoint rPoint = P256.mulG(r);
    ECPoint c = digestPoint(pk, ctx, msg, rPoint, s);
    return new Hashed(P256.encodePoint(c), Randomness.of(rPoint, s));
  }

  /**
   * Recomputes {@code C} from {@code (m, R, s)}; throws {@link IllegalArgumentException} with
   * the reason when the randomness is malformed.
   */
  public static byte[] digest(ChameleonPublicKey pk, byte[] ctx, byte[] msg, Randomness randomness) {
    requireInputs(pk, ctx, msg);
    if (randomness == null) {
      throw new IllegalArgumentException("randomness is missing");
    }
    ECPoint r = randomness.rPoint();
    BigInteger s = randomness.sScalar();
    ECPoint c = digestPoint(pk, ctx, msg, r, s);
    if (c.isInfinity()) {
      throw new IllegalArgumentException("the recomputed digest is the identity point");
    }
    return P256.encodePoint(c);
  }

  /** Checks that {@code (R, s)} opens {@code c} to {@code msg}; never throws on bad input. */
  public static Verification verify(
      ChameleonPublicKey pk, byte[] ctx, byte[] msg, byte[] c, Randomness randomness) {
    try {
      if (c == null) {
        return Verification.invalid("C is missing");
      }
      P256.decodePoint(c, "C");
      byte[] recomputed = digest(pk, ctx, msg, randomness);
      if (!Arrays.equals(recomputed, c)) {
        return Verification.invalid(
            "C does not match: (R, s) does not open C to this message under this context and key");
      }
      return Verification.ok();
    } catch (IllegalArgumentException e) {
      return Verification.invalid(e.getMessage());
    } catch (RuntimeException e) {
      return Verification.invalid("malformed input: " + e);
    }
  }

  /** Finds new randomness opening {@code c} to {@code newMsg}, with the full trapdoor. */
  public static Randomness adapt(
      Trapdoor x, ChameleonPublicKey pk, byte[] ctx, byte[] c, byte[] newMsg, SecureRandom rnd) {
    requireInputs(pk, ctx, newMsg);
    if (x == null || !x.publicKey().equals(pk)) {
      throw new IllegalArgumentException("the trapdoor does not belong to this public key");
    }
    ECPoint cPoint = P256.decodePoint(c, "C");
    while (true) {
      BigInteger k = P256.randomScalar(rnd);
      ECPoint rPrime = cPoint.add(P256.mulG(k)).normalize();
      if (!rPrime.isInfinity()) { // k = −log C would give R' = O; resample
        return adaptWith(x, pk, ctx, cPoint, newMsg, k);
      }
    }
  }

  /** Adapt with a caller-chosen nonce {@code k}: for known-answer tests only. */
  static Randomness adaptWith(
      Trapdoor x, ChameleonPublicKey pk, byte[] ctx, ECPoint c, byte[] newMsg, BigInteger k) {
    ECPoint rPrime = c.add(P256.mulG(k)).normalize();
    BigInteger e = Challenge.challenge(ctx, pk.point(), rPrime, newMsg);
    BigInteger s = k.subtract(e.multiply(x.x())).mod(P256.N);
    return Randomness.of(rPrime, s);
  }

  /** {@code C = R − (e·Y + s·G)} as a point (may be the identity; callers decide). */
  public static ECPoint digestPoint(
      ChameleonPublicKey pk, byte[] ctx, byte[] msg, ECPoint r, BigInteger s) {
    BigInteger e = Challenge.challenge(ctx, pk.point(), r, msg);
    ECPoint eYsG = P256.mulGPlus(s, pk.point(), e);
    return r.add(eYsG.negate()).normalize();
  }

  private static void requireInputs(ChameleonPublicKey pk, byte[] ctx, byte[] msg) {
    if (pk == null) {
      throw new IllegalArgumentException("public key is missing");
    }
    if (ctx == null) {
      throw new IllegalArgumentException("context is missing");
    }
    if (msg == null) {
      throw new IllegalArgumentException("message is missing");
    }
  }
}
