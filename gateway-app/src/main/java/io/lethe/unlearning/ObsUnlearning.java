package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.fl.model.PublishedOrder;
import io.lethe.fixedpoint.FixedPoint;
import io.lethe.ledger.Method;
import io.lethe.zk.FisherDigest;
import io.lethe.zk.ObsBlock;
import io.lethe.zk.ObsChunkWitness;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Zero-shot unlearning after ZK-APEX. Provider side: a sparse mask of the weights most
 * specific to the forgotten classes, by saliency of the true-class logit z_y: a weight's mean
 * contribution to the forgotten samples' own logit minus its typical (root-mean-square, one
 * sample at a time) contribution to retained samples' logits,
 * {@code s_i = w_i·E_forget[∂z_y/∂w_i] − retainPenalty·|w_i|·√E_reference[(∂z_y/∂w_i)²]}
 * (reference: the provider's small set of retained-class samples). A mean over the retained
 * samples lets classes cancel, and the CNN's shared convolution weights then looked
 * forget-specific (measured: A_r 0.84 → 0.75 on a starting model; 0.85 with the RMS). The
 * mask is the smallest top-{@code k} set (k doubling from {@code sparsity·N/16} up to
 * {@code sparsity·N}, {@code s_i > 0} only) whose zeroing drops the model's accuracy on a probe of the forget set to
 * {@code targetForgetAccuracy}: a model that hardly knows the forgotten classes loses few
 * weights, a starting model as many as it needs. Client side, per block of {@code blockSize}
 * consecutive weights touched by the mask: a dampened block-wise empirical Fisher from
 * per-sample gradients of the client's own retained data over the block's movable weights,
 * inverted by Sherman–Morrison ({@link BlockFisher}), and the Group OBS compensation
 * ({@link GroupObs}) that zeroes the masked weights while keeping the client's loss. Weights
 * the forgotten classes are more sensitive to than the retained ones
 * ({@code E_forget[(∂z_y/∂w_i)²] > E_reference[(∂z_y/∂w_i)²]}) stay fixed, so
 * compensation cannot rebuild the removed pathway. Should the forget-probe accuracy still
 * exceed the target, mask and compensation repeat (saliency recomputed, as in iterative
 * pruning), at most {@code rounds} times. No retraining; every affected model is updated
 * independently (one consensus).
 *
 * <p>Proof-compatible mode ({@link Config#provableDefaults}, {@link #provableUpdate}): the
 * {@code chunk-obs} circuit's restrictions (Fisher block 16, at most two removed weights per
 * block in the provider's mask, one round per proof, frozen weights only where they matter: in
 * touched blocks) and the compensation computed in the fixed point the circuit checks, so the
 * model published is the proven one ({@link #compensateProvable}). Its masks and blocks are in the
 * published order ({@link PublishedOrder}), where a class's output row has at most two weights
 * per block, and the classifier head's other weights in touched blocks are frozen
 * ({@link #freezeHeadBlocks}).
 */
public final class ObsUnlearning implements UnlearningMethod {

  /**
   * {@code dampening} is relative to the Fisher's mean diagonal; the empirical Fisher of a
   * well-fitted model from a few hundred samples is far from the Hessian, and with small
   * dampening the compensation overshoots (measured: A_r falls from 0.80 to 0.45 at 0.01), so
   * the default is 1.0.
   */
  public record Config(double sparsity, int blockSize, int fisherSamples, double dampening,
      int saliencySamples, int rounds, double targetForgetAccuracy, double retainPenalty, boolean provable) {
    public Config {
      if (provable && (blockSize != ObsMask.FISHER_BLOCK || rounds != 1)) {
        throw new IllegalArgumentException("the proof-compatible OBS takes Fisher block " + ObsMask.FISHER_BLOCK
            + " and one mask/compensate round per proof (got block " + blockSize + ", " + rounds + " rounds)");
      }
    }

    /** Today's OBS (not provable by {@code chunk-obs}). */
    public Config(double sparsity, int blockSize, int fisherSamples, double dampening, int saliencySamples, int rounds,
        double targetForgetAccuracy, double retainPenalty) {
      this(sparsity, blockSize, fisherSamples, dampening, saliencySamples, rounds, targetForgetAccuracy,
          retainPenalty, false);
    }

    public static Config defaults() {
      return new Config(0.005, 32, 256, 1.0, 300, 3, 0.05, 2.0);
    }

    /**
     * The proof-compatible mode ({@link #provableUpdate}): Fisher block 16, at most two removed
     * weights per block in the provider's mask, one mask/compensate round (one proof).
     */
    public static Config provableDefaults() {
      Config d = defaults();
      return new Config(d.sparsity(), ObsMask.FISHER_BLOCK, d.fisherSamples(), d.dampening(), d.saliencySamples(), 1,
          d.targetForgetAccuracy(), d.retainPenalty(), true);
    }

    /** This config with the provider's mask search and the client's Fisher block size. */
    public Config withMaskSearch(double sparsity, double targetForgetAccuracy, int blockSize, int rounds) {
      return new Config(sparsity, blockSize, fisherSamples, dampening, saliencySamples, rounds,
          targetForgetAccuracy, retainPenalty, provable);
    }

    /** The forget-set probe the provider checks a mask against (the saliency samples). */
    int probeSamples() {
      return saliencySamples;
    }
  }

  /** The run: the settings, and per affected model the mask/compensate rounds and the weights removed. */
  public record Details(double sparsity, int blockSize, int fisherSamples, double dampening,
      int maxRounds, double targetForgetAccuracy, double retainPenalty, Map<String, Integer> rounds,
      Map<String, Integer> maskSizes, int consensusRounds) implements UnlearningDetails {}

  private final Config cfg;

  public ObsUnlearning(Config cfg) {
    this.cfg = cfg;
  }

  @Override
  public Method method() {
    return Method.OBS;
  }

  /**
   * The provider's mask: {@code removed} (sorted) are zeroed; {@code frozen} are the other
   * weights the forgotten classes' logits are more sensitive to than the retained classes'
   * ({@code E_forget[(∂z_y/∂w_i)²] > E_reference[(∂z_y/∂w_i)²]}, e.g. the forgotten classes'
   * whole output rows) — compensation must not move them: OBS keeps the network's function, and
   * moving them would rebuild the removed pathway (measured: with only {@code s_i > 0} frozen a
   * starting model kept A_f 0.13–0.42 after compensation although zeroing alone gave 0).
   * Indices are the network's ({@link Network#params}); in proof-compatible mode they are
   * published positions ({@link PublishedOrder}), the order the circuit's Fisher blocks cut.
   */
  public record Mask(int[] removed, BitSet frozen) {}

  /** Provider side: the weights to remove and the forget-sensitive weights to keep fixed. */
  public Mask mask(Network net, Dataset forget, Dataset reference) {
    int n = net.paramCount();
    LogitSensitivity onForget = LogitSensitivity.of(net, forget, cfg.saliencySamples());
    LogitSensitivity onRetained = LogitSensitivity.of(net, reference, cfg.saliencySamples());
    double[] meanForget = onForget.mean();
    double[] importanceForget = onForget.secondMoment();
    double[] importanceRetained = onRetained.secondMoment();
    double[] w = net.params();
    Integer[] order = new Integer[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = w[i] * meanForget[i] - cfg.retainPenalty() * Math.abs(w[i]) * Math.sqrt(importanceRetained[i]);
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    int[] salient = Arrays.stream(order).filter(i -> s[i] > 0).mapToInt(Integer::intValue).toArray();
    PublishedOrder published = cfg.provable() ? PublishedOrder.of(net) : null;
    if (cfg.provable()) {
      // from here on published positions: the circuit's Fisher blocks are 16 consecutive published weights
      salient = atMostPerBlock(Arrays.stream(salient).map(published::position).toArray(),
          ObsMask.MAX_REMOVED_PER_BLOCK);
    }
    int kMax = (int) Math.max(1, Math.round(cfg.sparsity() * n));
    Dataset probe = forget.head(cfg.probeSamples());
    int k = Math.max(1, kMax / 16);
    int[] removed;
    while (true) {
      removed = Arrays.stream(salient, 0, Math.min(k, salient.length)).sorted().toArray();
      int[] zeroed = published == null ? removed : Arrays.stream(removed).map(published::networkIndex).toArray();
      if (k >= kMax || k >= salient.length || forgetAccuracy(net, zeroed, probe) <= cfg.targetForgetAccuracy()) {
        break;
      }
      k = Math.min(kMax, 2 * k);
    }
    BitSet frozen = new BitSet(n);
    for (int i = 0; i < n; i++) {
      if (importanceForget[i] > importanceRetained[i]) {
        frozen.set(published == null ? i : published.position(i));
      }
    }
    for (int i : removed) {
      frozen.clear(i);
    }
    if (cfg.provable()) {
      // only frozen weights in touched blocks matter to the circuit (others cannot move); the
      // ledger's mask stays small
      BitSet touched = new BitSet();
      for (int i : removed) {
        touched.set(i / ObsMask.FISHER_BLOCK);
      }
      for (int i = frozen.nextSetBit(0); i >= 0; i = frozen.nextSetBit(i + 1)) {
        if (!touched.get(i / ObsMask.FISHER_BLOCK)) {
          frozen.clear(i);
        }
      }
      freezeHeadBlocks(touched, removed, n - net.headParamCount(), n, frozen);
    }
    return new Mask(removed, frozen);
  }

  /**
   * Freezes every classifier-head weight (published positions {@code head..n}) of a touched block
   * but the removed ones. In the published order a head block holds one hidden unit's weights to
   * every class, and the softmax only sees logit differences: Fisher compensation there re-creates
   * a removed class weight as an equal shift of all the other classes' weights, and the class
   * comes back (measured on an mlp-tiny that knew Sandal: zeroing its 2 removed weights A_f 0.985 →
   * 0.010, compensated 0.826). Frozen, a head block is pruned as is; blocks of hidden layers still
   * compensate.
   */
  static void freezeHeadBlocks(BitSet touched, int[] removed, int head, int n, BitSet frozen) {
    int b16 = ObsMask.FISHER_BLOCK;
    for (int b = touched.nextSetBit(0); b >= 0; b = touched.nextSetBit(b + 1)) {
      for (int q = Math.max(head, b * b16); q < Math.min(n, (b + 1) * b16); q++) {
        if (Arrays.binarySearch(removed, q) < 0) {
          frozen.set(q);
        }
      }
    }
  }

  /** The weights in saliency order, keeping at most {@code max} per Fisher block of 16. */
  static int[] atMostPerBlock(int[] ordered, int max) {
    Map<Integer, Integer> perBlock = new java.util.HashMap<>();
    return Arrays.stream(ordered).filter(i -> perBlock.merge(i / ObsMask.FISHER_BLOCK, 1, Integer::sum) <= max).toArray();
  }

  /**
   * {@code E[∂z_y/∂w_i]} and {@code E[(∂z_y/∂w_i)²]} over the first {@code m} samples, from one
   * per-sample gradient each.
   */
  record LogitSensitivity(double[] mean, double[] secondMoment) {
    static LogitSensitivity of(Network net, Dataset data, int m) {
      int n = net.paramCount();
      double[] mean = new double[n];
      double[] second = new double[n];
      double[] g = new double[n];
      int count = Math.min(m, data.size());
      for (int j = 0; j < count; j++) {
        Arrays.fill(g, 0.0);
        net.trueLogitGradient(data, new int[] {j}, g);
        for (int i = 0; i < n; i++) {
          mean[i] += g[i];
          second[i] += g[i] * g[i];
        }
      }
      for (int i = 0; count > 0 && i < n; i++) {
        mean[i] /= count;
        second[i] /= count;
      }
      return new LogitSensitivity(mean, second);
    }
  }

  private static double forgetAccuracy(Network net, int[] zeroed, Dataset probe) {
    double[] p = net.params().clone();
    for (int i : zeroed) {
      p[i] = 0.0;
    }
    return net.withParams(p).accuracy(probe);
  }

  /** Client side: applies the mask with Group OBS compensation; returns the new parameters. */
  public double[] compensate(Network net, Mask mask, Dataset retained, long seed) {
    double[] w = net.params().clone();
    Map<Integer, List<Integer>> byBlock = new TreeMap<>();
    for (int i : mask.removed()) {
      byBlock.computeIfAbsent(i / cfg.blockSize(), b -> new ArrayList<>()).add(i);
    }
    if (byBlock.isEmpty()) {
      return w;
    }
    int m = Math.min(cfg.fisherSamples(), retained.size());
    int[] blocks = byBlock.keySet().stream().mapToInt(Integer::intValue).toArray();
    double[][][] grads = new double[blocks.length][m][];
    Random rnd = new Random(seed);
    double[] g = new double[net.paramCount()];
    // per block: the coordinates OBS may move (removed ∪ free), frozen ones excluded
    int[][] coords = new int[blocks.length][];
    for (int bi = 0; bi < blocks.length; bi++) {
      int start = blocks[bi] * cfg.blockSize();
      coords[bi] = java.util.stream.IntStream.range(start, Math.min(w.length, start + cfg.blockSize()))
          .filter(i -> !mask.frozen().get(i)).toArray();
    }
    for (int s = 0; s < m; s++) {
      Arrays.fill(g, 0.0);
      net.lossGradient(retained, new int[] {rnd.nextInt(retained.size())}, g, 1.0);
      for (int bi = 0; bi < blocks.length; bi++) {
        double[] row = new double[coords[bi].length];
        for (int c = 0; c < row.length; c++) {
          row[c] = g[coords[bi][c]];
        }
        grads[bi][s] = row;
      }
    }
    for (int bi = 0; bi < blocks.length; bi++) {
      int[] cs = coords[bi];
      double[][] hInv = BlockFisher.inverse(grads[bi], cfg.dampening());
      List<Integer> q = byBlock.get(blocks[bi]);
      int[] local = q.stream().mapToInt(i -> Arrays.binarySearch(cs, i)).toArray();
      double[] wb = new double[cs.length];
      for (int c = 0; c < cs.length; c++) {
        wb[c] = w[cs[c]];
      }
      double[] delta = GroupObs.update(wb, hInv, local);
      for (int c = 0; c < cs.length; c++) {
        w[cs[c]] += delta[c];
      }
      for (int i : q) {
        w[i] = 0.0;
      }
    }
    return w;
  }

  /**
   * A proof-compatible zero-shot update of one model: the mask, the old and new fixed-point
   * weights ({@code wNew} is the model to publish) and the recorded blocks' H, C, z for
   * {@code ChunkProver.obs} (C, z zero in a recorded block without a removed weight).
   */
  public record ProvableUpdate(ObsMask mask, long[] w, long[] wNew, List<ObsBlock> blocks) {
    /** The new model: exactly {@code wNew} (published order). */
    public Network network(Network like) {
      return PublishedOrder.of(like).fromRaws(like, wNew);
    }
  }

  /**
   * Provider mask and Fisher, then client compensation, in proof-compatible mode
   * ({@link Config#provable}): one round on the model rounded to fixed point; the mask and
   * {@code H} both come from the provider's {@code reference} set, as on the ledger (the client
   * uses no data of its own: a client-chosen {@code H} could move any free weight of a touched
   * block). The new weights are those the {@code chunk-obs} circuit derives
   * ({@link ObsChunkWitness#apply}), so the published model is the proven one.
   */
  public ProvableUpdate provableUpdate(Network net, Dataset forget, Dataset reference, long seed) {
    if (!cfg.provable()) {
      throw new IllegalStateException("provableUpdate needs the proof-compatible config (Config.provableDefaults)");
    }
    PublishedOrder published = PublishedOrder.of(net);
    long[] w = FixedPoint.toRaw(published.toPublished(net.params()));
    Network fixed = published.fromRaws(net, w);
    return compensateProvable(fixed, w, mask(fixed, forget, reference), reference, seed);
  }

  /**
   * Provider and client in one, proof-compatible: {@link #providerFisher} on {@code fisherData}
   * then {@link #compensateWith}; {@code w} and the mask in the published order.
   *
   * @throws IllegalArgumentException for a mask the circuit cannot prove (e.g. 3 removed weights in a block)
   */
  public ProvableUpdate compensateProvable(Network net, long[] w, Mask mask, Dataset fisherData, long seed) {
    ObsMask obsMask = new ObsMask(w.length, mask.removed(), mask.frozen().stream().toArray());
    return compensateWith(w, obsMask, providerFisher(net, obsMask, fisherData, seed));
  }

  /**
   * Provider side of the proof-compatible mode: per block with a removed weight, the dampened
   * empirical Fisher over the block's movable weights (removed and free) on {@code data}, the
   * same matrix today's OBS inverts; frozen and past-the-end coordinates are decoupled (their
   * row and column zero but for a unit diagonal after scaling). That full 16×16 {@code H} is
   * block diagonal, so {@code H⁻¹[movable, P]} is exactly the movable-restricted Fisher's inverse
   * column and {@code H⁻¹[frozen, P] = 0}. {@code H} is scaled to mean diagonal 1 (OBS is
   * invariant to the scale of {@code H}: {@code C} scales by 1/s, {@code z} by s) and rounded to
   * fixed point. The provider records it with the mask; every client compensates with exactly it.
   * Blocks are 16 consecutive published positions ({@link PublishedOrder}), as the circuit cuts them.
   */
  public ObsFisher providerFisher(Network net, ObsMask mask, Dataset data, long seed) {
    int b16 = ObsMask.FISHER_BLOCK;
    long n = mask.weights();
    BitSet frozenSet = new BitSet();
    for (int i : mask.frozen()) {
      frozenSet.set(i);
    }
    TreeMap<Integer, Boolean> touched = new TreeMap<>();
    for (int i : mask.removed()) {
      touched.put(i / b16, true);
    }
    int[] blocks = touched.keySet().stream().mapToInt(Integer::intValue).toArray();
    int[][] movable = new int[blocks.length][];
    for (int bi = 0; bi < blocks.length; bi++) {
      int start = blocks[bi] * b16;
      movable[bi] = java.util.stream.IntStream.range(start, (int) Math.min(n, start + b16))
          .filter(i -> !frozenSet.get(i)).toArray();
    }
    PublishedOrder published = PublishedOrder.of(net);
    int[][] movableInNetwork = new int[blocks.length][];
    for (int bi = 0; bi < blocks.length; bi++) {
      movableInNetwork[bi] = Arrays.stream(movable[bi]).map(published::networkIndex).toArray();
    }
    double[][][] grads = blockGradients(net, movableInNetwork, data, seed);
    TreeMap<Integer, long[]> out = new TreeMap<>();
    for (int bi = 0; bi < blocks.length; bi++) {
      out.put(blocks[bi], fisherRaws(blocks[bi], movable[bi], BlockFisher.dense(grads[bi], cfg.dampening())));
    }
    return new ObsFisher(out);
  }

  /**
   * Client side of the proof-compatible mode, from the recorded mask and Fisher alone: per
   * touched block {@code C = H_q⁻¹[:,P]} and {@code z = (C_q[P,:])⁻¹·W[P]} solved on the rounded
   * values and rounded; {@code W′} follows the circuit's integer rule
   * ({@link ObsChunkWitness#apply}), so the published model is the proven one.
   *
   * @throws IllegalArgumentException for a mask the circuit cannot prove, or a Fisher without an
   *     {@code H} for some touched block
   */
  public static ProvableUpdate compensateWith(long[] w, ObsMask mask, ObsFisher fisher) {
    if (w.length != mask.weights()) {
      throw new IllegalArgumentException("the mask covers " + mask.weights() + " weights, the model has " + w.length);
    }
    fisher.requireCovers(mask);
    int b16 = ObsMask.FISHER_BLOCK;
    Map<Integer, List<Integer>> byBlock = new TreeMap<>();
    for (int i : mask.removed()) {
      byBlock.computeIfAbsent(i / b16, b -> new ArrayList<>()).add(i);
    }
    List<ObsBlock> out = new ArrayList<>();
    for (int block : fisher.indices()) {
      List<Integer> removed = byBlock.get(block);
      // a recorded block without a removed weight moves nothing, but its H is in the chunk's
      // Fisher commitment (ObsFisher.chunkDigest), so it travels with C = 0, z = 0
      out.add(removed == null
          ? new ObsBlock(block, fisher.block(block), new long[b16 * ObsBlock.COLUMNS], new long[ObsBlock.COLUMNS])
          : solveBlock(block, fisher.block(block), removed, w));
    }
    return new ProvableUpdate(mask, w, ObsChunkWitness.apply(w, mask, out), out);
  }

  private double[][][] blockGradients(Network net, int[][] coords, Dataset retained, long seed) {
    int m = Math.min(cfg.fisherSamples(), retained.size());
    double[][][] grads = new double[coords.length][m][];
    Random rnd = new Random(seed);
    double[] g = new double[net.paramCount()];
    for (int s = 0; s < m; s++) {
      Arrays.fill(g, 0.0);
      net.lossGradient(retained, new int[] {rnd.nextInt(retained.size())}, g, 1.0);
      for (int bi = 0; bi < coords.length; bi++) {
        double[] row = new double[coords[bi].length];
        for (int c = 0; c < row.length; c++) {
          row[c] = g[coords[bi][c]];
        }
        grads[bi][s] = row;
      }
    }
    return grads;
  }

  /** One block's {@code H} in the circuit's fixed point, scaled to mean diagonal 1 (see {@link #providerFisher}). */
  static long[] fisherRaws(int block, int[] movable, double[][] fisher) {
    int b16 = ObsMask.FISHER_BLOCK;
    double meanDiag = 0;
    for (int c = 0; c < movable.length; c++) {
      meanDiag += fisher[c][c];
    }
    meanDiag /= movable.length;
    double[][] h = new double[b16][b16];
    for (int r = 0; r < b16; r++) {
      h[r][r] = 1.0; // decoupled (frozen or past the end), already at the scaled mean diagonal
    }
    int base = block * b16;
    for (int a = 0; a < movable.length; a++) {
      for (int c = 0; c < movable.length; c++) {
        h[movable[a] - base][movable[c] - base] = fisher[a][c] / meanDiag;
      }
    }
    long[] hq = new long[FisherDigest.ENTRIES];
    for (int r = 0; r < b16; r++) {
      for (int k = r; k < b16; k++) {
        hq[FisherDigest.upper(r, k)] = FixedPoint.toRaw(h[r][k]);
      }
    }
    return hq;
  }

  /** C and z of one block from its fixed-point {@code H} (see {@link #compensateWith}). */
  static ObsBlock solveBlock(int block, long[] hq, List<Integer> removed, long[] w) {
    int b16 = ObsMask.FISHER_BLOCK;
    int base = block * b16;
    double[][] hr = new double[b16][b16];
    for (int r = 0; r < b16; r++) {
      for (int k = r; k < b16; k++) {
        hr[r][k] = hr[k][r] = FixedPoint.fromRaw(hq[FisherDigest.upper(r, k)]);
      }
    }
    int p = removed.size();
    long[] cq = new long[b16 * ObsBlock.COLUMNS];
    double[][] cp = new double[p][p];
    for (int j = 0; j < p; j++) {
      double[] e = new double[b16];
      int t = removed.get(j) - base;
      e[t] = 1.0;
      double[] col = GroupObs.solve(hr, e);
      for (int r = 0; r < b16; r++) {
        cq[r * ObsBlock.COLUMNS + j] = base + r < w.length ? FixedPoint.toRaw(col[r]) : 0;
      }
    }
    double[] wp = new double[p];
    for (int a = 0; a < p; a++) {
      int t = removed.get(a) - base;
      wp[a] = FixedPoint.fromRaw(w[removed.get(a)]);
      for (int j = 0; j < p; j++) {
        cp[a][j] = FixedPoint.fromRaw(cq[t * ObsBlock.COLUMNS + j]);
      }
    }
    double[] z = GroupObs.solve(cp, wp);
    long[] zq = new long[ObsBlock.COLUMNS];
    for (int j = 0; j < p; j++) {
      zq[j] = FixedPoint.toRaw(z[j]);
    }
    return new ObsBlock(block, hq, cq, zq);
  }

  /** One model's unlearning: the new network, weights removed, mask/compensate rounds. */
  public record OneModel(Network network, int removed, int rounds) {}

  /**
   * One model, as {@link #unlearn} treats each affected model: in proof-compatible mode one
   * {@link #provableUpdate}; otherwise up to {@code rounds} mask/compensate rounds until the
   * forget probe's accuracy is at most the target.
   */
  public OneModel forgetOne(Network net, Dataset forget, Dataset reference, Dataset retained, long seed) {
    if (cfg.provable()) {
      ProvableUpdate u = provableUpdate(net, forget, reference, seed);
      return new OneModel(u.network(net), u.mask().removed().length, 1);
    }
    Dataset probe = forget.head(cfg.probeSamples());
    int removed = 0;
    int rounds = 0;
    while (true) {
      Mask mask = mask(net, forget, reference);
      net = net.withParams(compensate(net, mask, retained, seed + rounds));
      removed += mask.removed().length;
      rounds++;
      if (rounds >= cfg.rounds() || net.accuracy(probe) <= cfg.targetForgetAccuracy()) {
        return new OneModel(net, removed, rounds);
      }
    }
  }

  @Override
  public UnlearningOutcome unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, Integer> maskSizes = new LinkedHashMap<>();
    Map<String, Integer> roundsUsed = new LinkedHashMap<>();
    for (String id : task.affected()) {
      long t0 = System.nanoTime();
      OneModel r = forgetOne(task.models().get(id), task.forgetSet(), task.providerReference(),
          task.retainedTrain().get(id), task.seeds().get(id));
      Network net = r.network();
      int removed = r.removed();
      int rounds = r.rounds();
      roundsUsed.put(id, rounds);
      out.put(id, net);
      maskSizes.put(id, removed);
      seconds.put(id, (System.nanoTime() - t0) / 1e9);
      progress.accept(id);
    }
    return new UnlearningOutcome(method(), out, seconds, new Details(cfg.sparsity(), cfg.blockSize(),
        cfg.fisherSamples(), cfg.dampening(), cfg.rounds(), cfg.targetForgetAccuracy(), cfg.retainPenalty(),
        roundsUsed, maskSizes, 1));
  }
}
