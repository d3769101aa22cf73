package io.lethe.fl.model;

import java.util.Random;

/** Fully connected layer; parameters: weights {@code [out][in]} row-major, then biases. */
public final class DenseLayer implements Layer {
  private final int in;
  private final int out;

  public DenseLayer(int in, int out) {
    this.in = in;
    this.out = out;
  }

  @Override public int inSize() { return in; }
  @Override public int outSize() { return out; }
  @Override public int paramCount() { return in * out + out; }

  /** Input-major: weight {@code [o][i]} at published position {@code i·out + o}, then the biases. */
  @Override
  public int[] publishedOrder() {
    return inputMajor(in, out);
  }

  static int[] inputMajor(int in, int out) {
    int[] local = new int[in * out + out];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        local[i * out + o] = o * in + i;
      }
    }
    for (int o = 0; o < out; o++) {
      local[in * out + o] = in * out + o;
    }
    return local;
  }

  @Override
  public void init(double[] p, int off, Random rnd) {
    double std = Math.sqrt(2.0 / in);
    for (int k = 0; k < in * out; k++) {
      p[off + k] = rnd.nextGaussian() * std;
    }
  }

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    int bias = off + in * out;
    for (int b = 0; b < batch; b++) {
      int xb = b * in;
      for (int j = 0; j < out; j++) {
        double s = p[bias + j];
        int w = off + j * in;
        for (int i = 0; i < in; i++) {
          s += p[w + i] * x[xb + i];
        }
        y[b * out + j] = s;
      }
    }
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    int bias = off + in * out;
    if (gx != null) {
      java.util.Arrays.fill(gx, 0, batch * in, 0.0);
    }
    for (int b = 0; b < batch; b++) {
      int xb = b * in;
      for (int j = 0; j < out; j++) {
        double d = gy[b * out + j];
        if (d == 0.0) {
          continue;
        }
        g[bias + j] += d;
        int w = off + j * in;
        for (int i = 0; i < in; i++) {
          g[w + i] += d * x[xb + i];
        }
        if (gx != null) {
          for (int i = 0; i < in; i++) {
            gx[xb + i] += d * p[w + i];
          }
        }
      }
    }
  }
}
