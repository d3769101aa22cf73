package io.lethe.fixedpoint;

import java.math.BigInteger;

/**
 * BlockFUL's parallel cascade step in fixed point, the rule the {@code cascade} chunk circuit
 * proves (DESIGN §5): {@code w′ = w + Σ_s round(k_s·Δ_s / 2¹⁶)}, each term rounded half away
 * from zero, with {@code k_s = round(α·discount_s·2¹⁶)} computed exactly from rationals. The
 * chaincode derives {@code k_s} from its own DAG; a client that updates its model with this
 * class computes the model the proof must show, bit for bit.
 */
public final class CascadeStep {
  /** Largest coefficient accepted: α·discount ≤ 16. */
  public static final long MAX_COEFFICIENT = 16L << FixedPoint.FRACTION_BITS;

  private CascadeStep() {}

  /** {@code round_half_away_from_zero(numerator / denominator · 2¹⁶)}, in 0..{@link #MAX_COEFFICIENT}. */
  public static long coefficient(BigInteger numerator, BigInteger denominator) {
    if (denominator.signum() <= 0 || numerator.signum() < 0) {
      throw new IllegalArgumentException("a cascade coefficient is a non-negative fraction, got " + numerator + "/"
          + denominator);
    }
    BigInteger scaled = numerator.shiftLeft(FixedPoint.FRACTION_BITS);
    BigInteger[] qr = scaled.divideAndRemainder(denominator);
    BigInteger k = qr[1].shiftLeft(1).compareTo(denominator) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    if (k.compareTo(BigInteger.valueOf(MAX_COEFFICIENT)) > 0) {
      throw new IllegalArgumentException("cascade coefficient " + numerator + "/" + denominator + " exceeds 16");
    }
    return k.longValueExact();
  }

  /** {@code round_half_away_from_zero(k·delta / 2¹⁶)}. */
  public static long term(long k, long delta) {
    if (k < 0 || k > MAX_COEFFICIENT || delta <= -FixedPoint.BOUND || delta >= FixedPoint.BOUND) {
      throw new IllegalArgumentException("cascade term out of range: k=" + k + ", delta=" + delta);
    }
    long product = k * delta; // < 2^20 · 2^40: no overflow
    long half = FixedPoint.SCALE >> 1;
    long magnitude = (Math.abs(product) + half) >> FixedPoint.FRACTION_BITS;
    return product < 0 ? -magnitude : magnitude;
  }

  /** {@code w′[i] = w[i] + Σ_s term(k[s], deltas[s][i])}; every result must stay in (−2⁴⁰, 2⁴⁰). */
  public static long[] apply(long[] w, long[] k, long[][] deltas) {
    if (k.length != deltas.length) {
      throw new IllegalArgumentException(k.length + " coefficients for " + deltas.length + " deltas");
    }
    long[] out = w.clone();
    for (int s = 0; s < k.length; s++) {
      if (deltas[s].length != w.length) {
        throw new IllegalArgumentException("delta " + s + " has " + deltas[s].length + " weights, the model " + w.length);
      }
      for (int i = 0; i < w.length; i++) {
        out[i] += term(k[s], deltas[s][i]);
      }
    }
    for (int i = 0; i < out.length; i++) {
      if (out[i] <= -FixedPoint.BOUND || out[i] >= FixedPoint.BOUND) {
        throw new IllegalArgumentException("weight " + i + " leaves (-2^40, 2^40) after the cascade step");
      }
    }
    return out;
  }
}
