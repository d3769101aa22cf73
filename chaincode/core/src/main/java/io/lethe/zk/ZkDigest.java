package io.lethe.zk;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * zkDigest v1: the SNARK-friendly commitment to a model's fixed-point weights, identical to
 * prover-native/zkdigest (spec: prover-native/ZKDIGEST.md).
 *
 * <p>Weights are {@link io.lethe.fixedpoint.FixedPoint} raws, |raw| &lt; 2^40. Leaves hold 64 weights (the last padded
 * with raw 0); each weight becomes u = raw + 2^40 (41 bits), six per field element (element k =
 * Σ_j u_{6k+j}·2^{41j}, 11 elements per leaf); a leaf is a rate-2 Poseidon2 sponge whose
 * capacity starts at 1. Leaves are padded with zero to a power of two and folded with
 * compress(l, r, 2); the digest is compress(root, n, 3). The tree's aligned subtrees of 16
 * leaves are the chunks whose subroots chunk proofs refer to; the digest is rebuilt from them.
 */
public final class ZkDigest {
  public static final int MAGNITUDE_BITS = 40;
  static final int SLOT_BITS = 41;
  static final int PER_ELEMENT = 6;
  public static final int LEAF_WEIGHTS = 64;
  /** Leaves per chunk: a chunk is an aligned subtree of 1,024 weights (DESIGN §5). */
  public static final int CHUNK_LEAVES = 16;
  public static final int CHUNK_WEIGHTS = CHUNK_LEAVES * LEAF_WEIGHTS;
  static final int LEAF_ELEMENTS = 11;
  static final long TAG_LEAF = 1;
  static final long TAG_NODE = 2;
  static final long TAG_ROOT = 3;
  private static final long LIMIT = 1L << MAGNITUDE_BITS;

  private ZkDigest() {}

