package io.lethe.fl;

import java.util.List;

/** The model architectures Lethe trains, by name (the name is stored in the model file). */
public final class Architectures {
  public static final List<String> NAMES = List.of("mlp", "cnn", "mlp-small");

  private Architectures() {}

  public static List<Layer> layers(String name) {
    return switch (name) {
      // 784-128-10 ReLU MLP (101,770 parameters)
      case "mlp" -> Network.sequential(new DenseLayer(784, 128), new ReluLayer(128), new DenseLayer(128, 10));
      // small MLP for unit tests
      case "mlp-small" -> Network.sequential(new DenseLayer(784, 32), new ReluLayer(32), new DenseLayer(32, 10));
      // LeNet-style: conv5(8) relu pool, conv5(16) relu pool, dense 256-64-10 (20,138 parameters)
      case "cnn" -> Network.sequential(
          new Conv2dLayer(1, 28, 28, 8, 5), new ReluLayer(8 * 24 * 24), new MaxPoolLayer(8, 24, 24),
          new Conv2dLayer(8, 12, 12, 16, 5), new ReluLayer(16 * 8 * 8), new MaxPoolLayer(16, 8, 8),
          new DenseLayer(256, 64), new ReluLayer(64), new DenseLayer(64, 10));
      default -> throw new IllegalArgumentException(
          "unknown model architecture '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    };
  }
}
