package io.lethe.zk;

import io.lethe.fixedpoint.CascadeStep;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Layer;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import io.lethe.flledger.FixedPointModel;
import io.lethe.ledger.Dag;
import io.lethe.ledger.InheritanceDag;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.Rational;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code lethe zk demo}: a real model (trained on Fashion-MNIST with the FL trainer, or loaded
 * from a model file), the project's real unlearning on it, and the chunk proofs of the rewrite.
 *
 * <ul>
 *   <li>{@code delta}: the starting model runs {@link GradientAscentUnlearning#ascend} on one
 *       forgotten class; the bundle proves {@code Δ = W′ − W} chunk by chunk.
 *   <li>{@code cascade}: model {@code y} inherits from the start {@code s} and another model
 *       {@code o} ({@code y} = their average, trained further); s runs gradient ascent, and y's
 *       rewrite is the cascade step {@code y′ = y + round(k·Δ_s/2¹⁶)} with
 *       {@code k = α·Σ_paths ∏ 1/N_j} from the DAG (here α·½), the chaincode's coefficient rule.
 *   <li>{@code obs}: the proof-compatible zero-shot Group OBS ({@link ObsUnlearning.Config#provableDefaults})
 *       on one forgotten class; the bundle proves every chunk with a removed weight, the mask
 *       and the Fisher digests are recorded ({@link #runObs}).
 * </ul>
 *
 * Models are rounded to fixed point before anything is hashed or proven, as published models are.
 */
public final class ChunkDemo {
  public static final String CHANNEL = "lethe-demo";
  public static final String REQUEST = "demo-request";

  /** What to run. {@code from}: a model file to start from instead of training; {@code headOnly}: the ascent moves only the last layer. */
  public record Options(String model, ChunkKind kind, Path from, long seed, int trainSamples, int ascentSteps,
      int forgetClass, boolean headOnly, double alpha) {}

  /** What the demo did ({@code obs}: null for the other statements). */
  public record Report(String kind, String model, int weights, int chunks, int chunksProven, int chunksUnchanged,
      int ascentSteps, List<Long> k, String keySetup, String vkSha256, long trainMillis, long unlearnMillis,
      long proveMillis, String out, ObsFigures obs) {}

  /**
   * What proof-compatibility costs OBS on this model: forget-class (A_f) and retained (A_r)
   * accuracy on the Fashion-MNIST test set before, after the proof-compatible OBS (Fisher block
   * 16, ≤ 2 removed per block, one round: the proven update) and after today's OBS (block 32,
   * free mask, up to 3 rounds: not provable by chunk-obs), with each one's removed weights.
   */
  public record ObsFigures(int removed, int frozen, double afBefore, double arBefore, double afProvable,
      double arProvable, double afToday, double arToday, int removedToday, int roundsToday) {}

  private final Options opt;
  private final PrintStream log;

  public ChunkDemo(Options opt, PrintStream log) {
    this.opt = opt;
    this.log = log;
  }

  public Report run(ChunkProver prover, List<ProverClient> sidecars, Path out) throws IOException {
    Dataset data = FashionMnist.train(FashionMnist.directory()).head(opt.trainSamples());
    long t0 = System.nanoTime();
    Network start = opt.from() != null ? ModelFileSource.read(opt.from()) : train(Network.create(opt.model(), opt.seed()), data, opt.seed());
    FixedPointModel s = FixedPointModel.of(start);
    String arch = s.network().architecture();
    long trainMs = ms(t0);
    log.printf("lethe zk demo: %s, %,d weights (%d chunks)%s%n", arch, s.raws().length, ZkDigest.chunkCount(s.raws().length),
        opt.from() != null ? ", from " + opt.from() : ", trained on " + data.size() + " Fashion-MNIST samples");
    if (opt.kind() == ChunkKind.OBS) {
      return runObs(prover, sidecars, out, data, s, trainMs);
    }

    t0 = System.nanoTime();
    int forget = opt.forgetClass();
    Dataset forgetSet = data.filterLabels(l -> l == forget);
    Dataset retain = data.filterLabels(l -> l != forget);
    GradientAscentUnlearning.Config d = GradientAscentUnlearning.Config.defaults();
    GradientAscentUnlearning ga = new GradientAscentUnlearning(new GradientAscentUnlearning.Config(d.learningRate(),
        d.batchSize(), opt.ascentSteps(), d.targetForgetAccuracy(), Math.min(d.repairSteps(), opt.ascentSteps()),
        d.repairLearningRate(), opt.alpha(), d.epsilon(), d.clipNorm(), d.retainWeight()));
    Network ascended = s.network().copy();
    int first = opt.headOnly() ? firstOfLastLayer(arch) : 0;
    int steps = ga.ascend(ascended, forgetSet, retain, opt.seed() + 1, first);
    FixedPointModel sNew = FixedPointModel.of(ascended);
    log.printf("gradient ascent on class %d (%s): %d steps%s; forget-class accuracy %.3f -> %.3f%n", forget,
        FashionMnist.CLASS_NAMES[forget], steps, opt.headOnly() ? " (last layer only)" : "",
        s.network().accuracy(forgetSet), sNew.network().accuracy(forgetSet));

    FixedPointModel old;
    FixedPointModel rewritten;
    ProofBundle bundle;
    List<Long> k = null;
    String modelId;
    long unlearnMs;
    long proveMs;
    ChunkProver.Progress progress = (done, total, chunk, took) ->
        log.printf("  chunk %d proven (%d/%d) in %.1f s%n", chunk, done, total, took.toMillis() / 1000.0);
    if (opt.kind() == ChunkKind.DELTA) {
      old = s;
      rewritten = sNew;
      modelId = "s";
      unlearnMs = ms(t0);
      log.printf("proving %s chunks of %s (changed chunks only)%n", opt.kind().word(), modelId);
      t0 = System.nanoTime();
      bundle = prover.delta(bind(modelId), s.raws(), sNew.raws(), progress);
    } else {
      // y inherits from s and o: the average of both, trained further on its own data
      Network o = train(Network.create(arch, opt.seed() + 7), data.tail(data.size() / 2), opt.seed() + 7);
      double[] avg = new double[start.paramCount()];
      for (int i = 0; i < avg.length; i++) {
        avg[i] = (s.network().params()[i] + o.params()[i]) / 2;
      }
      Network y = train(s.network().withParams(avg), data.head(data.size() / 2), opt.seed() + 11);
      old = FixedPointModel.of(y);
      InheritanceDag dag = new InheritanceDag().add("s", List.of()).add("o", List.of()).add("y", List.of("s", "o"));
      Rational discount = Dag.cascade(dag, List.of("s"), 1).stream().filter(x -> x.id().equals("y")).findFirst()
          .orElseThrow().discount();
      Rational alpha = io.lethe.ledger.GovernanceParameters.alpha(java.math.BigDecimal.valueOf(opt.alpha()).toPlainString());
      Rational c = alpha.times(discount);
      long ks = CascadeStep.coefficient(c.numerator(), c.denominator());
      k = List.of(ks);
      long[] delta = new long[s.raws().length];
      for (int i = 0; i < delta.length; i++) {
        delta[i] = sNew.raws()[i] - s.raws()[i];
      }
      long[] yNew = ChunkProver.cascadeWeights(old.raws(), new long[] {ks}, new long[][] {delta});
      rewritten = FixedPointModel.ofRaws(old.network(), yNew);
      modelId = "y";
      unlearnMs = ms(t0);
      log.printf("cascade step on y (parents s, o): k = α·%s = %d/2^16; proving chunks that change or where Δ ≠ 0%n",
          discount, ks);
      t0 = System.nanoTime();
      bundle = prover.cascade(bind(modelId), old.raws(), new long[] {ks}, new long[][] {delta}, progress);
    }
    proveMs = ms(t0);

    var key = key(sidecars);
    String vkSha = java.util.HexFormat.of().formatHex(key.getInfo().getVkSha256().toByteArray());
    Files.createDirectories(out);
    Files.write(out.resolve(BundleFile.VK), key.getVk().toByteArray());
    Files.write(out.resolve(BundleFile.OLD_MODEL), old.file());
    Files.write(out.resolve(BundleFile.NEW_MODEL), rewritten.file());
    if (opt.kind() == ChunkKind.CASCADE) {
      Files.write(out.resolve(BundleFile.START_OLD), s.file());
      Files.write(out.resolve(BundleFile.START_NEW), sNew.file());
    }
    BundleFile file = new BundleFile(new BundleFile.Statement(opt.kind().word(), CHANNEL, REQUEST, modelId, 1, k),
        key.getInfo().getSetup(), vkSha, bundle);
    file.write(out, io.lethe.json.JsonText.PRETTY);
    int chunks = ZkDigest.chunkCount(old.raws().length);
    return new Report(opt.kind().word(), arch, old.raws().length, chunks, bundle.chunks().size(),
        chunks - bundle.chunks().size(), steps, k, key.getInfo().getSetup(), vkSha, trainMs, unlearnMs, proveMs,
        out.toString(), null);
  }

  /** The statement's key, the same on every sidecar. */
  private io.lethe.proto.GetKeyResponse key(List<ProverClient> sidecars) {
    var key = sidecars.get(0).getKey(opt.kind().keyId());
    byte[] vk = key.getVk().toByteArray();
    for (ProverClient other : sidecars.subList(1, sidecars.size())) {
      if (!java.util.Arrays.equals(vk, other.getKey(opt.kind().keyId()).getVk().toByteArray())) {
        throw new IllegalStateException("sidecar " + other.address() + " proves under another " + opt.kind().keyId()
            + " key than " + sidecars.get(0).address() + ": give every sidecar the same keys (the ceremony's)");
      }
    }
    return key;
  }

  /**
   * {@code obs}: the provider's mask on the forgotten class (at most two removed weights per
   * Fisher block of 16; {@code --head-only}: in the last layer only), the client's
   * proof-compatible Group-OBS compensation (one round), and the proofs of every chunk with a
   * removed weight; today's OBS runs on the same model for comparison (its A_f/A_r are
   * reported, its model is not published).
   */
  private Report runObs(ChunkProver prover, List<ProverClient> sidecars, Path out, Dataset data, FixedPointModel s,
      long trainMs) throws IOException {
    String arch = s.network().architecture();
    int forget = opt.forgetClass();
    Dataset forgetSet = data.filterLabels(l -> l == forget);
    Dataset retain = data.filterLabels(l -> l != forget);
    Dataset reference = retain.head(300);
    long t0 = System.nanoTime();
    ObsUnlearning provable = new ObsUnlearning(ObsUnlearning.Config.provableDefaults());
    ObsUnlearning.Mask mask = provable.mask(s.network(), forgetSet, reference);
    if (opt.headOnly()) {
      int first = firstOfLastLayer(arch);
      java.util.BitSet frozen = (java.util.BitSet) mask.frozen().clone();
      frozen.clear(0, first);
      mask = new ObsUnlearning.Mask(java.util.Arrays.stream(mask.removed()).filter(i -> i >= first).toArray(), frozen);
    }
    ObsUnlearning.ProvableUpdate u = provable.compensateProvable(s.network(), s.raws(), mask, retain, opt.seed() + 1);
    FixedPointModel sNew = FixedPointModel.of(u.network(s.network()));
    long unlearnMs = ms(t0);
    Dataset test = FashionMnist.test(FashionMnist.directory());
    Dataset testForget = test.filterLabels(l -> l == forget);
    Dataset testRetain = test.filterLabels(l -> l != forget);
    ObsUnlearning.OneModel today = new ObsUnlearning(ObsUnlearning.Config.defaults()).forgetOne(s.network(), forgetSet,
        reference, retain, opt.seed() + 1);
    ObsFigures fig = new ObsFigures(u.mask().removed().length, u.mask().frozen().length,
        s.network().accuracy(testForget), s.network().accuracy(testRetain), sNew.network().accuracy(testForget),
        sNew.network().accuracy(testRetain), today.network().accuracy(testForget), today.network().accuracy(testRetain),
        today.removed(), today.rounds());
    log.printf("OBS on class %d (%s), test accuracy A_f / A_r: before %.3f / %.3f; proof-compatible (block 16, <= 2 "
        + "removed per block, 1 round, %d removed, %d frozen%s) %.3f / %.3f; today's OBS (block 32, free mask, %d "
        + "rounds, %d removed, not provable) %.3f / %.3f%n", forget, FashionMnist.CLASS_NAMES[forget], fig.afBefore(),
        fig.arBefore(), fig.removed(), fig.frozen(), opt.headOnly() ? ", last layer only" : "", fig.afProvable(),
        fig.arProvable(), fig.roundsToday(), fig.removedToday(), fig.afToday(), fig.arToday());
    String modelId = "s";
    ChunkProver.Progress progress = (done, total, chunk, took) ->
        log.printf("  chunk %d proven (%d/%d) in %.1f s%n", chunk, done, total, took.toMillis() / 1000.0);
    log.printf("proving obs chunks of %s (every chunk with a removed weight)%n", modelId);
    t0 = System.nanoTime();
    ProofBundle bundle = prover.obs(bind(modelId), s.raws(), u.mask(), u.blocks(), progress);
    long proveMs = ms(t0);
    var key = key(sidecars);
    String vkSha = java.util.HexFormat.of().formatHex(key.getInfo().getVkSha256().toByteArray());
    Files.createDirectories(out);
    Files.write(out.resolve(BundleFile.VK), key.getVk().toByteArray());
    Files.write(out.resolve(BundleFile.OLD_MODEL), s.file());
    Files.write(out.resolve(BundleFile.NEW_MODEL), sNew.file());
    BundleFile file = new BundleFile(new BundleFile.Statement("obs", CHANNEL, REQUEST, modelId, 1, null,
        u.mask().encode()), key.getInfo().getSetup(), vkSha, bundle);
    file.write(out, io.lethe.json.JsonText.PRETTY);
    int chunks = ZkDigest.chunkCount(s.raws().length);
    return new Report("obs", arch, s.raws().length, chunks, bundle.chunks().size(), chunks - bundle.chunks().size(), 0,
        null, key.getInfo().getSetup(), vkSha, trainMs, unlearnMs, proveMs, out.toString(), fig);
  }

  private static BigInteger bind(String modelId) {
    return ChunkBind.bind(CHANNEL, REQUEST, modelId, 1);
  }

  private Network train(Network net, Dataset data, long seed) {
    Trainer.train(net, data, new TrainConfig(1, 32, 0.05, 0.9), seed);
    return net;
  }

  /** Index of the last parameterised layer's first parameter. */
  static int firstOfLastLayer(String arch) {
    List<Layer> layers = Architectures.layers(arch, Architectures.defaultBackend(arch));
    int total = layers.stream().mapToInt(Layer::paramCount).sum();
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (layers.get(i).paramCount() > 0) {
        return total - layers.get(i).paramCount();
      }
    }
    return 0;
  }

  private static long ms(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0).toMillis();
  }

  /** A model file written by {@code lethe fl} or {@code lethe model} (rounded to fixed point by the caller). */
  static final class ModelFileSource {
    private ModelFileSource() {}

    static Network read(Path file) throws IOException {
      return io.lethe.fl.model.ModelFile.read(Files.readAllBytes(file));
    }
  }
}
