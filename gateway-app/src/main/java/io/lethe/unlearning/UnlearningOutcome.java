package io.lethe.unlearning;

import io.lethe.fl.model.Network;
import io.lethe.ledger.Method;
import java.util.Map;

/**
 * The unlearned versions of the affected models, the compute time spent on each (seconds),
 * and what the method reports about its run (e.g. the gradient-passing depth where updates stopped).
 */
public record UnlearningOutcome(Method method, Map<String, Network> models,
    Map<String, Double> seconds, UnlearningDetails details) {

  public double totalSeconds() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
