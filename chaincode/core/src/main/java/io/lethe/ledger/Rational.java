package io.lethe.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;

/**
 * An exact non-negative fraction in lowest terms, for the cascade discounts
 * {@code Σ_paths ∏ 1/N_j}: sums and quotients of such discounts never overflow or round.
 * JSON form {@code "num/den"}.
 */
public record Rational(BigInteger numerator, BigInteger denominator) {
  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  public Rational {
    if (numerator.signum() < 0 || denominator.signum() <= 0) {
      throw new IllegalArgumentException("a discount is a non-negative fraction, got " + numerator + "/" + denominator);
    }
    BigInteger g = numerator.gcd(denominator);
    if (g.signum() > 0 && !g.equals(BigInteger.ONE)) {
      numerator = numerator.divide(g);
      denominator = denominator.divide(g);
    }
  }

  public Rational plus(Rational o) {
    return new Rational(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
        denominator.multiply(o.denominator));
  }

  public Rational times(Rational o) {
    return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
  }

  public Rational dividedBy(BigInteger n) {
    return new Rational(numerator, denominator.multiply(n));
  }

  public double doubleValue() {
    return new java.math.BigDecimal(numerator).divide(new java.math.BigDecimal(denominator),
        java.math.MathContext.DECIMAL64).doubleValue();
  }

  @JsonValue
  @Override
  public String toString() {
    return numerator + "/" + denominator;
  }
}
