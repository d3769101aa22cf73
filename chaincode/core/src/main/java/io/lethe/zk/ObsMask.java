package io.lethe.zk;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The mask of a zero-shot (Group-OBS) rewrite, model-wide: the removed weights P (set to zero,
 * the rest of their Fisher block compensates) and the frozen weights F (left exactly as they
 * are). The {@code chunk-obs} circuit (prover-native/CHUNKS.md § chunk-obs) takes it as public
 * bit masks per chunk and allows at most {@value #MAX_REMOVED_PER_BLOCK} removed weights per
 * Fisher block of {@value #FISHER_BLOCK}; a mask that breaks that is refused here, before any
 * proof.
 *
 * <p>Ledger text ({@link #encode()}, CHUNKS.md § mask encoding):
 * {@code obs1.<weights>.<removed>.<frozen>}, each list the unpadded base64url of the unsigned
 * LEB128 varints of its gaps (the first position, then each position − previous − 1), an
 * empty list the empty string. Every mask has exactly one text; {@link #parse} refuses any
 * other (padding, overlong varints, leading zeros).
 */
public final class ObsMask {
  /** Weights per Fisher block in the circuit. */
  public static final int FISHER_BLOCK = 16;
  /** Removed weights per Fisher block the circuit allows. */
  public static final int MAX_REMOVED_PER_BLOCK = 2;
  /** Chunk bits per public mask element, and elements per mask of one chunk. */
  public static final int MASK_BITS = 248;
  public static final int MASK_ELEMENTS = (ZkDigest.CHUNK_WEIGHTS + MASK_BITS - 1) / MASK_BITS;
  /** Most weights a mask may cover (the largest model a bundle may prove). */
  public static final long MAX_WEIGHTS = (long) ChunkBundleVerifier.MAX_CHUNKS * ZkDigest.CHUNK_WEIGHTS;
  static final String VERSION = "obs1";

  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

  private final long weights;
  private final int[] removed;
  private final int[] frozen;

  /**
   * @param weights the model's weight count, 1 … {@link #MAX_WEIGHTS}
   * @param removed positions set to zero: sorted, distinct, in range, at most two per Fisher block
   * @param frozen positions left unchanged: sorted, distinct, in range, none removed
   * @throws IllegalArgumentException naming the first rule broken
   */
  public ObsMask(long weights, int[] removed, int[] frozen) {
    if (weights < 1 || weights > MAX_WEIGHTS) {
      throw new IllegalArgumentException("mask weight count " + weights + " outside 1.." + MAX_WEIGHTS);
    }
    this.weights = weights;
    this.removed = checked("removed", removed, weights);
    this.frozen = checked("frozen", frozen, weights);
    for (int i = 0; i < this.removed.length; i++) {
      int block = this.removed[i] / FISHER_BLOCK;
      if (i >= MAX_REMOVED_PER_BLOCK && this.removed[i - MAX_REMOVED_PER_BLOCK] / FISHER_BLOCK == block) {
        throw new IllegalArgumentException("Fisher block " + block + " (weights " + block * FISHER_BLOCK + ".."
            + (block * FISHER_BLOCK + FISHER_BLOCK - 1) + ") has more than " + MAX_REMOVED_PER_BLOCK
            + " removed weights; the chunk-obs circuit allows " + MAX_REMOVED_PER_BLOCK);
      }
      if (Arrays.binarySearch(this.frozen, this.removed[i]) >= 0) {
        throw new IllegalArgumentException("weight " + this.removed[i] + " is both removed and frozen");
      }
    }
  }

  private static int[] checked(String name, int[] pos, long weights) {
    if (pos == null) {
      throw new IllegalArgumentException(name + " positions missing");
    }
    int[] copy = pos.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] < 0 || copy[i] >= weights) {
        throw new IllegalArgumentException(name + " position " + copy[i] + " outside 0.." + (weights - 1));
      }
      if (i > 0 && copy[i] <= copy[i - 1]) {
        throw new IllegalArgumentException(name + " positions must be sorted and distinct (" + copy[i - 1] + ", "
            + copy[i] + ")");
      }
    }
    return copy;
  }

  public long weights() {
    return weights;
  }

  public int[] removed() {
    return removed.clone();
  }

  public int[] frozen() {
    return frozen.clone();
  }

  /** Whether chunk {@code chunk} holds a removed weight (its proof is then required). */
  public boolean touches(int chunk) {
    return from(removed, chunk) < to(removed, chunk);
  }

  /**
   * The ten public mask elements of chunk {@code chunk}'s proof: removed[0..5) then frozen[0..5),
   * chunk position {@code i} being bit {@code i mod 248} of element {@code i / 248}.
   */
  public List<BigInteger> chunkInputs(int chunk) {
    List<BigInteger> out = new ArrayList<>(2 * MASK_ELEMENTS);
    out.addAll(elements(removed, chunk));
    out.addAll(elements(frozen, chunk));
    return out;
  }

  private static List<BigInteger> elements(int[] set, int chunk) {
    BigInteger[] e = new BigInteger[MASK_ELEMENTS];
    Arrays.fill(e, BigInteger.ZERO);
    long base = (long) chunk * ZkDigest.CHUNK_WEIGHTS;
    for (int k = from(set, chunk), end = to(set, chunk); k < end; k++) {
      int i = (int) (set[k] - base);
      e[i / MASK_BITS] = e[i / MASK_BITS].setBit(i % MASK_BITS);
    }
    return List.of(e);
  }

  /** First index of {@code set} at or after the chunk's first position. */
  private static int from(int[] set, int chunk) {
    return lowerBound(set, (long) chunk * ZkDigest.CHUNK_WEIGHTS);
  }

  private static int to(int[] set, int chunk) {
    return lowerBound(set, (long) (chunk + 1) * ZkDigest.CHUNK_WEIGHTS);
  }

  private static int lowerBound(int[] set, long x) {
    int lo = 0;
    int hi = set.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (set[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The canonical ledger text (class comment). */
  public String encode() {
    return VERSION + "." + weights + "." + gaps(removed) + "." + gaps(frozen);
  }

  private static String gaps(int[] pos) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long prev = -1;
    for (int p : pos) {
      long v = p - prev - 1;
      while (v >= 0x80) {
        out.write((int) (v & 0x7f) | 0x80);
        v >>>= 7;
      }
      out.write((int) v);
      prev = p;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * Parses the ledger text of a mask.
   *
   * @throws IllegalArgumentException for malformed or non-canonical text, or a mask the circuit
   *     cannot prove (the constructor's rules)
   */
  public static ObsMask parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no OBS mask");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException("OBS mask must read " + VERSION + ".<weights>.<removed>.<frozen>");
    }
    if (!DECIMAL.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("OBS mask weight count is not a canonical decimal: " + abbreviate(parts[1]));
    }
    ObsMask mask = new ObsMask(Long.parseLong(parts[1]), positions("removed", parts[2]), positions("frozen", parts[3]));
    if (!mask.encode().equals(text)) {
      throw new IllegalArgumentException("OBS mask text is not canonical");
    }
    return mask;
  }

  private static int[] positions(String name, String b64) {
    if (!BASE64URL.matcher(b64).matches() || b64.length() % 4 == 1) {
      throw new IllegalArgumentException(name + " list is not unpadded base64url");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " list is not unpadded base64url: " + e.getMessage());
    }
    int[] out = new int[bytes.length];
    int n = 0;
    long prev = -1;
    for (int k = 0; k < bytes.length;) {
      long v = 0;
      int shift = 0;
      while (true) {
        if (k == bytes.length) {
          throw new IllegalArgumentException(name + " list ends inside a varint");
        }
        int b = bytes[k++] & 0xff;
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
        if (shift > 28) {
          throw new IllegalArgumentException(name + " list has a varint longer than 5 bytes");
        }
      }
      long p = prev + 1 + v;
      if (p > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " position " + p + " overflows");
      }
      out[n++] = (int) p;
      prev = p;
    }
    return Arrays.copyOf(out, n);
  }

  private static String abbreviate(String s) {
    return s.length() <= 24 ? "'" + s + "'" : "'" + s.substring(0, 24) + "…'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObsMask m && m.weights == weights && Arrays.equals(m.removed, removed)
        && Arrays.equals(m.frozen, frozen);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Long.hashCode(weights) + Arrays.hashCode(removed)) + Arrays.hashCode(frozen);
  }

  @Override
  public String toString() {
    return "ObsMask[" + weights + " weights, " + removed.length + " removed, " + frozen.length + " frozen]";
  }
}
