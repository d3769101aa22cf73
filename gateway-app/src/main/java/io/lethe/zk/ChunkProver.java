package io.lethe.zk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.fixedpoint.CascadeStep;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Proves a model rewrite chunk by chunk (DESIGN §5) on one or more prover sidecars, one worker
 * per sidecar, and assembles the {@link ProofBundle} the chaincode checks. Which chunks carry a
 * proof follows the chaincode's rule: every changed chunk, and for a cascade every chunk where
 * a start with {@code k > 0} has a non-zero Δ.
 */
public final class ChunkProver {
  /** Called after each chunk proof. */
  public interface Progress {
    void chunkProven(int done, int total, int chunk, Duration took);
  }

  /** One prover: a sidecar ({@link ProverClient#proveChunk}) or a test double. Returns gnark's proof bytes. */
  public interface Backend {
    byte[] proveChunk(String keyId, byte[] witnessJson);
  }

  /** Starts one cascade chunk proof covers (the circuit's fixed width). */
  public static final int MAX_STARTS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Backend> provers;

  public ChunkProver(List<Backend> provers) {
    if (provers.isEmpty()) {
      throw new IllegalArgumentException("at least one prover sidecar is needed");
    }
    this.provers = List.copyOf(provers);
  }

  /** A prover over sidecars, one worker per sidecar. */
  public static ChunkProver onSidecars(List<ProverClient> sidecars) {
    List<Backend> backends = new ArrayList<>();
    for (ProverClient c : sidecars) {
      backends.add((keyId, json) -> c.proveChunk(keyId, json, (stage, fraction) -> { }).getProof().toByteArray());
    }
    return new ChunkProver(backends);
  }

  /** The bundle of a starting model's update {@code Δ = wNew − w} (statement {@code delta}). */
  public ProofBundle delta(BigInteger bind, long[] w, long[] wNew, Progress progress) {
    requireSameLength(w, wNew);
    long[] delta = new long[w.length];
    for (int i = 0; i < w.length; i++) {
      delta[i] = Math.subtractExact(wNew[i], w[i]);
    }
    List<BigInteger> deltaSubroots = ZkDigest.chunkSubroots(delta);
    List<Integer> needed = new ArrayList<>();
    for (int i = 0; i < deltaSubroots.size(); i++) {
      if (!deltaSubroots.get(i).equals(ZkDigest.zeroChunkSubroot(w.length, i))) {
        needed.add(i);
      }
    }
    List<ChunkProof> proofs = prove(ChunkKind.DELTA, needed, i -> {
      ObjectNode in = target(i, bind);
      in.set("w", array(slice(w, i)));
      in.set("w_new", array(slice(wNew, i)));
      return in;
    }, progress);
    return new ProofBundle("delta", (long) w.length, hex(ZkDigest.chunkSubroots(w)), hex(ZkDigest.chunkSubroots(wNew)),
        hex(deltaSubroots), proofs);
  }

  /**
   * The bundle of an inheriting model's cascade step. {@code k[s]} and {@code deltas[s]} follow
   * the request's starting models in order (at most four; {@code k = 0} for a start that does
   * not reach the model). Returns the bundle; the new weights are {@link #cascadeWeights}.
   */
  public ProofBundle cascade(BigInteger bind, long[] w, long[] k, long[][] deltas, Progress progress) {
    if (k.length < 1 || k.length > MAX_STARTS || deltas.length != k.length) {
      throw new IllegalArgumentException("a cascade proof takes 1..4 starts, each with k and Δ");
    }
    long[] wNew = cascadeWeights(w, k, deltas);
    List<List<BigInteger>> deltaSubroots = new ArrayList<>();
    for (long[] d : deltas) {
      deltaSubroots.add(ZkDigest.chunkSubroots(d));
    }
    List<BigInteger> oldSubroots = ZkDigest.chunkSubroots(w);
    List<BigInteger> newSubroots = ZkDigest.chunkSubroots(wNew);
    List<Integer> needed = new ArrayList<>();
    for (int i = 0; i < oldSubroots.size(); i++) {
      boolean touched = !oldSubroots.get(i).equals(newSubroots.get(i));
      for (int s = 0; s < k.length && !touched; s++) {
        touched = k[s] > 0 && !deltaSubroots.get(s).get(i).equals(ZkDigest.zeroChunkSubroot(w.length, i));
      }
      if (touched) {
        needed.add(i);
      }
    }
    List<ChunkProof> proofs = prove(ChunkKind.CASCADE, needed, i -> {
      ObjectNode in = target(i, bind);
      in.set("w", array(slice(w, i)));
      ArrayNode starts = in.putArray("starts");
      for (int s = 0; s < k.length; s++) {
        ObjectNode st = starts.addObject();
        st.put("k", k[s]);
        st.set("delta", array(k[s] == 0 ? new long[slice(w, i).length] : slice(deltas[s], i)));
      }
      return in;
    }, progress);
    return new ProofBundle("cascade", (long) w.length, hex(oldSubroots), hex(newSubroots), null, proofs);
  }

