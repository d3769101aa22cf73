package io.lethe.fl.model;

import io.lethe.fl.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A feed-forward classifier (softmax cross-entropy head) whose parameters are one flat
 * {@code double[]}: that vector is what aggregation, gradient passing, OBS and the model file
 * operate on. Its layers run on ND4J or in plain Java ({@link Architectures}); deterministic for
 * a given seed.
 */
public final class Network {
  private final String architecture;
  private final List<Layer> layers;
  private final int[] offsets;
  private final double[] params;

  Network(String architecture, List<Layer> layers, double[] params) {
    this.architecture = architecture;
    this.layers = List.copyOf(layers);
    this.offsets = new int[layers.size()];
    int off = 0;
    for (int i = 0; i < layers.size(); i++) {
      offsets[i] = off;
      off += layers.get(i).paramCount();
    }
    if (params.length != off) {
      throw new IllegalArgumentException(architecture + " needs " + off + " parameters, got " + params.length);
    }
    this.params = params;
  }

  public static Network create(String architecture, long seed) {
    return create(architecture, seed, Architectures.defaultBackend(architecture));
  }

  public static Network create(String architecture, long seed, Backend backend) {
    List<Layer> layers = Architectures.layers(architecture, backend);
    int n = layers.stream().mapToInt(Layer::paramCount).sum();
    double[] p = new double[n];
    Random rnd = new Random(seed);
    int off = 0;
    for (Layer l : layers) {
      l.init(p, off, rnd);
      off += l.paramCount();
    }
    return new Network(architecture, layers, p);
  }

  public static Network of(String architecture, double[] params) {
    return of(architecture, params, Architectures.defaultBackend(architecture));
  }

  public static Network of(String architecture, double[] params, Backend backend) {
    return new Network(architecture, Architectures.layers(architecture, backend), params);
  }

  public String architecture() {
    return architecture;
  }

  /** The live parameter vector (mutations change the model). */
  public double[] params() {
    return params;
  }

  public int paramCount() {
    return params.length;
  }

  public int inputSize() {
    return layers.get(0).inSize();
  }

  public int classes() {
    return layers.get(layers.size() - 1).outSize();
  }

  /**
   * The published order of the parameters ({@link PublishedOrder}): element {@code p} is the index
   * in {@link #params} of the parameter at published position {@code p}.
   */
  int[] publishedToNetwork() {
    int[] out = new int[params.length];
    for (int l = 0; l < layers.size(); l++) {
      int off = offsets[l];
      int[] local = layers.get(l).publishedOrder();
      for (int p = 0; p < layers.get(l).paramCount(); p++) {
        out[off + p] = off + (local == null ? p : local[p]);
      }
    }
    return out;
  }

