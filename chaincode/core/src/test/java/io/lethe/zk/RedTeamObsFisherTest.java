package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Red team "redfisher": the H of the Go tests TestRedTeamLedgerFisherPlay (finding 1),
 * TestRedTeamLargeRemovedWeightUnprovable (finding 2) and TestRedTeamTwoRemovedPlay (finding 3)
 * are accepted by every ObsFisher rule RecordMask applies (requireCovers, requireWellConditioned,
 * requireProvableScale), so those findings are about what the ledger really records, not a Go
 * mirror of it.
 */
class RedTeamObsFisherTest {
  /**
   * Finding 1: an H (weight 0 removed) for which a Prepare-accepted malicious witness moves a free
   * weight ≈ 0.046·|W_0| off the honest update, ≈ 6× the 0.0070·|W_p| measured for provider-shaped H.
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
   * a free weight ≈ 0.089·max|W_P| off the honest update (Go TestRedTeamTwoRemovedPlay).
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

  private static void assertLedgerAccepts(long[] h, int... removed) {
    TreeMap<Integer, long[]> m = new TreeMap<>();
    m.put(0, h);
    ObsFisher fisher = new ObsFisher(m);
    ObsMask mask = new ObsMask(16, removed, new int[] {});
    fisher.requireCovers(mask);
    fisher.requireWellConditioned();
    fisher.requireProvableScale(mask.weights());
    assertEquals(fisher, ObsFisher.parse(fisher.encode()));
  }

  @Test
  void theLedgerAcceptsTheWidePlayFisher() {
    assertEquals(FisherDigest.ENTRIES, PLAY.length);
    assertLedgerAccepts(PLAY, 0);
  }

  @Test
  void theLedgerAcceptsTheTwoRemovedPlayFisher() {
    assertEquals(FisherDigest.ENTRIES, PLAY_TWO.length);
    assertLedgerAccepts(PLAY_TWO, 0, 1);
  }

  /** Finding 2: H = diag(13.5, 0.29, …): a removed weight of 2^37 raws gives the honest client z > 2^40. */
  @Test
  void theLedgerAcceptsTheHeavyDiagonalFisher() {
    long[] h = new long[FisherDigest.ENTRIES];
    for (int r = 0; r < FisherDigest.BLOCK; r++) {
      h[FisherDigest.upper(r, r)] = 19005;
    }
    h[FisherDigest.upper(0, 0)] = 884736;
    assertLedgerAccepts(h, 0);
  }
}