  /**
   * The bundle of a zero-shot Group-OBS rewrite (statement {@code obs}): the published model must
   * be {@link ObsChunkWitness#apply}{@code (w, mask, blocks)}, the update the circuit derives
   * ({@code ObsUnlearning.provableUpdate} gives exactly that). Every chunk with a removed weight
   * is proven (no other can change); each proof carries the chunk's Fisher digest.
   *
   * @param bind {@code ChunkBind(channel, request, model, new version)}
   * @param w the old fixed-point weights
   * @param mask the request's mask (removed and frozen weights)
   * @param blocks one {@link ObsBlock} (fixed-point H, C, z) per Fisher block with a removed weight, and
   *     one with C, z zero per other block whose H the provider recorded (it is in the chunk's Fisher digest)
   * @throws IllegalArgumentException when the update breaks the circuit's relations (before any proof)
   */
  public ProofBundle obs(BigInteger bind, long[] w, ObsMask mask, List<ObsBlock> blocks, Progress progress) {
    long[] wNew = ObsChunkWitness.apply(w, mask, blocks);
    List<Integer> needed = new ArrayList<>();
    for (int i = 0; i < ZkDigest.chunkCount(w.length); i++) {
      if (mask.touches(i)) {
        needed.add(i);
      }
    }
    List<ChunkProof> proofs = prove(ChunkKind.OBS, needed, i -> ObsChunkWitness.instance(i, bind, w, wNew, mask, blocks),
        progress).stream()
        .map(p -> new ChunkProof(p.index(), p.proof(), FieldBytes.toHex(ObsChunkWitness.fisherDigest(p.index(), blocks))))
        .toList();
    return new ProofBundle("obs", (long) w.length, hex(ZkDigest.chunkSubroots(w)), hex(ZkDigest.chunkSubroots(wNew)),
        null, proofs);
  }

  /** The chunk subroots of a model's weights, as a bundle lists them (hex). */
  public static List<String> subrootsHex(long[] w) {
    return hex(ZkDigest.chunkSubroots(w));
  }

  /** The model a cascade step must publish: {@code w + Σ_s round(k_s·Δ_s / 2¹⁶)}, Δ of k = 0 starts ignored. */
  public static long[] cascadeWeights(long[] w, long[] k, long[][] deltas) {
    long[][] used = new long[deltas.length][];
    for (int s = 0; s < deltas.length; s++) {
      requireSameLength(w, deltas[s]);
      used[s] = k[s] == 0 ? new long[w.length] : deltas[s];
    }
    return CascadeStep.apply(w, k, used);
  }

  private interface Witness {
    ObjectNode of(int chunk);
  }

  private List<ChunkProof> prove(ChunkKind kind, List<Integer> chunks, Witness witness, Progress progress) {
    if (chunks.isEmpty()) {
      return List.of();
    }
    ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>(chunks);
    ChunkProof[] out = new ChunkProof[chunks.size()];
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(provers.size());
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (Backend prover : provers) {
        workers.add(pool.submit(() -> {
          Integer chunk;
          while ((chunk = queue.poll()) != null) {
            long t0 = System.nanoTime();
            byte[] json;
            try {
              json = JSON.writeValueAsBytes(witness.of(chunk));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
              throw new IllegalStateException(e);
            }
            byte[] proof = prover.proveChunk(kind.keyId(), json);
            out[chunks.indexOf(chunk)] = new ChunkProof(chunk, Base64.getEncoder().encodeToString(proof));
            progress.chunkProven(done.incrementAndGet(), chunks.size(), chunk, Duration.ofNanos(System.nanoTime() - t0));
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    } catch (ExecutionException e) {
      queue.clear();
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      queue.clear();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while proving chunks", e);
    } finally {
      pool.shutdownNow();
    }
    return Arrays.asList(out);
  }

  private static ObjectNode target(int chunk, BigInteger bind) {
    ObjectNode in = JSON.createObjectNode();
    in.put("index", chunk);
    in.put("bind", FieldBytes.toHex(bind));
    return in;
  }

  private static long[] slice(long[] w, int chunk) {
    int from = chunk * ZkDigest.CHUNK_WEIGHTS;
    return Arrays.copyOfRange(w, Math.min(from, w.length), Math.min(from + ZkDigest.CHUNK_WEIGHTS, w.length));
  }

  private static ArrayNode array(long[] values) {
    ArrayNode a = JSON.createArrayNode();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }

  private static List<String> hex(List<BigInteger> xs) {
    return xs.stream().map(FieldBytes::toHex).toList();
  }

  private static void requireSameLength(long[] a, long[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("weight vectors differ in length: " + a.length + " vs " + b.length);
    }
  }
}
