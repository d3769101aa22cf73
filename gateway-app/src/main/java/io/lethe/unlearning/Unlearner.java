package io.lethe.unlearning;

import io.lethe.fl.model.Network;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An unlearning algorithm of the comparison ({@link Algorithm}); {@code progress} receives one
 * call per processed model. {@link UnlearningMethod} remains the ledger-facing interface.
 */
public interface Unlearner {
  Algorithm algorithm();

  Run unlearn(UnlearningTask task, Consumer<String> progress);

  /** The unlearned affected models, compute seconds per model, and what the run reports. */
  record Run(Algorithm algorithm, Map<String, Network> models, Map<String, Double> seconds, RunDetails details) {
    public double totalSeconds() {
      return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** A ledger-facing method as an unlearner of the comparison. */
  static Unlearner of(Algorithm algorithm, UnlearningMethod method) {
    return new Unlearner() {
      @Override
      public Algorithm algorithm() {
        return algorithm;
      }

      @Override
      public Run unlearn(UnlearningTask task, Consumer<String> progress) {
        UnlearningOutcome o = method.unlearn(task, progress);
        UnlearningDetails od = o.details();
        RunDetails d;
        if (od instanceof GradientAscentUnlearning.Details g) {
          d = new RunDetails.Passing(g, null);
        } else if (od instanceof ObsUnlearning.Details ob) {
          d = new RunDetails.Obs(ob);
        } else {
          d = new RunDetails.Sequential(od.consensusRounds());
        }
        return new Run(algorithm, o.models(), o.seconds(), d);
      }
    };
  }
}
