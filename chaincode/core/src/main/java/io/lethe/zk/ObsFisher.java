package io.lethe.zk;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The block Fisher a zero-shot model is compensated with, as the provider records it beside the
 * mask (DESIGN §5 obs, §7 provider): for some of the model's Fisher blocks (every block with a
 * removed weight, at least), the block's {@code H} in the fixed point the {@code chunk-obs}
 * circuit takes ({@link FisherDigest#ENTRIES} upper-triangle raws). A chunk proof's Fisher input
 * must be {@link #chunkDigest} of this record: the chunk's recorded blocks, zero elsewhere.
 *
 * <p>Why the provider's and not the client's own: {@code H} decides where the removed weights'
 * mass goes, and a client free to pick it can move every non-frozen weight of a touched block
 * anywhere it likes (prover-native/chunks/obs_gap_test.go). Recorded once by the provider, the
 * whole update {@code W′} is fixed by (W, mask, H) up to the circuit's rounding tolerance.
 *
 * <p>Ledger text: {@code fis1.<blocks>.<payload>}, {@code blocks} a canonical decimal, payload
 * unpadded base64url of, per block in increasing index order, the index (4 bytes big-endian)
 * then its {@link FisherDigest#ENTRIES} raws (8 bytes big-endian two's complement each, each
 * {@code |h| < 2^40}).
 */
public final class ObsFisher {
  static final String VERSION = "fis1";
  private static final int BLOCK_BYTES = 4 + 8 * FisherDigest.ENTRIES;
  private static final long LIMIT = 1L << ZkDigest.MAGNITUDE_BITS;
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,9}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

  private final TreeMap<Integer, long[]> blocks;

  /**
   * @param blocks block index → its {@link FisherDigest#ENTRIES} upper-triangle raws
   * @throws IllegalArgumentException for a negative index, a block of the wrong size or a raw
   *     with {@code |h| ≥ 2^40}
   */
  public ObsFisher(SortedMap<Integer, long[]> blocks) {
    this.blocks = new TreeMap<>();
    blocks.forEach((index, h) -> {
      if (index == null || index < 0) {
        throw new IllegalArgumentException("Fisher block index " + index + " is negative");
      }
      if (h == null || h.length != FisherDigest.ENTRIES) {
        throw new IllegalArgumentException("Fisher block " + index + " has " + (h == null ? 0 : h.length)
            + " entries, want " + FisherDigest.ENTRIES);
      }
      for (long v : h) {
        if (v <= -LIMIT || v >= LIMIT) {
          throw new IllegalArgumentException("Fisher block " + index + " has a raw outside ±2^40");
        }
      }
      this.blocks.put(index, h.clone());
    });
  }

  /** The recorded block indices, increasing. */
  public List<Integer> indices() {
    return List.copyOf(blocks.keySet());
  }

  /** The recorded {@code H} of block {@code index} (upper triangle), or null when none is recorded. */
  public long[] block(int index) {
    long[] h = blocks.get(index);
    return h == null ? null : h.clone();
  }

  /**
   * Refuses a Fisher that cannot compensate {@code mask}: a block past the model's weights, or a
   * block with a removed weight and no recorded {@code H}.
   */
  public void requireCovers(ObsMask mask) {
    long blockCount = (mask.weights() + FisherDigest.BLOCK - 1) / FisherDigest.BLOCK;
    if (!blocks.isEmpty() && blocks.lastKey() >= blockCount) {
      throw new IllegalArgumentException("Fisher block " + blocks.lastKey() + " lies past the model's " + mask.weights()
          + " weights (" + blockCount + " blocks)");
    }
    for (int p : mask.removed()) {
      if (!blocks.containsKey(p / FisherDigest.BLOCK)) {
        throw new IllegalArgumentException("Fisher block " + p / FisherDigest.BLOCK + " holds removed weight " + p
            + " but has no recorded H");
      }
    }
  }

  /**
   * Every recorded {@code H}'s eigenvalues must exceed {@code trace(H)/CONDITION_LIMIT}, so
   * {@code κ(H) < CONDITION_LIMIT}. The circuit checks {@code H·C = E_P} only to within 2^-11 per
   * entry, and the freedom that leaves a client over the free weights of a touched block grows
   * with {@code ‖H⁻¹‖·λmax(H)} (OBS is invariant to the scale of {@code H}, so only the condition
   * number counts); a singular {@code H} (a zero row at a free weight) leaves that weight
   * entirely to the client (prover-native/chunks/obs_tolerance_test.go). 33 is the provider's own
   * dampening with a little to spare: dampening 1.0 puts every eigenvalue at or above half the mean
   * diagonal ({@code trace/32}), so the ledger enforces the damping that the bound on a client's
   * play rests on (a provider must damp by at least ≈ 0.95 of the mean diagonal). With it a client's
   * play on a free weight is at most ≈ 0.015·|W_p| (one removed weight) and 0.029·max|W_P| (two),
   * found by search over what the ledger accepts (redteam_fisher_test.go); the former limits (256,
   * then 64) let a provider's H leave 0.046 and 0.089.
   */
  public static final int CONDITION_LIMIT = 33;

  /**
   * Refuses a recorded {@code H} that is not positive definite with every eigenvalue above
   * {@code trace/}{@value #CONDITION_LIMIT} ({@link #CONDITION_LIMIT}).
   */
  public void requireWellConditioned() {
    blocks.forEach((index, h) -> {
      if (!wellConditioned(h)) {
        throw new IllegalArgumentException("Fisher block " + index + " is not well conditioned: its H must be positive"
            + " definite with every eigenvalue above trace/" + CONDITION_LIMIT
            + " (a singular or near-singular H leaves the free weights of the block to the client)");
      }
    });
  }

  /**
   * Bounds of a recorded {@code H}'s trace in raws: mean diagonal 7/8 … 9/8. The circuit's
   * tolerances are absolute (2^-11), and rounding {@code C} and {@code z} to raws misses by an
   * amount that grows with the scale of {@code H} (the {@code H·C} residual) or with its inverse
   * (the {@code C[P,:]·z} residual): across this window the worst ledger-accepted H leaves honest
   * residuals at or below 2^-12.46 and 2^-15.64 (prover-native TestObsHonestResidualWorstCase,
   * which runs at both bounds). A provider's H at another scale (OBS is scale-free, so 100·I is as good
   * a Fisher as I) would leave the model unprovable; the provider scales to mean diagonal 1.
   */
  public static final long TRACE_MIN = 14L << 16;
  public static final long TRACE_MAX = 18L << 16;

  /**
   * Refuses a recorded {@code H} that the {@code chunk-obs} circuit could not accept for an honest
   * client (a liveness rule, so a provider's slip cannot leave a request unprovable): a trace
   * outside {@link #TRACE_MIN} … {@link #TRACE_MAX}, or, in the model's last block, an entry that
   * couples a padding coordinate (past the model's {@code weights}) to any other — the circuit
   * requires the padding rows of {@code C} to be zero, which holds only when padding is decoupled.
   */
  public void requireProvableScale(long weights) {
    blocks.forEach((index, h) -> {
      long trace = 0;
      for (int r = 0; r < FisherDigest.BLOCK; r++) {
        trace += h[FisherDigest.upper(r, r)];
      }
      if (trace < TRACE_MIN || trace > TRACE_MAX) {
        throw new IllegalArgumentException("Fisher block " + index + " has trace " + trace + " raws; the circuit's"
            + " tolerances need it scaled to mean diagonal 7/8..9/8 (" + TRACE_MIN + ".." + TRACE_MAX + " raws)");
      }
      long real = weights - (long) index * FisherDigest.BLOCK;
      for (int r = 0; r < FisherDigest.BLOCK; r++) {
        for (int k = r + 1; k < FisherDigest.BLOCK; k++) {
          if (k >= real && h[FisherDigest.upper(r, k)] != 0) {
            throw new IllegalArgumentException("Fisher block " + index + " couples padding coordinate " + k
                + " (past the model's " + weights + " weights) to coordinate " + r + "; padding must be decoupled");
          }
        }
      }
    });
  }

  /** Cholesky of {@code H − (trace/CONDITION_LIMIT)·I}: every pivot positive. */
  static boolean wellConditioned(long[] h) {
    int n = FisherDigest.BLOCK;
    double trace = 0;
    for (int r = 0; r < n; r++) {
      trace += h[FisherDigest.upper(r, r)];
    }
    if (!(trace > 0)) {
      return false;
    }
    double shift = trace / CONDITION_LIMIT;
    double[][] a = new double[n][n];
    for (int r = 0; r < n; r++) {
      for (int k = 0; k < n; k++) {
        a[r][k] = h[FisherDigest.upper(r, k)] - (r == k ? shift : 0);
      }
    }
    for (int j = 0; j < n; j++) {
      double d = a[j][j];
      for (int k = 0; k < j; k++) {
        d -= a[j][k] * a[j][k];
      }
      if (!(d > 0)) {
        return false;
      }
      double l = Math.sqrt(d);
      a[j][j] = l;
      for (int i = j + 1; i < n; i++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= a[i][k] * a[j][k];
        }
        a[i][j] = s / l;
      }
    }
    return true;
  }

  /** The Fisher input of chunk {@code chunk}'s proof: its recorded blocks' {@code H}, zero elsewhere. */
  public BigInteger chunkDigest(int chunk) {
    if (chunk < 0 || chunk >= ChunkBundleVerifier.MAX_CHUNKS) {
      throw new IllegalArgumentException("chunk index " + chunk + " outside 0.." + (ChunkBundleVerifier.MAX_CHUNKS - 1));
    }
    long[][] h = new long[FisherDigest.BLOCKS][FisherDigest.ENTRIES];
    blocks.subMap(chunk * FisherDigest.BLOCKS, (chunk + 1) * FisherDigest.BLOCKS)
        .forEach((index, entries) -> h[index % FisherDigest.BLOCKS] = entries);
    return FisherDigest.of(h);
  }

  /** The canonical ledger text (class comment). */
  public String encode() {
    ByteBuffer out = ByteBuffer.allocate(blocks.size() * BLOCK_BYTES);
    blocks.forEach((index, h) -> {
      out.putInt(index);
      for (long v : h) {
        out.putLong(v);
      }
    });
    return VERSION + "." + blocks.size() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
  }

  /**
   * Parses the ledger text.
   *
   * @throws IllegalArgumentException for malformed or non-canonical text (indices not strictly
   *     increasing, a raw out of range, a count that does not match the payload)
   */
  public static ObsFisher parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no Fisher record");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException("Fisher record must read " + VERSION + ".<blocks>.<payload>");
    }
    if (!DECIMAL.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("Fisher block count is not a canonical decimal");
    }
    long count = Long.parseLong(parts[1]);
    if (!BASE64URL.matcher(parts[2]).matches() || parts[2].length() % 4 == 1) {
      throw new IllegalArgumentException("Fisher payload is not unpadded base64url");
    }
    if ((long) parts[2].length() * 3 / 4 != count * BLOCK_BYTES) {
      throw new IllegalArgumentException("Fisher payload does not hold " + count + " blocks of " + BLOCK_BYTES + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(parts[2]));
    TreeMap<Integer, long[]> blocks = new TreeMap<>();
    int previous = -1;
    for (long b = 0; b < count; b++) {
      int index = in.getInt();
      if (index <= previous) {
        throw new IllegalArgumentException("Fisher block indices must increase strictly (" + index + " after "
            + previous + ")");
      }
      long[] h = new long[FisherDigest.ENTRIES];
      for (int e = 0; e < h.length; e++) {
        h[e] = in.getLong();
      }
      blocks.put(index, h);
      previous = index;
    }
    ObsFisher fisher = new ObsFisher(blocks);
    if (!fisher.encode().equals(text)) {
      throw new IllegalArgumentException("Fisher record text is not canonical");
    }
    return fisher;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ObsFisher f) || !f.blocks.keySet().equals(blocks.keySet())) {
      return false;
    }
    return blocks.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), f.blocks.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    int h = blocks.keySet().hashCode();
    for (long[] b : blocks.values()) {
      h = 31 * h + Arrays.hashCode(b);
    }
    return h;
  }

  @Override
  public String toString() {
    return "ObsFisher" + new ArrayList<>(blocks.keySet());
  }
}
