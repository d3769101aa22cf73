package io.lethe.fl.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * The models as ND4J SameDiff graphs on 28×28×1 inputs (NCHW). {@code mlp}, {@code mlp-small}
 * and {@code cnn} use exactly the plain-Java layers' parameter layout (dense {@code [out][in]}
 * then bias; conv {@code [f][c][k][k]} then bias) and initialisation, so the two backends are
 * interchangeable on the same model file. The AlexNet-, ResNet18- and MobileNetV2-style models
 * are small variants for long runs; they have no batch normalisation (its running statistics
 * are not parameters, and per-sample gradients need batch-independent layers).
 */
final class Nd4jArchitectures {
  private Nd4jArchitectures() {}

  static SameDiffLayer of(String name) {
    return switch (name) {
      case "mlp" -> new SameDiffLayer(784, 10, (sd, x, p) -> {
        SDVariable h = relu(sd, dense(sd, x, p, "fc1", 784, 128));
        return dense(sd, h, p, "fc2", 128, 10);
      });
      case "mlp-small" -> new SameDiffLayer(784, 10, (sd, x, p) -> {
        SDVariable h = relu(sd, dense(sd, x, p, "fc1", 784, 32));
        return dense(sd, h, p, "fc2", 32, 10);
      });
      case "cnn" -> new SameDiffLayer(784, 10, (sd, x, p) -> {
        SDVariable a = image(x);
        a = maxPool(sd, relu(sd, conv(sd, a, p, "conv1", 1, 8, 5, 1, false)));
        a = maxPool(sd, relu(sd, conv(sd, a, p, "conv2", 8, 16, 5, 1, false)));
        a = a.reshape(-1, 256);
        a = relu(sd, dense(sd, a, p, "fc1", 256, 64));
        return dense(sd, a, p, "fc2", 64, 10);
      });
      case "alexnet" -> new SameDiffLayer(784, 10, DataType.FLOAT, Nd4jArchitectures::alexnet);
      case "resnet18" -> new SameDiffLayer(784, 10, DataType.FLOAT, Nd4jArchitectures::resnet18);
      case "mobilenetv2" -> new SameDiffLayer(784, 10, DataType.FLOAT, Nd4jArchitectures::mobilenetV2);
      default -> throw new IllegalArgumentException("no ND4J graph for '" + name + "'");
    };
  }

  /** AlexNet-style: five 3×3 convolutions (three max-pools) then three dense layers. */
  private static SDVariable alexnet(SameDiff sd, SDVariable x, SameDiffLayer.Params p) {
    SDVariable a = image(x);
    a = maxPool(sd, relu(sd, conv(sd, a, p, "conv1", 1, 16, 3, 1, true)));   // 14×14
    a = maxPool(sd, relu(sd, conv(sd, a, p, "conv2", 16, 32, 3, 1, true)));  // 7×7
    a = relu(sd, conv(sd, a, p, "conv3", 32, 48, 3, 1, true));
    a = relu(sd, conv(sd, a, p, "conv4", 48, 48, 3, 1, true));
    a = maxPool(sd, relu(sd, conv(sd, a, p, "conv5", 48, 32, 3, 1, true)));  // 3×3
    a = a.reshape(-1, 32 * 3 * 3);
    a = relu(sd, dense(sd, a, p, "fc1", 288, 128));
    a = relu(sd, dense(sd, a, p, "fc2", 128, 64));
    return dense(sd, a, p, "fc3", 64, 10);
  }

  /** ResNet18-style: stem, four stages of two basic blocks (8-16-32-64 channels), GAP, dense. */
  private static SDVariable resnet18(SameDiff sd, SDVariable x, SameDiffLayer.Params p) {
    SDVariable a = relu(sd, conv(sd, image(x), p, "stem", 1, 8, 3, 1, true));
    int[] widths = {8, 16, 32, 64};
    int c = 8;
    for (int s = 0; s < widths.length; s++) {
      for (int b = 0; b < 2; b++) {
        int stride = (s > 0 && b == 0) ? 2 : 1;
        String n = "s" + (s + 1) + "b" + (b + 1);
        SDVariable h = relu(sd, conv(sd, a, p, n + "_conv1", c, widths[s], 3, stride, true));
        h = conv(sd, h, p, n + "_conv2", widths[s], widths[s], 3, 1, true);
        SDVariable shortcut = (stride != 1 || c != widths[s])
            ? conv(sd, a, p, n + "_proj", c, widths[s], 1, stride, true)
            : a;
        a = relu(sd, h.add(shortcut));
        c = widths[s];
      }
    }
    SDVariable pooled = a.mean(2, 3);  // global average pool → [batch, 64]
    return dense(sd, pooled, p, "fc", 64, 10);
  }

