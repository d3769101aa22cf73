package io.lethe.fl.model;

import java.util.Random;

/**
 * 2-D convolution, stride 1, no padding. Input {@code [c][h][w]}, output {@code [f][h-k+1][w-k+1]};
 * parameters: kernels {@code [f][c][k][k]}, then biases {@code [f]}.
 */
public final class Conv2dLayer implements Layer {
  private final int c;
  private final int h;
  private final int w;
  private final int f;
  private final int k;
  private final int oh;
  private final int ow;

  public Conv2dLayer(int channels, int height, int width, int filters, int kernel) {
    this.c = channels;
    this.h = height;
    this.w = width;
    this.f = filters;
    this.k = kernel;
    this.oh = height - kernel + 1;
    this.ow = width - kernel + 1;
  }

  @Override public int inSize() { return c * h * w; }
  @Override public int outSize() { return f * oh * ow; }
  @Override public int paramCount() { return f * c * k * k + f; }

  @Override
  public void init(double[] p, int off, Random rnd) {
    double std = Math.sqrt(2.0 / (c * k * k));
    for (int i = 0; i < f * c * k * k; i++) {
      p[off + i] = rnd.nextGaussian() * std;
    }
  }

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    int bias = off + f * c * k * k;
    for (int b = 0; b < batch; b++) {
      int xb = b * inSize();
      int yb = b * outSize();
      for (int fi = 0; fi < f; fi++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double s = p[bias + fi];
            for (int ci = 0; ci < c; ci++) {
              int kw = off + ((fi * c + ci) * k) * k;
              int xc = xb + ci * h * w;
              for (int ky = 0; ky < k; ky++) {
                int row = xc + (oy + ky) * w + ox;
                int kr = kw + ky * k;
                for (int kx = 0; kx < k; kx++) {
                  s += p[kr + kx] * x[row + kx];
                }
              }
            }
            y[yb + (fi * oh + oy) * ow + ox] = s;
          }
        }
      }
    }
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    int bias = off + f * c * k * k;
    if (gx != null) {
      java.util.Arrays.fill(gx, 0, batch * inSize(), 0.0);
    }
    for (int b = 0; b < batch; b++) {
      int xb = b * inSize();
      int yb = b * outSize();
      for (int fi = 0; fi < f; fi++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double d = gy[yb + (fi * oh + oy) * ow + ox];
            if (d == 0.0) {
              continue;
            }
            g[bias + fi] += d;
            for (int ci = 0; ci < c; ci++) {
              int kw = off + ((fi * c + ci) * k) * k;
              int xc = xb + ci * h * w;
              for (int ky = 0; ky < k; ky++) {
                int row = xc + (oy + ky) * w + ox;
                int kr = kw + ky * k;
                for (int kx = 0; kx < k; kx++) {
                  g[kr + kx] += d * x[row + kx];
                  if (gx != null) {
                    gx[row + kx] += d * p[kr + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
