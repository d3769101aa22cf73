package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ObsDemoInstanceTest {
  @Test
  void prunedWeightsVanishAndCompensationReproducesThem() {
    for (int seed = 0; seed < 20; seed++) {
      ObsDemoInstance in = new ObsDemoInstance(200, 64, 2, seed);
      int pruned = 0;
      for (int i = 0; i < in.params; i++) {
        if (in.mask[i] == 0) {
          pruned++;
          assertEquals(0, in.wNew[i]);
          int b = i / in.block;
          BigInteger acc = BigInteger.ZERO;
          for (int j = 0; j < in.pruned; j++) {
            acc = acc.add(BigInteger.valueOf(in.c[i * in.pruned + j]).multiply(BigInteger.valueOf(in.z[b * in.pruned + j])));
          }
          BigInteger err = acc.subtract(BigInteger.valueOf(in.w[i]).shiftLeft(16)).abs();
          assertTrue(err.bitLength() <= 24, "rounding bound 2^24 at scale 2^32, got " + err);
        }
      }
      assertEquals(4 * 2, pruned); // 4 blocks (64,64,64,8), 2 each
      BigInteger[] pub = in.publicInputs();
      assertNotEquals(pub[0], pub[1]);
    }
  }
}