  /** MobileNetV2-style: stem, inverted residual blocks (expand 1×1, depthwise 3×3, linear 1×1). */
  private static SDVariable mobilenetV2(SameDiff sd, SDVariable x, SameDiffLayer.Params p) {
    SDVariable a = relu6(sd, conv(sd, image(x), p, "stem", 1, 16, 3, 2, true));  // 14×14
    // {expansion, out channels, repeats, first stride}
    int[][] settings = {{1, 8, 1, 1}, {6, 16, 2, 2}, {6, 24, 2, 2}, {6, 32, 1, 1}};
    int c = 16;
    int block = 0;
    for (int[] st : settings) {
      for (int r = 0; r < st[2]; r++) {
        int stride = r == 0 ? st[3] : 1;
        String n = "ir" + (++block);
        int hidden = c * st[0];
        SDVariable h = a;
        if (st[0] != 1) {
          h = relu6(sd, conv(sd, h, p, n + "_expand", c, hidden, 1, 1, true));
        }
        h = relu6(sd, depthwise(sd, h, p, n + "_dw", hidden, stride));
        h = conv(sd, h, p, n + "_project", hidden, st[1], 1, 1, true);
        a = (stride == 1 && c == st[1]) ? h.add(a) : h;
        c = st[1];
      }
    }
    a = relu6(sd, conv(sd, a, p, "head", c, 128, 1, 1, true));
    return dense(sd, a.mean(2, 3), p, "fc", 128, 10);
  }

  private static SDVariable image(SDVariable x) {
    return x.reshape(-1, 1, 28, 28);
  }

  private static SDVariable relu(SameDiff sd, SDVariable x) {
    return sd.nn().relu(x, 0.0);
  }

  private static SDVariable relu6(SameDiff sd, SDVariable x) {
    return sd.nn().relu6(x, 0.0);
  }

  /** {@code x W^T + b} with {@code W} stored {@code [out][in]} like {@link DenseLayer}. */
  private static SDVariable dense(SameDiff sd, SDVariable x, SameDiffLayer.Params p, String name, int in, int out) {
    SDVariable w = p.weight(name + "_W", in, out, in);
    SDVariable b = p.zeros(name + "_b", out);
    return sd.mmul(x, w, false, true, false).add(b);
  }

  /** Convolution with kernels stored {@code [f][c][k][k]} like {@link Conv2dLayer}. */
  private static SDVariable conv(SameDiff sd, SDVariable x, SameDiffLayer.Params p, String name,
      int c, int f, int k, int stride, boolean same) {
    SDVariable w = p.weight(name + "_W", (long) c * k * k, f, c, k, k);
    SDVariable b = p.zeros(name + "_b", f);
    Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride)
        .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();
    // SameDiff's default kernel layout is [kH][kW][c][f]
    return sd.cnn().conv2d(x, w.permute(2, 3, 1, 0), b, cfg);
  }

  private static SDVariable depthwise(SameDiff sd, SDVariable x, SameDiffLayer.Params p, String name, int c, int stride) {
    SDVariable w = p.weight(name + "_W", 9, c, 3, 3);
    SDVariable b = p.zeros(name + "_b", c);
    Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(stride).sW(stride)
        .paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW).build();
    // depthwise kernel layout [kH][kW][c][multiplier = 1]
    return sd.cnn().depthWiseConv2d(x, w.permute(1, 2, 0).reshape(3, 3, c, 1), b, cfg);
  }

  private static SDVariable maxPool(SameDiff sd, SDVariable x) {
    return sd.cnn().maxPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
        .paddingMode(PaddingMode.VALID).isNHWC(false).build());
  }
}
