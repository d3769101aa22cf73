package io.lethe.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lethe.fl.train.TrainConfig;
import io.lethe.unlearning.RunDetails;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an experiment measured. {@code original} and each of {@code methods} (keyed by the method's
 * name: {@code retrain}, {@code ga}, {@code neggrad+}, …) is a {@link Summary}: means over seeds of
 * per-seed means over the affected models that <em>knew</em> the forgotten classes (original
 * A_f above the threshold), with their standard deviations over seeds in {@code sd}, per-hop
 * accuracies over all affected models in {@code perHop}, and every model's numbers per seed in
 * {@code perSeed}. Accuracies are fractions in [0, 1]; KL in nats.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentResult(Setup setup, Summary original, Map<String, Summary> methods, Speed speed) {

  /** The scenario, data and recipes, and where the first seed's trained models were stored. */
  public record Setup(String scenario, String model, String backend, int parameters,
      Set<Integer> forgetClasses, List<String> forgetClassNames, boolean quick, List<Long> seeds, int users,
      int models, int dagDepth, List<String> startingModels, List<String> affectedModels,
      int retainedSamplesPerUser, String userSampling, int validationSamples, String evaluatedOn,
      TrainConfig rootTraining, TrainConfig localTraining, int forgetSetSize, int heldOutForgetSize,
      int evalForgetSize, int evalRetainedSize, int referenceModels, double knewThreshold,
      int relearnSteps, int relearnForgetImages, int relearnRetainedImages, List<Double> trainingSeconds,
      Map<String, String> modelCids, String liveStore) {}

  /** The audit's numbers; null where not measured. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Scores(@JsonProperty("A_f") Double forgetAccuracy, @JsonProperty("A_r") Double retainAccuracy,
      @JsonProperty("relearn_A_f") Double relearnForgetAccuracy, @JsonProperty("relearn_steps") Double relearnSteps,
      @JsonProperty("probe_A_f") Double probeForgetAccuracy, @JsonProperty("kl_forget") Double klForget,
      @JsonProperty("kl_test") Double klTest, @JsonProperty("ulira_auc") Double uliraAuc,
      @JsonProperty("ulira_tpr_at_1pct_fpr") Double uliraTprAt1PctFpr) {}

  /** Mean (sd over seeds) of A_f and A_r over a group of models. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Group(int models, @JsonProperty("A_f") Double forgetAccuracy, @JsonProperty("A_r") Double retainAccuracy,
      @JsonProperty("A_f_sd") Double forgetAccuracySd, @JsonProperty("A_r_sd") Double retainAccuracySd) {}

  /** Models {@code hop} hops below the nearest starting model: A_f and A_r over all of them, and how many knew the class. */
  public record HopRow(int hop, int models, double knewModels, @JsonProperty("A_f") double forgetAccuracy,
      @JsonProperty("A_r") double retainAccuracy, @JsonProperty("A_f_sd") double forgetAccuracySd,
      @JsonProperty("A_r_sd") double retainAccuracySd) {}

  /** Mean A_f after {@code step} relearning steps. */
  public record CurvePoint(int step, @JsonProperty("A_f") double forgetAccuracy) {}

  /** One point of the mean ROC curve of the membership attack. */
  public record RocPoint(double fpr, double tpr) {}

  /** One affected model in one seed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelRow(String model, int depth, int hops, boolean knew, @JsonProperty("A_f") double forgetAccuracy,
      @JsonProperty("A_r") double retainAccuracy, @JsonProperty("relearn_A_f") Double relearnForgetAccuracy,
      @JsonProperty("relearn_steps") Integer relearnSteps, @JsonProperty("probe_A_f") Double probeForgetAccuracy,
      @JsonProperty("kl_forget") Double klForget, @JsonProperty("kl_test") Double klTest,
      @JsonProperty("ulira_auc") Double uliraAuc, @JsonProperty("ulira_tpr_at_1pct_fpr") Double uliraTprAt1PctFpr,
      Double seconds, Double cumulativeSeconds) {}

  /** One seed's run of a method (or the original models). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SeedRun(long seed, Double seconds, List<ModelRow> perModel, RunDetails details) {}

  /**
   * The headline numbers ({@code A_f} … {@code ulira_tpr_at_1pct_fpr}: means over seeds, over the
   * models that knew the class), their {@code sd} over seeds, compute seconds (summed over the
   * affected models), the consensus rounds the method needs, starting models apart from
   * descendants, per hop, the mean relearn curve and ROC, and every seed's models.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Summary(@JsonProperty("A_f") Double forgetAccuracy, @JsonProperty("A_r") Double retainAccuracy,
      @JsonProperty("relearn_A_f") Double relearnForgetAccuracy, @JsonProperty("relearn_steps") Double relearnSteps,
      @JsonProperty("probe_A_f") Double probeForgetAccuracy, @JsonProperty("kl_forget") Double klForget,
      @JsonProperty("kl_test") Double klTest, @JsonProperty("ulira_auc") Double uliraAuc,
      @JsonProperty("ulira_tpr_at_1pct_fpr") Double uliraTprAt1PctFpr, Scores sd, double knewModels,
      Double seconds, Double secondsSd, Integer consensusRounds, Group startingModels,
      Group descendantsThatKnew, Group allDescendants, List<HopRow> perHop, List<CurvePoint> relearnCurve,
      List<RocPoint> roc, List<SeedRun> perSeed) {

    public Scores mean() {
      return new Scores(forgetAccuracy, retainAccuracy, relearnForgetAccuracy, relearnSteps, probeForgetAccuracy,
          klForget, klTest, uliraAuc, uliraTprAt1PctFpr);
    }
  }

  /**
   * The paper's speed claim restated: cumulative compute seconds of pure gradient ascent ({@code ga})
   * and of retraining, their ratio, and the ratio once each consensus round is charged
   * {@code consensusSeconds} (retrain needs one per affected model, ga one for all).
   */
  public record Speed(double gaSeconds, double retrainSeconds, double speedup, double consensusSeconds,
      int gaConsensusRounds, int retrainConsensusRounds, double speedupWithConsensus) {}
}
