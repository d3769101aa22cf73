package io.lethe.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.lethe.fl.train.TrainConfig;
import io.lethe.ledger.Method;
import io.lethe.unlearning.UnlearningDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an experiment measured: its set-up, the original models' metrics, each method's
 * metrics (in the order the methods ran) and, when both ran, how much faster the parallel
 * paradigm was than the sequential one. Accuracies are fractions in [0, 1], averaged over the
 * affected models; JSON field names are those of the committed results
 * ({@code A_f}, {@code A_r}, {@code mia_auc}, …).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentResult(Setup setup, Original original,
    @JsonSerialize(keyUsing = MethodKeys.Writer.class)
    @JsonDeserialize(keyUsing = MethodKeys.Reader.class, as = LinkedHashMap.class)
    Map<Method, MethodResult> methods,
    Double parallelSpeedup) {

  /** The scenario, the data and training recipe, and where the trained models were stored. */
  public record Setup(String scenario, String model, String backend, int parameters,
      Set<Integer> forgetClasses, List<String> forgetClassNames, boolean quick, long seed, int users,
      int models, int dagDepth, List<String> startingModels, List<String> affectedModels,
      int retainedSamplesPerUser, String userSampling, TrainConfig rootTraining,
      TrainConfig localTraining, int forgetSetSize, int testForgetSize, int testRetainedSize,
      double trainingSeconds, Map<String, String> modelCids, String liveStore) {}

  /**
   * One affected model: its depth in the DAG, its hops from the nearest starting model, its
   * metrics and, after unlearning, the method's compute time on it and summed in topological order.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelResult(String model, int depth, int hops,
      @JsonProperty("A_f") double forgetAccuracy, @JsonProperty("A_r") double retainAccuracy,
      @JsonProperty("mia_auc") double miaAuc, Double seconds, Double cumulativeSeconds) {}

  /** The models as trained, before any unlearning. */
  public record Original(@JsonProperty("A_f") double forgetAccuracy,
      @JsonProperty("A_r") double retainAccuracy, @JsonProperty("mia_auc") double miaAuc,
      List<ModelResult> perModel) {}

  /** One method's unlearned models, its total compute time and what it reports about its run. */
  public record MethodResult(@JsonProperty("A_f") double forgetAccuracy,
      @JsonProperty("A_r") double retainAccuracy, @JsonProperty("mia_auc") double miaAuc,
      double seconds, List<ModelResult> perModel, UnlearningDetails details) {}
}
