package io.lethe.fl;

import java.util.List;
import java.util.Locale;

/**
 * The model architectures Lethe trains, by name (the name is stored in the model file), and the
 * backend that runs them: ND4J SameDiff graphs ({@link Nd4jArchitectures}) by default, or the
 * plain-Java layers for {@code mlp}, {@code mlp-small} and {@code cnn} (kept as a cross-check;
 * select with {@code -Dlethe.fl.backend=java} or {@code LETHE_FL_BACKEND=java}). Both backends
 * share the parameter layout, so a model file runs on either.
 */
public final class Architectures {
  public static final List<String> NAMES = List.of("mlp", "cnn", "mlp-small", "alexnet", "resnet18", "mobilenetv2");
  /** Architectures that exist only as ND4J graphs. */
  public static final List<String> ND4J_ONLY = List.of("alexnet", "resnet18", "mobilenetv2");

  public enum Backend {
    ND4J, JAVA;

    public static Backend parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "nd4j" -> ND4J;
        case "java" -> JAVA;
        default -> throw new IllegalArgumentException("unknown FL backend '" + s + "' (known: nd4j, java)");
      };
    }

    /** {@code -Dlethe.fl.backend}, else {@code LETHE_FL_BACKEND}, else ND4J. */
    public static Backend configured() {
      String s = System.getProperty("lethe.fl.backend");
      if (s == null || s.isBlank()) {
        s = System.getenv("LETHE_FL_BACKEND");
      }
      return s == null || s.isBlank() ? ND4J : parse(s);
    }
  }

  private Architectures() {}

  public static List<Layer> layers(String name) {
    return layers(name, Backend.configured());
  }

  public static List<Layer> layers(String name, Backend backend) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown model architecture '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
    if (ND4J_ONLY.contains(name) || (backend == Backend.ND4J && name.equals("cnn"))) {
      return List.of(Nd4jArchitectures.of(name));
    }
    if (backend == Backend.ND4J) {
      int hidden = name.equals("mlp") ? 128 : 32;
      return Network.sequential(new Nd4jDenseLayer(784, hidden), new ReluLayer(hidden), new Nd4jDenseLayer(hidden, 10));
    }
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
      default -> throw new IllegalStateException(name);
    };
  }
}
