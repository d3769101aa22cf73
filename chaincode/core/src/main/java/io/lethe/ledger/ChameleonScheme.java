package io.lethe.ledger;

/**
 * The chameleon-hash operations the ledger contracts need (DESIGN §4), behind an interface so
 * the contracts depend on what they check, not on how the curve arithmetic is done. The
 * production binding is {@link P256ChameleonScheme} (io.lethe.chameleon).
 */
public interface ChameleonScheme {
  /**
   * Recomputes the digest {@code C} of {@code msg} under context {@code ctx} from randomness
   * {@code (R, s)}; throws {@link IllegalArgumentException} (with the reason) for a malformed
   * key, point or scalar.
   */
  byte[] digest(byte[] publicKeySec1, byte[] ctx, byte[] msg, byte[] r33, byte[] s32);

  /** {@code null} when {@code (R, s)} opens {@code C} to {@code msg}, otherwise why not. */
  String verify(byte[] publicKeySec1, byte[] ctx, byte[] msg, byte[] c33, byte[] r33, byte[] s32);

  /** Refuses a public key that is not a valid compressed P-256 point (not the identity). */
  void checkPublicKey(byte[] publicKeySec1);
}
