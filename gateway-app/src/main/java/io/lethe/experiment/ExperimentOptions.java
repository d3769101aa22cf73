package io.lethe.experiment;

import io.lethe.fl.Scenario;
import io.lethe.fl.model.Backend;
import io.lethe.fl.train.TrainConfig;
import io.lethe.unlearning.Algorithm;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsFeatureUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.unlearning.PureGradientAscent;
import io.lethe.unlearning.RandomLabelUnlearning;
import io.lethe.unlearning.SalUnUnlearning;
import io.lethe.unlearning.ScrubUnlearning;
import io.lethe.unlearning.audit.ForgettingAudit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One experiment run: the scenario (its name, sizes and training recipe; the seed inside is
 * replaced by each of {@code seeds}), the methods to compare (in this order), whether it is the
 * {@code --quick} size, the backend, each method's settings, the audit's settings, how many
 * retrained reference models calibrate KL and membership inference, which split the numbers are
 * measured on, and the seconds one ledger consensus round is assumed to cost.
 */
public record ExperimentOptions(String scenarioName, Scenario.Config scenario, List<Algorithm> methods,
    List<Long> seeds, boolean quick, Backend backend, PureGradientAscent.Config ga,
    GradientAscentUnlearning.Config negGradPlus, RandomLabelUnlearning.Config randomLabel,
    TrainConfig finetune, ObsUnlearning.Config obs, ScrubUnlearning.Config scrub, SalUnUnlearning.Config salun,
    ObsFeatureUnlearning.Config obsFeature, ForgettingAudit.Config audit, int references,
    EvalSplit eval, double consensusSeconds) {

  /** Where A_f, A_r and the audit are measured: the test set (final numbers) or the validation split (tuning). */
  public enum EvalSplit {
    TEST, VALIDATION;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ExperimentOptions {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(scrub, "scrub");
    Objects.requireNonNull(salun, "salun");
    Objects.requireNonNull(obsFeature, "obsFeature");
    methods = List.copyOf(new LinkedHashSet<>(methods));
    seeds = List.copyOf(new LinkedHashSet<>(seeds));
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("no unlearning method to run");
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("no seed");
    }
    if (references < 1) {
      throw new IllegalArgumentException("at least one retrained reference model is needed (KL and membership inference)");
    }
  }
}
