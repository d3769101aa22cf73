package io.lethe.fl.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DenseLayer} with its matrix products on ND4J (native BLAS gemm): same parameter layout
 * (weights {@code [out][in]} row-major, then biases) and initialisation. Direct INDArray calls
 * rather than a SameDiff graph: one graph execution costs milliseconds, more than the MLP's
 * whole step in plain Java.
 */
public final class Nd4jDenseLayer implements Layer {
  private final DenseLayer shape;
  private final int in;
  private final int out;

  public Nd4jDenseLayer(int in, int out) {
    Nd4jRuntime.ensure();
    this.shape = new DenseLayer(in, out);
    this.in = in;
    this.out = out;
  }

  @Override public int inSize() { return in; }
  @Override public int outSize() { return out; }
  @Override public int paramCount() { return shape.paramCount(); }

  @Override
  public void init(double[] p, int off, Random rnd) {
    shape.init(p, off, rnd);
  }

  @Override
  public int[] publishedOrder() {
    return shape.publishedOrder();
  }

  /** Copies a dense C-order array into {@code dst[off..]}. */
  static void copyOut(INDArray a, double[] dst, int off) {
    INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    ((DoublePointer) c.data().pointer()).get(dst, off, (int) c.length());
  }

  /** Adds a C-order array into {@code dst[off..]}. */
  static void addOut(INDArray a, double[] dst, int off, double[] scratch) {
    copyOut(a, scratch, 0);
    for (int i = 0, n = (int) a.length(); i < n; i++) {
      dst[off + i] += scratch[i];
    }
  }

  /**
   * Native buffers reused across calls, per thread and shape (allocating fresh off-heap arrays
   * on every call made training 5× slower). Nothing is kept between calls: results are copied
   * out before returning, so layers of the same shape can share them.
   */
  private static final ThreadLocal<Map<String, Object>> BUFFERS = ThreadLocal.withInitial(HashMap::new);

  /** A reusable C-order buffer of this shape for {@code key} on this thread (contents undefined). */
  static INDArray buffer(String key, long... shape) {
    return (INDArray) BUFFERS.get().computeIfAbsent(key + ":" + Arrays.toString(shape),
        k -> Nd4j.createUninitialized(DataType.DOUBLE, shape));
  }

  /** {@link #buffer} filled from {@code src[off..]}. */
  static INDArray load(String key, double[] src, int off, long... shape) {
    INDArray a = buffer(key, shape);
    ((DoublePointer) a.data().pointer()).put(src, off, (int) a.length());
    return a;
  }

  static double[] scratch(int n) {
    return (double[]) BUFFERS.get().computeIfAbsent("scratch:" + n, k -> new double[n]);
  }

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    INDArray w = load("w", p, off, out, in);
    INDArray b = load("b", p, off + in * out, 1, out);
    INDArray z = buffer("z", batch, out);
    Nd4j.gemm(load("x", x, 0, batch, in), w, z, false, true, 1.0, 0.0);
    z.addiRowVector(b);
    copyOut(z, y, 0);
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    INDArray gY = load("gy", gy, 0, batch, out);
    INDArray gW = buffer("gw", out, in);
    Nd4j.gemm(gY, load("x", x, 0, batch, in), gW, true, false, 1.0, 0.0);
    double[] tmp = scratch(in * out);
    addOut(gW, g, off, tmp);
    addOut(gY.sum(0), g, off + in * out, tmp);
    if (gx != null) {
      INDArray gX = buffer("gx", batch, in);
      Nd4j.gemm(gY, load("w", p, off, out, in), gX, false, false, 1.0, 0.0);
      copyOut(gX, gx, 0);
    }
  }
}
