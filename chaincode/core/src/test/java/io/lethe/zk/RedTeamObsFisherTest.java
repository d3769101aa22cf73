package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Red team "redfisher": the H of its findings 1–3 (Go TestRedTeamLedgerFisherPlay,
 * TestRedTeamTwoRemovedPlay, TestRedTeamLargeRemovedWeightUnprovable), each accepted by every rule
 * RecordMask applied when they were found (eigenvalues above trace/64), are refused now that every
 * eigenvalue must exceed trace/33 ({@link ObsFisher#CONDITION_LIMIT}); the Go tests measure what
 * the H the ledger still accepts leave a client.
 */
class RedTeamObsFisherTest {
  /**
   * Finding 1: an H (weight 0 removed) for which a Prepare-accepted malicious witness moves a free
   * weight ≈ 0.046·|W_0| off the honest update under the former limit (≈ 6× the provider-shaped 0.0070).
   */
  static final long[] PLAY = {
      727752, 413, 51, 470, 156, 85, 438, -498, 148, 214, -188, 504, 280, -308, 358, -260, 19621, 3228,
      3178, 3214, 3212, 3143, -3098, 3112, -3332, 3151, 3072, 3199, -9112, 3067, -3199, 19938, 3338,
      3376, 3373, 3301, -3254, 3268, -3500, 3310, 3227, 3360, -9570, 3221, -3359, 19834, 3323, 3321,
      3250, -3203, 3218, -3446, 3258, 3177, 3308, -9422, 3171, -3307, 19909, 3359, 3287, -3240, 3254,
      -3485, 3295, 3213, 3346, -9529, 3207, -3345, 19905, 3285, -3238, 3252, -3483, 3293, 3211, 3343,
      -9523, 3205, -3343, 19762, -3168, 3182, -3408, 3222, 3142, 3272, -9318, 3136, -3271, 19671, -3137,
      3359, -3176, -3097, -3225, 9185, -3091, 3224, 19698, -3374, 3190, 3111, 3239, -9226, 3105, -3239,
      20162, -3417, -3331, -3469, 9881, -3325, 3468, 19779, 3150, 3280, -9343, 3144, -3280, 19619, 3198,
      -9109, 3065, -3198, 19878, -9485, 3192, -3330, 43564, -9092, 9483, 19608, -3192, 19877
  };

  /**
   * Finding 3: an H (weights 0 and 1 removed, H_01 ≈ 0.96·H_00) for which a malicious witness moves
   * a free weight ≈ 0.089·max|W_P| off the honest update under the former limit (Go TestRedTeamTwoRemovedPlay).
   */
  static final long[] PLAY_TWO = {
      372395, 355984, 21, 21, -21, 20, -17, -2, -33, -6, 27, -21, -18, 24, 13, 36, 372668, 12, 30, -12,
      11, -8, 7, -25, -15, 18, -30, -10, 15, 22, 12, 20039, -3486, -3510, 3514, -3491, -3497, -3476,
      3495, 3479, 3503, -3477, 3525, -3502, 9589, 20029, 3504, -3509, 3486, 3492, 3471, -3489, -3474,
      -3498, 3472, -3520, 3497, -9575, 20076, -3533, 3509, 3515, 3494, -3513, -3497, -3522, 3496, -3544,
      3521, -9639, 20085, -3514, -3520, -3499, 3518, 3502, 3527, -3500, 3549, -3526, 9652, 20038, 3496,
      3475, -3494, -3478, -3503, 3477, -3525, 3502, -9587, 20050, 3481, -3500, -3484, -3509, 3483, -3531,
      3508, -9604, 20009, -3479, -3463, -3488, 3462, -3510, 3487, -9547, 20046, 3482, 3507, -3481, 3529,
      -3506, 9598, 20014, 3491, -3465, 3513, -3490, 9554, 20063, -3489, 3538, -3515, 9622, 20011, -3511,
      3488, -9551, 20108, -3537, 9682, 20061, -9619, 42884
  };

  private static ObsFisher single(long[] h) {
    TreeMap<Integer, long[]> m = new TreeMap<>();
    m.put(0, h);
    return new ObsFisher(m);
  }

  private static void assertLedgerRefuses(long[] h, int... removed) {
    ObsFisher fisher = single(h);
    ObsMask mask = new ObsMask(16, removed, new int[] {});
    fisher.requireCovers(mask);
    fisher.requireProvableScale(mask.weights());
    assertEquals(fisher, ObsFisher.parse(fisher.encode()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fisher::requireWellConditioned);
    assertTrue(e.getMessage().contains("Fisher block 0 is not well conditioned"), e.getMessage());
  }

  @Test
  void theWidePlayFisherIsRefused() {
    assertEquals(FisherDigest.ENTRIES, PLAY.length);
    assertLedgerRefuses(PLAY, 0);
  }

  @Test
  void theTwoRemovedPlayFisherIsRefused() {
    assertEquals(FisherDigest.ENTRIES, PLAY_TWO.length);
    assertLedgerRefuses(PLAY_TWO, 0, 1);
  }

  /** Finding 2's first H = diag(13.5, 0.29, …) (λmax 13.5); today's limit leaves λmax ≤ 9.8 (Go test). */
  @Test
  void theHeavyDiagonalFisherIsRefused() {
    long[] h = new long[FisherDigest.ENTRIES];
    for (int r = 0; r < FisherDigest.BLOCK; r++) {
      h[FisherDigest.upper(r, r)] = 19005;
    }
    h[FisherDigest.upper(0, 0)] = 884736;
    assertLedgerRefuses(h, 0);
  }
}