  /** The number of parameters of the last layer that has any: the classifier head, the last in the flat order. */
  public int headParamCount() {
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (layers.get(i).paramCount() > 0) {
        return layers.get(i).paramCount();
      }
    }
    return 0;
  }

  public Network copy() {
    return new Network(architecture, layers, params.clone());
  }

  public Network withParams(double[] p) {
    return new Network(architecture, layers, p);
  }

  private double[][] forwardAll(double[] input, int batch) {
    double[][] acts = new double[layers.size() + 1][];
    acts[0] = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      acts[i + 1] = new double[batch * l.outSize()];
      l.forward(params, offsets[i], acts[i], acts[i + 1], batch);
    }
    return acts;
  }

  private double[] input(Dataset d, int[] idx) {
    double[] x = new double[idx.length * inputSize()];
    for (int b = 0; b < idx.length; b++) {
      d.copyFeatures(idx[b], x, b * inputSize());
    }
    return x;
  }

  /** Logits {@code [batch][classes]} for the samples {@code idx}. */
  public double[] logits(Dataset d, int[] idx) {
    double[][] acts = forwardAll(input(d, idx), idx.length);
    return acts[acts.length - 1];
  }

  /**
   * Mean cross-entropy over {@code idx}; adds {@code scale ×} its gradient into {@code grad}
   * (scale −1 gives the ascent direction).
   */
  public double lossGradient(Dataset d, int[] idx, double[] grad, double scale) {
    return lossGradient(d, idx, null, grad, scale);
  }

  /**
   * Like {@link #lossGradient(Dataset, int[], double[], double)} but, when {@code group} is not
   * null, the loss of a sample is {@code −log Σ_{c∈group} p_c} (the group's total probability)
   * instead of {@code −log p_y}; for a one-class group both agree. Ascending it moves
   * probability out of the whole group rather than into the group's other classes.
   */
  public double lossGradient(Dataset d, int[] idx, java.util.Set<Integer> group, double[] grad, double scale) {
    int batch = idx.length;
    int k = classes();
    double[][] acts = forwardAll(input(d, idx), batch);
    double[] logits = acts[acts.length - 1];
    double[] g = new double[batch * k];
    double loss = 0;
    for (int b = 0; b < batch; b++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[b * k + j]);
      }
      double z = 0;
      double zTarget = 0;
      int y = d.label(idx[b]);
      for (int j = 0; j < k; j++) {
        double e = Math.exp(logits[b * k + j] - max);
        z += e;
        if (group == null ? j == y : group.contains(j)) {
          zTarget += e;
        }
      }
      loss += -Math.log(zTarget / z);
      for (int j = 0; j < k; j++) {
        double e = Math.exp(logits[b * k + j] - max);
        double target = (group == null ? j == y : group.contains(j)) ? e / zTarget : 0.0;
        g[b * k + j] = scale * (e / z - target) / batch;
      }
    }
    double[] gy = g;
    for (int i = layers.size() - 1; i >= 0; i--) {
      double[] gx = i == 0 ? null : new double[batch * layers.get(i).inSize()];
      layers.get(i).backward(params, offsets[i], acts[i], acts[i + 1], gy, gx, grad, batch);
      gy = gx;
    }
    return loss / batch;
  }

  /** A loss on a batch's logits {@code [batch][classes]}: returns it and writes {@code ∂loss/∂logits} into {@code g}. */
  public interface LogitLoss {
    double apply(double[] logits, double[] g);
  }

  /**
   * Any loss of the logits of the samples {@code idx} (e.g. a divergence to a teacher's outputs):
   * adds its gradient with respect to the parameters into {@code grad}; returns the loss.
   */
  public double gradient(Dataset d, int[] idx, LogitLoss loss, double[] grad) {
    int batch = idx.length;
    double[][] acts = forwardAll(input(d, idx), batch);
    double[] gy = new double[batch * classes()];
    double value = loss.apply(acts[acts.length - 1], gy);
    for (int i = layers.size() - 1; i >= 0; i--) {
      double[] gx = i == 0 ? null : new double[batch * layers.get(i).inSize()];
      layers.get(i).backward(params, offsets[i], acts[i], acts[i + 1], gy, gx, grad, batch);
      gy = gx;
    }
    return value;
  }

  /**
   * Adds the gradient of the mean true-class logit {@code z_y} over {@code idx} into
   * {@code grad}: how much each parameter pushes the samples towards their own label.
   */
  public void trueLogitGradient(Dataset d, int[] idx, double[] grad) {
    int batch = idx.length;
    int k = classes();
    double[][] acts = forwardAll(input(d, idx), batch);
    double[] gy = new double[batch * k];
    for (int b = 0; b < batch; b++) {
      gy[b * k + d.label(idx[b])] = 1.0 / batch;
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      double[] gx = i == 0 ? null : new double[batch * layers.get(i).inSize()];
      layers.get(i).backward(params, offsets[i], acts[i], acts[i + 1], gy, gx, grad, batch);
      gy = gx;
    }
  }

  /** Per-sample loss {@code −log p(y|x)} for every sample of {@code d}. */
  public double[] sampleLosses(Dataset d) {
    double[] out = new double[d.size()];
    int k = classes();
    forEachBatch(d, (idx, logits) -> {
      for (int b = 0; b < idx.length; b++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          max = Math.max(max, logits[b * k + j]);
        }
        double z = 0;
        for (int j = 0; j < k; j++) {
          z += Math.exp(logits[b * k + j] - max);
        }
        out[idx[b]] = -(logits[b * k + d.label(idx[b])] - max - Math.log(z));
      }
    });
    return out;
  }

  /** Logits {@code [n][classes]} (row-major) of every sample of {@code d}. */
  public double[] allLogits(Dataset d) {
    int k = classes();
    double[] out = new double[d.size() * k];
    forEachBatch(d, (idx, logits) -> System.arraycopy(logits, 0, out, idx[0] * k, idx.length * k));
    return out;
  }

  /** Width of the penultimate representation: the input of the last layer. */
  public int featureSize() {
    return layers.get(layers.size() - 1).inSize();
  }

  /**
   * The penultimate representation {@code [n][featureSize]} (row-major) of every sample of
   * {@code d}: what the last (output) layer sees, e.g. the MLP's hidden ReLU units.
   */
  public double[] features(Dataset d) {
    int f = featureSize();
    double[] out = new double[d.size() * f];
    int bs = 256;
    for (int start = 0; start < d.size(); start += bs) {
      int[] idx = new int[Math.min(bs, d.size() - start)];
      for (int b = 0; b < idx.length; b++) {
        idx[b] = start + b;
      }
      double[][] acts = forwardAll(input(d, idx), idx.length);
      System.arraycopy(acts[acts.length - 2], 0, out, start * f, idx.length * f);
    }
    return out;
  }

  public int[] predict(Dataset d) {
    int[] out = new int[d.size()];
    int k = classes();
    forEachBatch(d, (idx, logits) -> {
      for (int b = 0; b < idx.length; b++) {
        int best = 0;
        for (int j = 1; j < k; j++) {
          if (logits[b * k + j] > logits[b * k + best]) {
            best = j;
          }
        }
        out[idx[b]] = best;
      }
    });
    return out;
  }

  /** Fraction of samples classified correctly (NaN for an empty set). */
  public double accuracy(Dataset d) {
    if (d.size() == 0) {
      return Double.NaN;
    }
    int[] pred = predict(d);
    int ok = 0;
    for (int i = 0; i < pred.length; i++) {
      if (pred[i] == d.label(i)) {
        ok++;
      }
    }
    return (double) ok / pred.length;
  }

  private interface BatchConsumer {
    void accept(int[] idx, double[] logits);
  }

  private void forEachBatch(Dataset d, BatchConsumer c) {
    int bs = 256;
    for (int start = 0; start < d.size(); start += bs) {
      int[] idx = new int[Math.min(bs, d.size() - start)];
      for (int b = 0; b < idx.length; b++) {
        idx[b] = start + b;
      }
      c.accept(idx, logits(d, idx));
    }
  }

  @Override
  public String toString() {
    return architecture + "(" + params.length + " params)";
  }

  static List<Layer> sequential(Layer... ls) {
    List<Layer> list = new ArrayList<>(Arrays.asList(ls));
    for (int i = 1; i < list.size(); i++) {
      if (list.get(i).inSize() != list.get(i - 1).outSize()) {
        throw new IllegalStateException("layer " + i + " shape mismatch");
      }
    }
    return list;
  }
}
