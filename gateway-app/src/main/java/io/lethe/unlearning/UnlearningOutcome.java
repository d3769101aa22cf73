package io.lethe.unlearning;

import io.lethe.fl.Network;
import java.util.Map;

/**
 * The unlearned versions of the affected models, the compute time spent on each (seconds),
 * and method-specific details (e.g. the gradient-passing depth where updates stopped).
 */
public record UnlearningOutcome(String method, Map<String, Network> models,
    Map<String, Double> seconds, Map<String, Object> details) {

  public double totalSeconds() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
