package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The provider's recorded block Fisher: canonical text, per-chunk digest, coverage of a mask. */
class ObsFisherTest {
  private static long[] block(Random rnd) {
    long[] h = new long[FisherDigest.ENTRIES];
    for (int e = 0; e < h.length; e++) {
      h[e] = rnd.nextLong() % (1L << 40);
    }
    return h;
  }

  private static ObsFisher random(Random rnd, int... indices) {
    TreeMap<Integer, long[]> m = new TreeMap<>();
    for (int i : indices) {
      m.put(i, block(rnd));
    }
    return new ObsFisher(m);
  }

  @Test
  void theTextRoundTripsAndIsCanonical() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int[] idx = rnd.ints(1 + rnd.nextInt(6), 0, 300).distinct().toArray();
      ObsFisher f = random(rnd, idx);
      String text = f.encode();
      assertTrue(text.startsWith("fis1." + idx.length + "."));
      ObsFisher back = ObsFisher.parse(text);
      assertEquals(f, back);
      assertEquals(text, back.encode());
    }
    assertEquals(new ObsFisher(new TreeMap<>()), ObsFisher.parse("fis1.0."));
  }

  @Test
  void theChunkDigestIsTheChunksRecordedBlocksZeroElsewhere() {
    Random rnd = new Random(8);
    // blocks 3 and 63 in chunk 0, block 64 in chunk 1
    ObsFisher f = random(rnd, 3, 63, 64);
    long[][] chunk0 = new long[FisherDigest.BLOCKS][FisherDigest.ENTRIES];
    chunk0[3] = f.block(3);
    chunk0[63] = f.block(63);
    assertEquals(FisherDigest.of(chunk0), f.chunkDigest(0));
    long[][] chunk1 = new long[FisherDigest.BLOCKS][FisherDigest.ENTRIES];
    chunk1[0] = f.block(64);
    assertEquals(FisherDigest.of(chunk1), f.chunkDigest(1));
    assertEquals(FisherDigest.of(new long[0][]), f.chunkDigest(2));
    // one raw changed: another digest
    TreeMap<Integer, long[]> changed = new TreeMap<>();
    for (int b : f.indices()) {
      changed.put(b, f.block(b));
    }
    changed.get(63)[135] ^= 1;
    assertNotEquals(f.chunkDigest(0), new ObsFisher(changed).chunkDigest(0));
    assertEquals(f.chunkDigest(1), new ObsFisher(changed).chunkDigest(1));
    assertThrows(IllegalArgumentException.class, () -> f.chunkDigest(-1));
    assertThrows(IllegalArgumentException.class, () -> f.chunkDigest(Integer.MAX_VALUE));
  }

  @Test
  void itMustCoverEveryBlockWithARemovedWeightAndStayInsideTheModel() {
    Random rnd = new Random(9);
    ObsMask mask = new ObsMask(100, new int[] {5, 40}, new int[] {6});
    random(rnd, 0, 2).requireCovers(mask);
    random(rnd, 0, 1, 2, 6).requireCovers(mask); // extra blocks are allowed: they change nothing
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> random(rnd, 0).requireCovers(mask));
    assertTrue(e.getMessage().contains("removed weight 40"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> random(rnd, 0, 2, 7).requireCovers(mask));
    assertTrue(e.getMessage().contains("past the model"), e.getMessage());
  }

  @Test
  void malformedTextAndRawsAreRefused() {
    Random rnd = new Random(10);
    String text = random(rnd, 1, 2).encode();
    for (String bad : List.of("", "fis1", "fis1.2", "fis2" + text.substring(4), "fis1.02" + text.substring(6),
        "fis1.3" + text.substring(6), text.substring(0, text.length() - 4), text + "A", text + "=", text + ".x",
        "fis1.-1.", "fis1.99999999999.")) {
      assertThrows(IllegalArgumentException.class, () -> ObsFisher.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> ObsFisher.parse(null));
    TreeMap<Integer, long[]> m = new TreeMap<>();
    m.put(0, new long[FisherDigest.ENTRIES - 1]);
    assertThrows(IllegalArgumentException.class, () -> new ObsFisher(m));
    m.put(0, new long[FisherDigest.ENTRIES]);
    m.get(0)[0] = 1L << 40;
    assertThrows(IllegalArgumentException.class, () -> new ObsFisher(m));
    m.get(0)[0] = -(1L << 40) + 1;
    assertEquals(BigInteger.ONE.negate().signum(), Long.signum(new ObsFisher(m).block(0)[0]));
    assertNull(new ObsFisher(m).block(1));
  }

  private static long[] diagonal(long... d) {
    long[] h = new long[FisherDigest.ENTRIES];
    for (int r = 0; r < FisherDigest.BLOCK; r++) {
      h[FisherDigest.upper(r, r)] = r < d.length ? d[r] : 1L << 16;
    }
    return h;
  }

  private static ObsFisher single(long[] h) {
    TreeMap<Integer, long[]> m = new TreeMap<>();
    m.put(0, diagonal());
    m.put(3, h);
    return new ObsFisher(m);
  }

  @Test
  void everyRecordedHIsPositiveDefiniteWithBoundedConditionNumber() {
    single(diagonal()).requireWellConditioned();
    // H = I + 0.05·A·Aᵀ/16 (the Go sample's H), and a strongly coupled H = I + 0.9·(J − I)/15
    Random rnd = new Random(9);
    long[] coupled = new long[FisherDigest.ENTRIES];
    long[] sample = new long[FisherDigest.ENTRIES];
    double[][] a = new double[FisherDigest.BLOCK][FisherDigest.BLOCK];
    for (double[] row : a) {
      for (int k = 0; k < row.length; k++) {
        row[k] = rnd.nextGaussian();
      }
    }
    for (int r = 0; r < FisherDigest.BLOCK; r++) {
      for (int k = r; k < FisherDigest.BLOCK; k++) {
        double v = 0;
        for (int m = 0; m < FisherDigest.BLOCK; m++) {
          v += a[r][m] * a[k][m];
        }
        sample[FisherDigest.upper(r, k)] = Math.round(((r == k ? 1 : 0) + 0.05 * v / 16) * 65536);
        coupled[FisherDigest.upper(r, k)] = r == k ? 1L << 16 : Math.round(0.9 / 15 * 65536);
      }
    }
    single(sample).requireWellConditioned();
    single(coupled).requireWellConditioned();
    // the eigenvalue bound: diag(x, 1, …, 1) passes iff x > (15 + x)/33, i.e. x > 15/32 ≈ 0.4688
    single(diagonal(30800)).requireWellConditioned(); // 0.4700
    // the provider's shape at the edge of its dampening (eigenvalues 1/2 and 3/2, mean diagonal 1)
    long[] damped = diagonal();
    for (int r = 0; r < 8; r++) {
      damped[FisherDigest.upper(r, r)] = 1L << 15;
      damped[FisherDigest.upper(r + 8, r + 8)] = 3L << 15;
    }
    single(damped).requireWellConditioned();
    List<long[]> refused = new java.util.ArrayList<>(List.of(diagonal(30640), // 0.4675
        diagonal(15664), // 0.2390: accepted by the former limit of 64
        diagonal(3932), // 0.0600: accepted by the first limit of 256
        diagonal(0), // a zero row: that weight's C is unconstrained (obs_tolerance_test.go)
        diagonal(-1L << 16), // indefinite
        new long[FisherDigest.ENTRIES])); // all zero
    long[] gap = new long[FisherDigest.ENTRIES]; // the red-team H = e_t·e_tᵀ (obs_gap_test.go)
    gap[FisherDigest.upper(4, 4)] = 1L << 16;
    refused.add(gap);
    long[] rankOne = new long[FisherDigest.ENTRIES]; // J: eigenvalues 16, 0, …, 0
    java.util.Arrays.fill(rankOne, 1L << 16);
    refused.add(rankOne);
    // prover-native README's far-reaching H of mean diagonal 1 (H_pp = 8, H_rr = 0.25, H_rp = 1):
    // λmin ≈ 0.12, accepted by the former limit, lets ε alone move a free weight by 2^-9
    long[] farReaching = diagonal(8L << 16, 1L << 14);
    for (int r = 2; r < FisherDigest.BLOCK; r++) {
      farReaching[FisherDigest.upper(r, r)] = Math.round((16 - 8.25) / 14 * 65536);
    }
    farReaching[FisherDigest.upper(0, 1)] = 1L << 16;
    refused.add(farReaching);
    for (long[] h : refused) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> single(h).requireWellConditioned());
      assertTrue(e.getMessage().contains("Fisher block 3 is not well conditioned"), e.getMessage());
    }
  }

  @Test
  void theTraceMustBeNearMeanDiagonalOneAndPaddingDecoupled() {
    // 40 weights: block 2 holds 8 real weights and 8 padding coordinates
    long weights = 40;
    // trace exactly at each bound passes, one raw past it is refused (15 diagonals of 2^16 + x)
    long rest = 15L << 16;
    for (long x : new long[] {ObsFisher.TRACE_MIN - rest, ObsFisher.TRACE_MAX - rest}) {
      single(diagonal(x)).requireProvableScale(1_000);
    }
    for (long x : new long[] {ObsFisher.TRACE_MIN - rest - 1, ObsFisher.TRACE_MAX - rest + 1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> single(diagonal(x)).requireProvableScale(1_000));
      assertTrue(e.getMessage().contains("Fisher block 3 has trace"), e.getMessage());
    }
    // the provider's shape: real coordinates coupled, padding on the unit diagonal only
    long[] h = diagonal();
    h[FisherDigest.upper(1, 7)] = 1L << 13;
    TreeMap<Integer, long[]> m = new TreeMap<>();
    m.put(2, h);
    new ObsFisher(m).requireProvableScale(weights);
    // a coupling inside the padding, or from a real coordinate into it, is refused
    for (int[] rk : new int[][] {{7, 8}, {0, 15}, {9, 12}}) {
      long[] bad = h.clone();
      bad[FisherDigest.upper(rk[0], rk[1])] = -1;
      m.put(2, bad);
      ObsFisher f = new ObsFisher(m);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.requireProvableScale(weights));
      assertTrue(e.getMessage().contains("couples padding coordinate " + rk[1]), e.getMessage());
      // the same H inside the model (block 2 of a 48-weight model has no padding) passes
      f.requireProvableScale(48);
    }
  }
}
