package io.lethe.fl.model;

import java.util.Random;

/** 2×2 max pooling, stride 2, over {@code [c][h][w]} (h, w even). */
public final class MaxPoolLayer implements Layer {
  private final int c;
  private final int h;
  private final int w;

  public MaxPoolLayer(int channels, int height, int width) {
    this.c = channels;
    this.h = height;
    this.w = width;
  }

  @Override public int inSize() { return c * h * w; }
  @Override public int outSize() { return c * (h / 2) * (w / 2); }
  @Override public int paramCount() { return 0; }
  @Override public void init(double[] p, int off, Random rnd) {}

  private int argmax(double[] x, int base, int oy, int ox) {
    int best = base + (2 * oy) * w + 2 * ox;
    for (int dy = 0; dy < 2; dy++) {
      for (int dx = 0; dx < 2; dx++) {
        int at = base + (2 * oy + dy) * w + 2 * ox + dx;
        if (x[at] > x[best]) {
          best = at;
        }
      }
    }
    return best;
  }

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    int oh = h / 2;
    int ow = w / 2;
    for (int b = 0; b < batch; b++) {
      for (int ci = 0; ci < c; ci++) {
        int base = b * inSize() + ci * h * w;
        int ob = b * outSize() + ci * oh * ow;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            y[ob + oy * ow + ox] = x[argmax(x, base, oy, ox)];
          }
        }
      }
    }
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    if (gx == null) {
      return;
    }
    java.util.Arrays.fill(gx, 0, batch * inSize(), 0.0);
    int oh = h / 2;
    int ow = w / 2;
    for (int b = 0; b < batch; b++) {
      for (int ci = 0; ci < c; ci++) {
        int base = b * inSize() + ci * h * w;
        int ob = b * outSize() + ci * oh * ow;
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            gx[argmax(x, base, oy, ox)] += gy[ob + oy * ow + ox];
          }
        }
      }
    }
  }
}
