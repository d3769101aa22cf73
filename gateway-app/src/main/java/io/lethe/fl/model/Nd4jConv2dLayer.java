package io.lethe.fl.model;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Conv2dLayer} on libnd4j's {@code conv2d} / {@code conv2d_bp} ops (NCHW, stride 1, no
 * padding), same parameter layout: kernels {@code [f][c][k][k]} (libnd4j weight format OIYX),
 * then biases.
 */
public final class Nd4jConv2dLayer implements Layer {
  private final Conv2dLayer shape;
  private final int c;
  private final int h;
  private final int w;
  private final int f;
  private final int k;

  public Nd4jConv2dLayer(int channels, int height, int width, int filters, int kernel) {
    Nd4jRuntime.ensure();
    this.shape = new Conv2dLayer(channels, height, width, filters, kernel);
    this.c = channels;
    this.h = height;
    this.w = width;
    this.f = filters;
    this.k = kernel;
  }

  @Override public int inSize() { return shape.inSize(); }
  @Override public int outSize() { return shape.outSize(); }
  @Override public int paramCount() { return shape.paramCount(); }

  @Override
  public void init(double[] p, int off, Random rnd) {
    shape.init(p, off, rnd);
  }

  // kH, kW, sH, sW, pH, pW, dH, dW, same mode (0 = valid), data format (0 = NCHW), weights format (1 = OIYX)
  private int[] args() {
    return new int[] {k, k, 1, 1, 0, 0, 1, 1, 0, 0, 1};
  }

  private INDArray kernels(double[] p, int off) {
    return Nd4jDenseLayer.load("convW", p, off, f, c, k, k);
  }

  private INDArray bias(double[] p, int off) {
    return Nd4jDenseLayer.load("convB", p, off + f * c * k * k, f);
  }

  private INDArray images(double[] x, int batch) {
    return Nd4jDenseLayer.load("convX", x, 0, batch, c, h, w);
  }

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    int oh = h - k + 1;
    int ow = w - k + 1;
    INDArray out = Nd4jDenseLayer.buffer("convY", batch, f, oh, ow);
    Nd4j.exec(DynamicCustomOp.builder("conv2d")
        .addInputs(images(x, batch), kernels(p, off), bias(p, off))
        .addOutputs(out).addIntegerArguments(args()).build());
    Nd4jDenseLayer.copyOut(out, y, 0);
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    int oh = h - k + 1;
    int ow = w - k + 1;
    INDArray gIn = Nd4jDenseLayer.buffer("convGX", batch, c, h, w);
    INDArray gW = Nd4jDenseLayer.buffer("convGW", f, c, k, k);
    INDArray gB = Nd4jDenseLayer.buffer("convGB", f);
    INDArray gOut = Nd4jDenseLayer.load("convGY", gy, 0, batch, f, oh, ow);
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
        .addInputs(images(x, batch), kernels(p, off), bias(p, off), gOut)
        .addOutputs(gIn, gW, gB).addIntegerArguments(args()).build());
    double[] scratch = Nd4jDenseLayer.scratch(f * c * k * k);
    Nd4jDenseLayer.addOut(gW, g, off, scratch);
    Nd4jDenseLayer.addOut(gB, g, off + f * c * k * k, scratch);
    if (gx != null) {
      Nd4jDenseLayer.copyOut(gIn, gx, 0);
    }
  }
}
