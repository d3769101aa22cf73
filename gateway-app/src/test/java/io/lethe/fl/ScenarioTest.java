package io.lethe.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.train.TrainConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private static final List<Integer> POOL = IntStream.range(1000, 2000).boxed().toList();

  @Test
  void usersPartitionThePoolWhenItIsLargeEnough() {
    int[][] shares = Scenario.userShares(POOL, 14, 70, 1);
    Set<Integer> seen = new HashSet<>();
    for (int[] share : shares) {
      assertEquals(70, share.length);
      for (int i : share) {
        assertTrue(POOL.contains(i));
        assertTrue(seen.add(i), "index " + i + " given to two users");
      }
    }
  }

  @Test
  void usersDrawIndependentlyWhenThePoolIsTooSmall() {
    int[][] shares = Scenario.userShares(POOL, 14, 400, 1);
    Set<Integer> union = new HashSet<>();
    for (int[] share : shares) {
      assertEquals(400, share.length);
      Set<Integer> own = new HashSet<>();
      for (int i : share) {
        assertTrue(POOL.contains(i));
        assertTrue(own.add(i), "index " + i + " twice in one user's share");
      }
      union.addAll(own);
    }
    assertTrue(union.size() < 14 * 400, "14 × 400 > 1000: users must overlap");
    assertTrue(union.size() > 990, "independent draws cover almost the whole pool, got " + union.size());
    // seeded: the same shares again
    int[][] again = Scenario.userShares(POOL, 14, 400, 1);
    for (int u = 0; u < 14; u++) {
      assertTrue(java.util.Arrays.equals(shares[u], again[u]));
    }
  }

  @Test
  void cosineScheduleAnnealsToZero() {
    TrainConfig cosine = new TrainConfig(1, 32, 0.02, 0.9, true);
    assertEquals(0.02, cosine.learningRateAt(0, 100), 1e-15);
    assertEquals(0.01, cosine.learningRateAt(50, 100), 1e-15);
    assertEquals(0.0, cosine.learningRateAt(100, 100), 1e-15);
    TrainConfig constant = new TrainConfig(1, 32, 0.02, 0.9);
    assertEquals(0.02, constant.learningRateAt(99, 100), 0.0);
  }
}
