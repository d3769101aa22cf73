package io.lethe.experiment;

import io.lethe.fl.Scenario;
import io.lethe.fl.model.Backend;
import io.lethe.ledger.Method;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import java.util.List;
import java.util.Objects;

/**
 * One experiment run: the scenario's sizes and training recipe, the methods to compare (in
 * this order), whether it is the {@code --quick} recipe, the backend the models run on, and the
 * methods' settings.
 */
public record ExperimentOptions(Scenario.Config scenario, List<Method> methods, boolean quick,
    Backend backend, GradientAscentUnlearning.Config gradientAscent, ObsUnlearning.Config obs) {

  public ExperimentOptions {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(gradientAscent, "gradientAscent");
    Objects.requireNonNull(obs, "obs");
    methods = List.copyOf(new java.util.LinkedHashSet<>(methods));
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("no unlearning method to run");
    }
  }
}
