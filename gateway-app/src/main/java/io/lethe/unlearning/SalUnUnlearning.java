package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Network;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * {@code salun} baseline (Fan et al. 2024, "SalUn: Empowering Machine Unlearning via
 * Gradient-based Weight Saliency"): at each starting model, the saliency mask is the fraction
 * {@code maskFraction} of weights with the largest {@code |∂ CE(forget set)/∂w|}; then
 * random-label fine-tuning (forget images relabelled with a random retained class, mixed with the
 * owner's retained images, as {@code random-label}) for {@code epochs} passes over the forget set,
 * updating only the masked weights — every other weight stays bit-identical. The change is
 * passed to the descendants like {@code ga} (α, relative ε). The published mask keeps 50 % of
 * the weights (kept); the learning rate and epochs were chosen on the validation split: lr 0.02,
 * 20 passes (gateway-app/experiments/fmnist-14/README.md).
 */
public final class SalUnUnlearning implements Unlearner {
  public record Config(double maskFraction, double learningRate, int batchSize, int epochs, double clipNorm,
      double alpha, double relativeEpsilon) {
    public Config {
      if (!(maskFraction > 0 && maskFraction <= 1)) {
        throw new IllegalArgumentException("salun's mask fraction must be in (0, 1], got " + maskFraction);
      }
      if (!(learningRate > 0) || batchSize < 1 || epochs < 1 || !(clipNorm > 0)) {
        throw new IllegalArgumentException("salun needs a learning rate > 0, batch size ≥ 1, epochs ≥ 1 and a clip"
            + " norm > 0 (got lr " + learningRate + ", batch " + batchSize + ", epochs " + epochs + ", clip "
            + clipNorm + ")");
      }
    }

    public static Config defaults() {
      return new Config(0.5, 0.02, 32, 20, 5.0, 1.0, 0.1);
    }

    public Config withPassing(double a, double relEps) {
      return new Config(maskFraction, learningRate, batchSize, epochs, clipNorm, a, relEps);
    }

    public Config withTraining(double fraction, double lr, int e) {
      return new Config(fraction, lr, batchSize, e, clipNorm, alpha, relativeEpsilon);
    }
  }

  /**
   * One starting model's mask: its size, the model's parameter count, and how many of the masked
   * weights are the forgotten classes' output rows and biases (of {@code forgottenRowSize}).
   */
  public record MaskSummary(int weights, int parameters, int inForgottenRows, int forgottenRowSize) {}

  private final Config cfg;
  private final Set<Integer> forgotten;

  public SalUnUnlearning(Config cfg, Set<Integer> forgotten) {
    this.cfg = cfg;
    this.forgotten = Set.copyOf(forgotten);
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.SALUN;
  }

  /** The saliency mask of {@code net} on {@code forget}: the top {@code maskFraction} of |gradient|. */
  public boolean[] mask(Network net, Dataset forget) {
    double[] g = new double[net.paramCount()];
    int bs = 256;
    for (int start = 0; start < forget.size(); start += bs) {
      int[] idx = IntStream.range(start, Math.min(forget.size(), start + bs)).toArray();
      net.lossGradient(forget, idx, g, (double) idx.length / forget.size());
    }
    int k = (int) Math.round(cfg.maskFraction() * g.length);
    boolean[] mask = new boolean[g.length];
    IntStream.range(0, g.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(g[i])).thenComparingInt(i -> i))
        .limit(k).forEach(i -> mask[i] = true);
    return mask;
  }

  MaskSummary summary(Network net, boolean[] mask) {
    int weights = 0;
    for (boolean b : mask) {
      weights += b ? 1 : 0;
    }
    if (Architectures.ND4J_ONLY.contains(net.architecture())) {
      return new MaskSummary(weights, mask.length, -1, -1);
    }
    int f = net.featureSize();
    int k = net.classes();
    int off = mask.length - (f * k + k);
    int inRows = 0;
    for (int c : forgotten) {
      for (int i = off + c * f; i < off + (c + 1) * f; i++) {
        inRows += mask[i] ? 1 : 0;
      }
      inRows += mask[off + f * k + c] ? 1 : 0;
    }
    return new MaskSummary(weights, mask.length, inRows, forgotten.size() * (f + 1));
  }

  /** Random-label fine-tuning of the masked weights of {@code net}, in place; returns the steps taken. */
  public int train(Network net, boolean[] mask, Dataset forget, Dataset retained, long seed) {
    if (mask.length != net.paramCount()) {
      throw new IllegalArgumentException("mask covers " + mask.length + " weights, the model has " + net.paramCount());
    }
    Random rnd = new Random(seed);
    Dataset relabelled = RandomLabelUnlearning.relabel(forget, net.classes(), seed);
    double[] p = net.params();
    double[] g = new double[p.length];
    int steps = cfg.epochs() * ((forget.size() + cfg.batchSize() - 1) / cfg.batchSize());
    for (int s = 0; s < steps; s++) {
      Arrays.fill(g, 0.0);
      net.lossGradient(relabelled, batch(relabelled.size(), rnd), g, 0.5);
      if (retained.size() > 0) {
        net.lossGradient(retained, batch(retained.size(), rnd), g, 0.5);
      }
      double norm = 0;
      for (int i = 0; i < g.length; i++) {
        norm += mask[i] ? g[i] * g[i] : 0;
      }
      norm = Math.sqrt(norm);
      double scale = cfg.learningRate() * (norm > cfg.clipNorm() ? cfg.clipNorm() / norm : 1.0);
      for (int i = 0; i < p.length; i++) {
        if (mask[i]) {
          p[i] -= scale * g[i];
        }
      }
    }
    return steps;
  }

  private int[] batch(int n, Random rnd) {
    return MiniBatch.sample(cfg.batchSize(), n, rnd);
  }

  @Override
  public Run unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, MaskSummary> masks = new LinkedHashMap<>();
    Run run = DeltaPassing.atStarts(algorithm(), task, progress, cfg.alpha(), cfg.relativeEpsilon(), (s, m) -> {
      boolean[] mask = mask(m, task.forgetSet());
      masks.put(s, summary(m, mask));
      return train(m, mask, task.forgetSet(), task.retainedTrain().get(s), task.seeds().get(s));
    });
    RunDetails.Passing passing = (RunDetails.Passing) run.details();
    return new Run(run.algorithm(), run.models(), run.seconds(),
        new RunDetails.Salient(passing.passing(), passing.relativeEpsilon(), masks));
  }
}