  static BigInteger leafHash(long[] raw, int from, int to) {
    BigInteger[] packed = new BigInteger[LEAF_ELEMENTS];
    for (int k = 0; k < LEAF_ELEMENTS; k++) {
      BigInteger acc = BigInteger.ZERO;
      for (int j = PER_ELEMENT - 1; j >= 0; j--) {
        int idx = k * PER_ELEMENT + j;
        acc = acc.shiftLeft(SLOT_BITS);
        if (idx >= LEAF_WEIGHTS) {
          continue;
        }
        long r = from + idx < to ? raw[from + idx] : 0;
        acc = acc.add(BigInteger.valueOf(r + LIMIT));
      }
      packed[k] = acc;
    }
    BigInteger[] s = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(TAG_LEAF)};
    for (int k = 0; k < LEAF_ELEMENTS; k += 2) {
      s[0] = s[0].add(packed[k]).mod(Bls12381.SCALAR_FIELD_ORDER);
      if (k + 1 < LEAF_ELEMENTS) {
        s[1] = s[1].add(packed[k + 1]).mod(Bls12381.SCALAR_FIELD_ORDER);
      }
      Poseidon2.permute(s);
    }
    return s[0];
  }

  /** zkDigest of raw fixed-point weights; rejects |raw| ≥ 2^40. */
  public static BigInteger digest(long[] raw) {
    return fromChunkSubroots(chunkSubroots(raw), raw.length);
  }

  /**
   * The subroots of the model's chunks (DESIGN §5): a chunk is an aligned subtree of
   * {@link #CHUNK_LEAVES} leaves ({@link #CHUNK_WEIGHTS} weights), or the whole tree when it
   * has fewer leaves. Chunks made only of padding leaves are included (their subroot is the fold
   * of zeros), so the list always has {@code chunkCount(n)} entries.
   */
  public static List<BigInteger> chunkSubroots(long[] raw) {
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] <= -LIMIT || raw[i] >= LIMIT) {
        throw new IllegalArgumentException("weight " + i + ": raw " + raw[i] + " outside (-2^40, 2^40)");
      }
    }
    int leaves = leafCount(raw.length);
    int width = treeWidth(raw.length);
    int chunkLeaves = Math.min(CHUNK_LEAVES, width);
    List<BigInteger> out = new ArrayList<>();
    for (int first = 0; first < width; first += chunkLeaves) {
      BigInteger[] level = new BigInteger[chunkLeaves];
      for (int i = 0; i < chunkLeaves; i++) {
        int leaf = first + i;
        level[i] = leaf < leaves
            ? leafHash(raw, leaf * LEAF_WEIGHTS, Math.min((leaf + 1) * LEAF_WEIGHTS, raw.length))
            : BigInteger.ZERO;
      }
      out.add(fold(level));
    }
    return out;
  }

  /**
   * The subroot chunk {@code index} of an {@code n}-weight model has when all its weights are
   * zero (what an unchanged chunk of an update Δ = W′ − W must carry).
   */
  public static BigInteger zeroChunkSubroot(long n, int index) {
    if (n < 0 || n > Integer.MAX_VALUE || index < 0 || index >= chunkCount(n)) {
      throw new IllegalArgumentException("no chunk " + index + " in a model of " + n + " weights");
    }
    int chunkLeaves = Math.min(CHUNK_LEAVES, treeWidth(n));
    int real = Math.max(0, Math.min(chunkLeaves, leafCount(n) - index * chunkLeaves));
    return ZERO_CHUNKS.computeIfAbsent(chunkLeaves * (CHUNK_LEAVES + 1) + real, key -> {
      BigInteger[] level = new BigInteger[chunkLeaves];
      for (int i = 0; i < chunkLeaves; i++) {
        level[i] = i < real ? ZERO_LEAF : BigInteger.ZERO;
      }
      return fold(level);
    });
  }

  private static final BigInteger ZERO_LEAF = leafHash(new long[0], 0, 0);
  /** Zero-chunk subroots by (width, real leaves): a handful of values, each computed once. */
  private static final java.util.Map<Integer, BigInteger> ZERO_CHUNKS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The zkDigest of an {@code n}-weight model from its chunk subroots; the count must fit {@code n}. */
  public static BigInteger fromChunkSubroots(List<BigInteger> subroots, long n) {
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("weight count " + n + " out of range");
    }
    if (subroots.size() != chunkCount(n)) {
      throw new IllegalArgumentException("a model of " + n + " weights has " + chunkCount(n) + " chunks, got "
          + subroots.size() + " subroots");
    }
    for (BigInteger x : subroots) {
      if (x == null || x.signum() < 0 || x.compareTo(Bls12381.SCALAR_FIELD_ORDER) >= 0) {
        throw new IllegalArgumentException("a chunk subroot is not a BLS12-381 scalar");
      }
    }
    return Poseidon2.compress(fold(subroots.toArray(BigInteger[]::new)), BigInteger.valueOf(n), TAG_ROOT);
  }

  /** Number of chunks of an {@code n}-weight model. */
  public static int chunkCount(long n) {
    int width = treeWidth(n);
    return Math.max(1, width / CHUNK_LEAVES);
  }

  private static int leafCount(long n) {
    return (int) Math.max(1, (n + LEAF_WEIGHTS - 1) / LEAF_WEIGHTS);
  }

  private static int treeWidth(long n) {
    int leaves = leafCount(n);
    int width = Integer.highestOneBit(leaves);
    return width < leaves ? width << 1 : width;
  }

  private static BigInteger fold(BigInteger[] level) {
    while (level.length > 1) {
      BigInteger[] next = new BigInteger[level.length / 2];
      for (int i = 0; i < next.length; i++) {
        next[i] = Poseidon2.compress(level[2 * i], level[2 * i + 1], TAG_NODE);
      }
      level = next;
    }
    return level[0];
  }

  /** 32-byte big-endian encoding (the form zkDigest takes in payloads and public inputs). */
  public static byte[] toBytes(BigInteger e) {
    return FieldBytes.toBytes32(e);
  }
}
