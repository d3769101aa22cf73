package io.lethe.chameleon.committee;

import io.lethe.chameleon.Challenge;
import io.lethe.chameleon.P256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * {@code ρ_i = H(SEC1c(Y) ‖ ctx ‖ SEC1c(C) ‖ SHA-256(m') ‖ SHA-256(B) ‖ I2OSP(i, 32))} with the
 * scheme's hash-to-scalar {@code H} (DESIGN §4). Binding every nonce to the whole target
 * (context, C, new message) and the whole commitment list is what stops a coordinator from
 * mixing nonces across sessions (the Drijvers et al. / ROS attack on naive two-round
 * Schnorr): without ctx, R' is fixed after round 1 while the challenge {@code e' = H(ctx ‖ …)}
 * could still be chosen by picking the context afterwards. Every other field has a fixed
 * length, so the variable-length ctx is delimited by the total length.
 *
 * <p>{@code H} shares its DST with the challenge. The two inputs cannot collide in Lethe: a
 * challenge input starts with the context, which is always {@code lp("lethe.…")} (first byte
 * 0x00), while a binding-factor input starts with SEC1c(Y) (first byte 0x02 or 0x03).
 */
public final class BindingFactors {
  private BindingFactors() {}

  public static byte[] input(ECPoint y, byte[] ctx, ECPoint c, byte[] newMessage, byte[] commitmentList, int member) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(33 + ctx.length + 33 + 32 + 32 + 32);
    out.writeBytes(P256.encodePoint(y));
    out.writeBytes(ctx);
    out.writeBytes(P256.encodePoint(c));
    out.writeBytes(Challenge.sha256(newMessage));
    out.writeBytes(Challenge.sha256(commitmentList));
    out.writeBytes(P256.encodeIdentifier(member));
    return out.toByteArray();
  }

  public static BigInteger compute(
      ECPoint y, byte[] ctx, ECPoint c, byte[] newMessage, byte[] commitmentList, int member) {
    return Challenge.hashToScalar(input(y, ctx, c, newMessage, commitmentList, member));
  }
}
