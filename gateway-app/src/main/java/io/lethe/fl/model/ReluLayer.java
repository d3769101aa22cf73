package io.lethe.fl.model;

import java.util.Random;

public final class ReluLayer implements Layer {
  private final int size;

  public ReluLayer(int size) {
    this.size = size;
  }

  @Override public int inSize() { return size; }
  @Override public int outSize() { return size; }
  @Override public int paramCount() { return 0; }
  @Override public void init(double[] p, int off, Random rnd) {}

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    for (int k = 0; k < batch * size; k++) {
      y[k] = x[k] > 0 ? x[k] : 0.0;
    }
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    if (gx != null) {
      for (int k = 0; k < batch * size; k++) {
        gx[k] = x[k] > 0 ? gy[k] : 0.0;
      }
    }
  }
}
