package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Backend;
import io.lethe.fl.model.Layer;
import io.lethe.fl.model.Network;
import io.lethe.fl.model.ReluLayer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * {@code obs-feature}: zero-shot unlearning that removes the forgotten classes from the
 * penultimate <em>features</em>, not only from the output row. In every affected model:
 * <ol>
 *   <li><b>score</b> each penultimate hidden unit {@code j} (the ReLU units the output layer
 *   reads: the MLP's 128, the CNN's 64) by how specific it is to the forgotten classes: the ratio
 *   of its second moments {@code E_F[h_j²] / (max_c E_{R,c}[h_j²] + ε)} on the forget set
 *   {@code F} and on each retained class {@code c} of the provider's reference set {@code R}
 *   ({@code ε} = 10⁻³ × the mean of {@code E_R[h²]} over units, so units silent on retained data
 *   do not divide by zero). The maximum over classes, not the mean over {@code R}, is meant to
 *   keep units that a similar retained class also uses (sneaker and ankle-boot units for
 *   Sandal); on the validation split the two scores gave the same numbers within noise at the
 *   chosen fraction (README);</li>
 *   <li><b>prune</b> the {@code ⌈unitFraction × width⌉} top-scoring units: zero their incoming
 *   weights and bias (the unit is then 0 on every input) and their outgoing weights;</li>
 *   <li><b>compensate</b> the output layer by neuron-pruning optimal brain surgeon: with
 *   {@code ĥ = [h; 1]} and {@code G = E_R[ĥĥᵀ]} on the retained reference set, each kept output
 *   row {@code w} gets {@code w_K += (G_KK + λI)⁻¹ G_KP w_P} (kept units and bias {@code K},
 *   pruned units {@code P}): the least-squares update that best preserves that row's
 *   pre-activations on retained data once the pruned units read 0 (exact when a pruned unit is a
 *   linear combination of kept ones on retained data); {@code λ} = {@code damping} × the mean
 *   diagonal of {@code G_KK};</li>
 *   <li>zero the forgotten classes' output rows and biases, as {@code row-zero} does.</li>
 * </ol>
 * No training step on any data: only activations of the reference and forget sets are used,
 * as {@code obs} uses their gradients. The pruned units are dead afterwards (zero incoming and
 * outgoing weights and bias: ReLU at 0 passes no gradient), so a relearning attacker cannot
 * regrow them with SGD; the class must be relearnt from the remaining features. One knob:
 * {@code unitFraction}, chosen on the validation split (0.6: 77 of the MLP's 128 units)
 * (gateway-app/experiments/fmnist-14/README.md). Needs a model whose output layer is dense and
 * reads a ReLU after a dense layer ({@code mlp}, {@code mlp-small}, {@code mlp-tiny},
 * {@code cnn}); only the penultimate layer is pruned (the CNN's convolutions are left as they
 * are). Not provable with the chunk-obs circuit: it removes whole rows and columns (hundreds of
 * weights per unit) and compensates with activation second moments, not ≤ 2 weights per
 * 16-weight block with block-Fisher compensation.
 */
public final class ObsFeatureUnlearning implements Unlearner {
  /**
   * @param unitFraction fraction of the penultimate units to prune, in [0, 1)
   * @param damping λ relative to the mean diagonal of the kept second-moment block, > 0
   */
  public record Config(double unitFraction, double damping) {
    public Config {
      if (!(unitFraction >= 0 && unitFraction < 1)) {
        throw new IllegalArgumentException("obs-feature's unit fraction must be in [0, 1), got " + unitFraction);
      }
      if (!(damping > 0) || Double.isInfinite(damping)) {
        throw new IllegalArgumentException("obs-feature's damping must be a finite number > 0, got " + damping);
      }
    }

    public static Config defaults() {
      return new Config(0.6, 1e-4);
    }

    public Config withUnitFraction(double f) {
      return new Config(f, damping);
    }
  }

  /**
   * What was done to one model: the pruned units (by index, most specific first), the
   * penultimate width, and the relative RMS change of the kept classes' logits on the reference
   * set that the compensation could not absorb (0 = retained outputs preserved exactly).
   */
  public record UnitPruning(int[] units, int featureSize, double retainedLogitChange) {}

  /** The edited parameters and what was pruned. */
  public record Edit(double[] params, UnitPruning pruning) {}

  private final Config cfg;
  private final Set<Integer> forgotten;

  public ObsFeatureUnlearning(Config cfg, Set<Integer> forgotten) {
    if (forgotten == null || forgotten.isEmpty()) {
      throw new IllegalArgumentException("obs-feature needs at least one class to forget");
    }
    this.cfg = cfg;
    this.forgotten = Set.copyOf(forgotten);
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.OBS_FEATURE;
  }

  /** Where the penultimate dense layer and the output layer sit in the flat parameter vector. */
  record Layout(int in, int f, int k, int hiddenOff, int outOff) {
    static Layout of(Network net) {
      String arch = net.architecture();
      if (Architectures.ND4J_ONLY.contains(arch)) {
        throw new IllegalArgumentException("obs-feature needs a dense output layer reading a dense ReLU layer; "
            + arch + " is one graph");
      }
      List<Layer> layers = Architectures.layers(arch, Backend.JAVA);
      int n = layers.size();
      int f = net.featureSize();
      int k = net.classes();
      if (n < 3 || !(layers.get(n - 2) instanceof ReluLayer) || layers.get(n - 3).outSize() != f
          || layers.get(n - 1).paramCount() != f * k + k
          || layers.get(n - 3).paramCount() != layers.get(n - 3).inSize() * f + f) {
        throw new IllegalArgumentException("obs-feature needs dense → ReLU → dense output layers; " + arch
            + " does not end so");
      }
      int in = layers.get(n - 3).inSize();
      int outOff = net.paramCount() - (f * k + k);
      return new Layout(in, f, k, outOff - (in * f + f), outOff);
    }
  }

  /**
   * Per-unit specificity {@code E_F[h²] / (max_c E_{R,c}[h²] + ε)} from row-major features: the
   * forget set's second moment over the largest second moment of any one retained class of the
   * reference set ({@code refLabels}), so a unit that also serves a similar retained class (a
   * sneaker or ankle-boot unit when Sandal is forgotten) is not taken for a Sandal unit.
   */
  static double[] scores(double[] hRef, int[] refLabels, double[] hForget, int nForget, int f) {
    int nRef = refLabels.length;
    Map<Integer, double[]> perClass = new java.util.TreeMap<>();
    Map<Integer, Integer> counts = new java.util.TreeMap<>();
    double[] all = new double[f];
    for (int i = 0; i < nRef; i++) {
      double[] m = perClass.computeIfAbsent(refLabels[i], c -> new double[f]);
      counts.merge(refLabels[i], 1, Integer::sum);
      for (int j = 0; j < f; j++) {
        double v = hRef[i * f + j];
        m[j] += v * v;
        all[j] += v * v / nRef;
      }
    }
    double[] r = new double[f];
    perClass.forEach((c, m) -> {
      for (int j = 0; j < f; j++) {
        r[j] = Math.max(r[j], m[j] / counts.get(c));
      }
    });
    double[] q = new double[f];
    for (int i = 0; i < nForget; i++) {
      for (int j = 0; j < f; j++) {
        double v = hForget[i * f + j];
        q[j] += v * v / nForget;
      }
    }
    double eps = 1e-3 * Arrays.stream(all).average().orElse(0) + 1e-12;
    double[] s = new double[f];
    for (int j = 0; j < f; j++) {
      s[j] = q[j] / (r[j] + eps);
    }
    return s;
  }

  /** The units to prune: the {@code ⌈fraction × f⌉} highest scores, most specific first (ties: lower index). */
  static int[] select(double[] scores, double fraction) {
    int n = (int) Math.ceil(fraction * scores.length - 1e-9);
    return IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble((Integer j) -> -scores[j]).thenComparingInt(j -> j))
        .limit(n).mapToInt(Integer::intValue).toArray();
  }

  /** The edit of {@code net}: score on {@code reference} and {@code forget}, prune, compensate, zero the rows. */
  public Edit edit(Network net, Dataset reference, Dataset forget) {
    if (reference.size() == 0 || forget.size() == 0) {
      throw new IllegalArgumentException("obs-feature needs retained reference images and forget images (got "
          + reference.size() + " and " + forget.size() + ")");
    }
    Layout lay = Layout.of(net);
    double[] hRef = net.features(reference);
    double[] hForget = net.features(forget);
    int[] labels = new int[reference.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = reference.label(i);
    }
    int[] units = select(scores(hRef, labels, hForget, forget.size(), lay.f()), cfg.unitFraction());
    return prune(net, units, hRef, reference.size());
  }

  /**
   * Prune {@code units} of {@code net}'s penultimate layer with OBS compensation of the output
   * layer from the reference features {@code hRef} ({@code n × f}), and zero the forgotten rows.
   */
  Edit prune(Network net, int[] units, double[] hRef, int n) {
    Layout lay = Layout.of(net);
    int f = lay.f();
    int k = lay.k();
    boolean[] pruned = new boolean[f];
    for (int u : units) {
      if (u < 0 || u >= f || pruned[u]) {
        throw new IllegalArgumentException("obs-feature: unit " + u + " is out of range [0, " + f + ") or repeated");
      }
      pruned[u] = true;
    }
    for (int c : forgotten) {
      if (c < 0 || c >= k) {
        throw new IllegalArgumentException("obs-feature: class " + c + " is out of range [0, " + k + ")");
      }
    }
    double[] p = net.params().clone();
    int[] kept = IntStream.rangeClosed(0, f).filter(j -> j == f || !pruned[j]).toArray(); // f = the bias input
    int nk = kept.length;
    int np = units.length;
    if (np > 0) {
      // second moments of ĥ = [h; 1] on the retained reference set
      double[][] gkk = new double[nk][nk];
      double[][] gkp = new double[nk][np];
      double[] hk = new double[nk];
      double[] hp = new double[np];
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < nk; a++) {
          hk[a] = kept[a] == f ? 1.0 : hRef[i * f + kept[a]];
        }
        for (int b = 0; b < np; b++) {
          hp[b] = hRef[i * f + units[b]];
        }
        for (int a = 0; a < nk; a++) {
          if (hk[a] == 0) {
            continue;
          }
          double[] row = gkk[a];
          for (int b = 0; b < nk; b++) {
            row[b] += hk[a] * hk[b];
          }
          for (int b = 0; b < np; b++) {
            gkp[a][b] += hk[a] * hp[b];
          }
        }
      }
      double trace = 0;
      for (int a = 0; a < nk; a++) {
        trace += gkk[a][a];
      }
      double lambda = cfg.damping() * trace / nk;
      for (int a = 0; a < nk; a++) {
        gkk[a][a] += lambda;
      }
      double[][] chol = cholesky(gkk);
      // X = (G_KK + λI)⁻¹ G_KP, one column per pruned unit
      double[][] x = new double[np][];
      for (int b = 0; b < np; b++) {
        double[] col = new double[nk];
        for (int a = 0; a < nk; a++) {
          col[a] = gkp[a][b];
        }
        x[b] = cholSolve(chol, col);
      }
      for (int c = 0; c < k; c++) {
        if (forgotten.contains(c)) {
          continue;
        }
        int row = lay.outOff() + c * f;
        for (int b = 0; b < np; b++) {
          double wp = p[row + units[b]];
          if (wp == 0) {
            continue;
          }
          for (int a = 0; a < nk; a++) {
            int idx = kept[a] == f ? lay.outOff() + f * k + c : row + kept[a];
            p[idx] += x[b][a] * wp;
          }
        }
      }
    }
    // the pruned units: incoming weights and bias, outgoing weights
    int in = lay.in();
    for (int u : units) {
      Arrays.fill(p, lay.hiddenOff() + u * in, lay.hiddenOff() + (u + 1) * in, 0.0);
      p[lay.hiddenOff() + in * f + u] = 0.0;
      for (int c = 0; c < k; c++) {
        p[lay.outOff() + c * f + u] = 0.0;
      }
    }
    for (int c : forgotten) {
      Arrays.fill(p, lay.outOff() + c * f, lay.outOff() + (c + 1) * f, 0.0);
      p[lay.outOff() + f * k + c] = 0.0;
    }
    return new Edit(p, new UnitPruning(units.clone(), f, retainedChange(net.params(), p, lay, hRef, n)));
  }

  /** Relative RMS change of the kept classes' logits on the reference features (before the edit). */
  private double retainedChange(double[] before, double[] after, Layout lay, double[] hRef, int n) {
    int f = lay.f();
    int k = lay.k();
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        if (forgotten.contains(c)) {
          continue;
        }
        int row = lay.outOff() + c * f;
        int bias = lay.outOff() + f * k + c;
        double z0 = before[bias];
        double z1 = after[bias];
        for (int j = 0; j < f; j++) {
          double h = hRef[i * f + j];
          z0 += before[row + j] * h;
          z1 += after[row + j] * h;
        }
        diff += (z1 - z0) * (z1 - z0);
        norm += z0 * z0;
      }
    }
    return norm == 0 ? 0 : Math.sqrt(diff / norm);
  }

  /** Lower-triangular Cholesky factor of a symmetric positive-definite matrix. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalStateException("obs-feature: second-moment matrix not positive definite at " + i);
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  static double[] cholSolve(double[][] l, double[] y) {
    int n = l.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = y[i];
      for (int m = 0; m < i; m++) {
        s -= l[i][m] * z[m];
      }
      z[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int m = i + 1; m < n; m++) {
        s -= l[m][i] * x[m];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  @Override
  public Run unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, UnitPruning> pruning = new LinkedHashMap<>();
    for (String id : task.affected()) {
      long t0 = System.nanoTime();
      Network net = task.models().get(id);
      Edit e = edit(net, task.providerReference(), task.forgetSet());
      out.put(id, net.withParams(e.params()));
      seconds.put(id, (System.nanoTime() - t0) / 1e9);
      pruning.put(id, e.pruning());
      progress.accept(id);
    }
    return new Run(algorithm(), out, seconds, new RunDetails.Features(pruning, 1));
  }
}
