package io.lethe.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The cascade step's rounding is FixedPoint's (half away from zero), exactly, at the edges. */
class CascadeStepTest {
  @Test
  void coefficientsRoundHalfAwayFromZeroExactly() {
    assertEquals(65536, CascadeStep.coefficient(BigInteger.ONE, BigInteger.ONE));
    assertEquals(21845, CascadeStep.coefficient(BigInteger.ONE, BigInteger.valueOf(3))); // 21845.33
    assertEquals(43691, CascadeStep.coefficient(BigInteger.TWO, BigInteger.valueOf(3))); // 43690.67
    assertEquals(1, CascadeStep.coefficient(BigInteger.ONE, BigInteger.valueOf(131072))); // exactly 0.5 → 1
    assertEquals(0, CascadeStep.coefficient(BigInteger.ONE, BigInteger.valueOf(131073)));
    assertEquals(CascadeStep.MAX_COEFFICIENT, CascadeStep.coefficient(BigInteger.valueOf(16), BigInteger.ONE));
    assertThrows(IllegalArgumentException.class, () -> CascadeStep.coefficient(BigInteger.valueOf(17), BigInteger.ONE));
    assertThrows(IllegalArgumentException.class, () -> CascadeStep.coefficient(BigInteger.ONE.negate(), BigInteger.ONE));
    assertThrows(IllegalArgumentException.class, () -> CascadeStep.coefficient(BigInteger.ONE, BigInteger.ZERO));
  }

  @Test
  void termsRoundHalfAwayFromZero() {
    assertEquals(1, CascadeStep.term(32768, 1));   // 0.5 → 1
    assertEquals(-1, CascadeStep.term(32768, -1)); // −0.5 → −1
    assertEquals(0, CascadeStep.term(32767, 1));
    assertEquals(0, CascadeStep.term(32767, -1));
    assertEquals(5, CascadeStep.term(65536, 5));
    assertEquals(-3, CascadeStep.term(32768, -5)); // −2.5 → −3
    long big = FixedPoint.BOUND - 1;
    assertEquals(big * 16, CascadeStep.term(CascadeStep.MAX_COEFFICIENT, big));
    assertThrows(IllegalArgumentException.class, () -> CascadeStep.term(1, FixedPoint.BOUND));
    assertThrows(IllegalArgumentException.class, () -> CascadeStep.term(-1, 1));
  }

  @Test
  void applySumsEveryStartsRoundedTerm() {
    long[] w = {100, -100, 0};
    long[] out = CascadeStep.apply(w, new long[] {32768, 21845},
        new long[][] {{3, -3, 1}, {65536, 0, -65536}});
    assertArrayEquals(new long[] {100 + 2 + 21845, -100 - 2, 1 - 21845}, out);
    assertThrows(IllegalArgumentException.class,
        () -> CascadeStep.apply(new long[] {FixedPoint.BOUND - 1}, new long[] {65536}, new long[][] {{1}}));
    assertThrows(IllegalArgumentException.class, () -> CascadeStep.apply(w, new long[] {1}, new long[][] {{1}}));
  }
}
