package io.lethe.fl.model;

import java.util.List;

/**
 * The model architectures Lethe trains, by name (the name is stored in the model file), and the
 * backend that runs them: ND4J ({@link Nd4jDenseLayer}, {@link Nd4jConv2dLayer}, SameDiff graphs in
 * {@link Nd4jArchitectures}) or the
 * plain-Java layers for {@code mlp}, {@code mlp-small}, {@code mlp-tiny} and {@code cnn} (kept as a cross-check);
 * see {@link #defaultBackend}. Both backends share the parameter layout, so a model file runs on either.
 */
public final class Architectures {
  public static final List<String> NAMES = List.of("mlp", "cnn", "mlp-small", "mlp-tiny", "alexnet", "resnet18", "mobilenetv2");
  /** Architectures that exist only as ND4J graphs. */
  public static final List<String> ND4J_ONLY = List.of("alexnet", "resnet18", "mobilenetv2");

  /**
   * The backend {@code name} runs on unless the caller chooses one: ND4J for the MLPs and the
   * ND4J-only architectures, plain Java for {@code cnn} (libnd4j's double-precision conv2d_bp
   * trains it at ~0.4× the plain-Java loops' speed on the 2-core machine:
   * {@code lethe bench fl --model cnn}).
   */
  public static Backend defaultBackend(String name) {
    return name.equals("cnn") ? Backend.JAVA : Backend.ND4J;
  }

  /** The backend {@code name} runs on when {@code requested} is asked for: ND4J-only architectures ignore the request. */
  public static Backend backendFor(String name, Backend requested) {
    return ND4J_ONLY.contains(name) ? Backend.ND4J : requested;
  }

  private Architectures() {}

  public static List<Layer> layers(String name, Backend backend) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown model architecture '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
    if (ND4J_ONLY.contains(name)) {
      return List.of(Nd4jArchitectures.of(name));
    }
    if (backend == Backend.ND4J) {
      // same layers with the dense and convolution math on ND4J (direct ops: a SameDiff graph
      // execution costs more than a whole MLP step in plain Java)
      return switch (name) {
        case "mlp" -> Network.sequential(new Nd4jDenseLayer(784, 128), new ReluLayer(128), new Nd4jDenseLayer(128, 10));
        case "mlp-small" -> Network.sequential(new Nd4jDenseLayer(784, 32), new ReluLayer(32), new Nd4jDenseLayer(32, 10));
        case "mlp-tiny" -> Network.sequential(new MaxPoolLayer(1, 28, 28), new MaxPoolLayer(1, 14, 14),
            new Nd4jDenseLayer(49, 16), new ReluLayer(16), new Nd4jDenseLayer(16, 10));
        case "cnn" -> Network.sequential(
            new Nd4jConv2dLayer(1, 28, 28, 8, 5), new ReluLayer(8 * 24 * 24), new MaxPoolLayer(8, 24, 24),
            new Nd4jConv2dLayer(8, 12, 12, 16, 5), new ReluLayer(16 * 8 * 8), new MaxPoolLayer(16, 8, 8),
            new Nd4jDenseLayer(256, 64), new ReluLayer(64), new Nd4jDenseLayer(64, 10));
        default -> throw new IllegalStateException(name);
      };
    }
    return switch (name) {
      // 784-128-10 ReLU MLP (101,770 parameters)
      case "mlp" -> Network.sequential(new DenseLayer(784, 128), new ReluLayer(128), new DenseLayer(128, 10));
      // small MLP for unit tests
      case "mlp-small" -> Network.sequential(new DenseLayer(784, 32), new ReluLayer(32), new DenseLayer(32, 10));
      // 4×4 max-pooled input (7×7), 49-16-10 ReLU MLP: 970 parameters, one 1,024-weight proof chunk
      // (the size the end-to-end tests prove on the network within CI's time)
      case "mlp-tiny" -> Network.sequential(new MaxPoolLayer(1, 28, 28), new MaxPoolLayer(1, 14, 14),
          new DenseLayer(49, 16), new ReluLayer(16), new DenseLayer(16, 10));
      // LeNet-style: conv5(8) relu pool, conv5(16) relu pool, dense 256-64-10 (20,138 parameters)
      case "cnn" -> Network.sequential(
          new Conv2dLayer(1, 28, 28, 8, 5), new ReluLayer(8 * 24 * 24), new MaxPoolLayer(8, 24, 24),
          new Conv2dLayer(8, 12, 12, 16, 5), new ReluLayer(16 * 8 * 8), new MaxPoolLayer(16, 8, 8),
          new DenseLayer(256, 64), new ReluLayer(64), new DenseLayer(64, 10));
      default -> throw new IllegalStateException(name);
    };
  }
}
