package io.lethe.zk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.fixedpoint.FixedPoint;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The zero-shot (Group-OBS) update exactly as the {@code chunk-obs} circuit checks it, and its
 * per-chunk JSON witnesses (prover-native/CHUNKS.md § chunk-obs and § JSON instances). From the
 * old fixed-point weights {@code W}, the mask and the touched blocks' {@link ObsBlock}s:
 * {@code W′[P] = 0}, {@code W′[F] = W[F]}, every other weight
 * {@code W′ = W − round(C[r,:]·z / 2¹⁶)} (half away from zero), blocks without a removed weight
 * unchanged. {@link #apply} refuses, before any proof, what the circuit would refuse:
 * {@code H·C} off {@code E_P} by {@code 2⁻¹¹} or more, {@code C[P,:]·z} off {@code W[P]} by
 * {@code 2⁻¹¹} or more, a raw outside {@code ±2⁴⁰}, a touched block without data.
 */
public final class ObsChunkWitness {
  /** The circuit's tolerances at scale {@code 2^32} ({@code ToleranceBits}, {@code CompensationBits}; CHUNKS.md). */
  static final int TOLERANCE_BITS = 21;

  static final BigInteger TOLERANCE = BigInteger.ONE.shiftLeft(TOLERANCE_BITS);
  private static final int B = FisherDigest.BLOCK;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ObsChunkWitness() {}

  /**
   * The blocks by index, checked against the mask: one per touched block; a block without a
   * removed weight only carries a recorded {@code H} into its chunk's Fisher commitment (the
   * provider may record one, and the ledger's {@code ObsFisher.chunkDigest} includes it), so its
   * {@code C} and {@code z} are zero.
   */
  static TreeMap<Integer, ObsBlock> byIndex(long[] w, ObsMask mask, List<ObsBlock> blocks) {
    if (w.length != mask.weights()) {
      throw new IllegalArgumentException("the mask covers " + mask.weights() + " weights, the model has " + w.length);
    }
    TreeMap<Integer, ObsBlock> out = new TreeMap<>();
    for (ObsBlock b : blocks) {
      if (out.put(b.block(), b) != null) {
        throw new IllegalArgumentException("Fisher block " + b.block() + " given twice");
      }
    }
    for (int p : mask.removed()) {
      if (!out.containsKey(p / B)) {
        throw new IllegalArgumentException("Fisher block " + p / B + " has removed weight " + p + " but no H, C, z");
      }
    }
    for (ObsBlock b : out.values()) {
      if (removedIn(mask, b.block()).length == 0
          && (Arrays.stream(b.c()).anyMatch(v -> v != 0) || Arrays.stream(b.z()).anyMatch(v -> v != 0))) {
        throw new IllegalArgumentException("Fisher block " + b.block() + " has no removed weight; it carries only its"
            + " recorded H (C and z zero)");
      }
    }
    return out;
  }

  /** The block's removed weights, block-relative, increasing (column order of C). */
  static int[] removedIn(ObsMask mask, int block) {
    return Arrays.stream(mask.removed()).filter(p -> p / B == block).map(p -> p - block * B).toArray();
  }

  /**
   * {@code W′} as the circuit derives it.
   *
   * @throws IllegalArgumentException where the circuit would refuse the witness (class comment)
   */
  public static long[] apply(long[] w, ObsMask mask, List<ObsBlock> blocks) {
    TreeMap<Integer, ObsBlock> byBlock = byIndex(w, mask, blocks);
    for (long x : w) {
      checkRaw("w", x);
    }
    long[] out = w.clone();
    int[] frozen = mask.frozen();
    for (ObsBlock blk : byBlock.values()) {
      int b = blk.block();
      int[] removed = removedIn(mask, b);
      for (long v : blk.fisher()) {
        checkRaw("H of block " + b, v);
      }
      for (long v : blk.c()) {
        checkRaw("C of block " + b, v);
      }
      for (int j = 0; j < ObsBlock.COLUMNS; j++) {
        checkRaw("z of block " + b, blk.z()[j]);
        if (j >= removed.length && blk.z()[j] != 0) {
          throw new IllegalArgumentException("block " + b + ": z[" + j + "] must be 0 (its column targets no removed weight)");
        }
      }
      for (int r = 0; r < B; r++) {
        for (int j = 0; j < ObsBlock.COLUMNS; j++) {
          BigInteger m = BigInteger.ZERO;
          for (int k = 0; k < B; k++) {
            m = m.add(BigInteger.valueOf(blk.h(r, k)).multiply(BigInteger.valueOf(blk.c(k, j))));
          }
          if (j < removed.length && removed[j] == r) {
            m = m.subtract(BigInteger.ONE.shiftLeft(2 * FixedPoint.FRACTION_BITS));
          }
          if (m.abs().compareTo(TOLERANCE) >= 0) {
            throw new IllegalArgumentException("block " + b + ": (H·C − E_P)[" + r + "][" + j + "] = " + m
                + " at scale 2^32, outside ±2^" + TOLERANCE_BITS + " (C is not H⁻¹[:,P])");
          }
        }
        int i = b * B + r;
        if (i >= w.length) {
          if (blk.c(r, 0) != 0 || blk.c(r, 1) != 0) {
            throw new IllegalArgumentException("block " + b + ": row " + r + " of C is past the model's weights and must be 0");
          }
          continue;
        }
        BigInteger p = BigInteger.valueOf(blk.c(r, 0)).multiply(BigInteger.valueOf(blk.z()[0]))
            .add(BigInteger.valueOf(blk.c(r, 1)).multiply(BigInteger.valueOf(blk.z()[1])));
        if (Arrays.binarySearch(removed, r) >= 0) {
          BigInteger e = p.subtract(BigInteger.valueOf(w[i]).shiftLeft(FixedPoint.FRACTION_BITS));
          if (e.abs().compareTo(TOLERANCE) >= 0) {
            throw new IllegalArgumentException("removed weight " + i + ": C[r,:]·z misses W·2^16 by " + e
                + " at scale 2^32 (bound 2^" + TOLERANCE_BITS + ")");
          }
          out[i] = 0;
        } else if (Arrays.binarySearch(frozen, i) < 0) {
          out[i] = w[i] - roundShift(p);
          checkRaw("w_new", out[i]);
        }
      }
    }
    return out;
  }

  /** {@code round(p / 2^16)}, halves away from zero (FixedPoint's rule, the circuit's). */
  static long roundShift(BigInteger p) {
    BigInteger half = BigInteger.ONE.shiftLeft(FixedPoint.FRACTION_BITS - 1);
    BigInteger q = p.abs().add(half).shiftRight(FixedPoint.FRACTION_BITS);
    return (p.signum() < 0 ? q.negate() : q).longValueExact();
  }

  private static void checkRaw(String what, long v) {
    if (v <= -FixedPoint.BOUND || v >= FixedPoint.BOUND) {
      throw new IllegalArgumentException(what + ": raw " + v + " outside ±2^40");
    }
  }

  /** The chunk's Fisher commitment: its blocks' H (as recorded), zero elsewhere. */
  public static BigInteger fisherDigest(int chunk, List<ObsBlock> blocks) {
    long[][] h = new long[FisherDigest.BLOCKS][FisherDigest.ENTRIES];
    for (ObsBlock b : blocks) {
      if (b.block() / FisherDigest.BLOCKS == chunk) {
        h[b.block() % FisherDigest.BLOCKS] = b.fisher();
      }
    }
    return FisherDigest.of(h);
  }

  /** The JSON witness of chunk {@code chunk} (CHUNKS.md § JSON instances), {@code w_new} included. */
  public static ObjectNode instance(int chunk, BigInteger bind, long[] w, long[] wNew, ObsMask mask, List<ObsBlock> blocks) {
    TreeMap<Integer, ObsBlock> byBlock = byIndex(w, mask, blocks);
    int from = chunk * ZkDigest.CHUNK_WEIGHTS;
    int count = (int) ChunkBundleVerifier.count(w.length, chunk);
    if (count < 1) {
      throw new IllegalArgumentException("chunk " + chunk + " holds no weights of a " + w.length + "-weight model");
    }
    ObjectNode in = JSON.createObjectNode();
    in.put("index", chunk);
    in.put("bind", FieldBytes.toHex(bind));
    in.set("w", array(Arrays.copyOfRange(w, from, from + count)));
    in.set("removed", relative(mask.removed(), from, count));
    in.set("frozen", relative(mask.frozen(), from, count));
    ArrayNode fisher = in.putArray("fisher");
    ArrayNode c = in.putArray("c");
    ArrayNode z = in.putArray("z");
    int firstBlock = chunk * FisherDigest.BLOCKS;
    var touched = byBlock.subMap(firstBlock, firstBlock + FisherDigest.BLOCKS);
    int last = touched.isEmpty() ? -1 : touched.lastKey() - firstBlock;
    for (int b = 0; b <= last; b++) {
      ObsBlock blk = touched.get(firstBlock + b);
      fisher.add(array(blk == null ? new long[FisherDigest.ENTRIES] : blk.fisher()));
      c.add(array(blk == null ? new long[B * ObsBlock.COLUMNS] : blk.c()));
      z.add(array(blk == null ? new long[ObsBlock.COLUMNS] : blk.z()));
    }
    in.set("w_new", array(Arrays.copyOfRange(wNew, from, from + count)));
    return in;
  }

  private static ArrayNode relative(int[] set, int from, int count) {
    ArrayNode a = JSON.createArrayNode();
    for (int p : set) {
      if (p >= from && p < from + count) {
        a.add(p - from);
      }
    }
    return a;
  }

  private static ArrayNode array(long[] values) {
    ArrayNode a = JSON.createArrayNode();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }
}
