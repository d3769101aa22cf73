package io.lethe.unlearning;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.ledger.InheritanceDag;
import java.util.List;
import java.util.Map;

/**
 * A deletion request against a published DAG: the starting models (trained on the data to
 * forget), the current models, every model owner's local training data with the forgotten
 * samples removed, the forget set itself, a provider-held reference set of retained classes
 * (for OBS saliency), the task's initial model, and the recipe the models were trained with.
 */
public record UnlearningTask(InheritanceDag dag, List<String> starts, Map<String, Network> models,
    Map<String, Dataset> retainedTrain, Dataset forgetSet, Dataset providerReference,
    TrainConfig rootTraining, TrainConfig localTraining, Map<String, Long> seeds,
    Network initial) {

  public List<String> affected() {
    return dag.affected(starts);
  }
}
