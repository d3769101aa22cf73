package io.lethe.unlearning;

import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code finetune} baseline: every affected model trains a little more on its owner's retained
 * data only, hoping the forgotten classes fade (catastrophic forgetting). Independent per model,
 * one consensus.
 */
public final class FineTuneUnlearning implements Unlearner {
  private final TrainConfig training;

  /** @param training the fine-tuning recipe (default: 2 epochs, lr 0.02 cosine-annealed, momentum 0.9) */
  public FineTuneUnlearning(TrainConfig training) {
    this.training = training;
  }

  public static TrainConfig defaults() {
    return new TrainConfig(2, 32, 0.02, 0.9, true);
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.FINETUNE;
  }

  @Override
  public Run unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Map<String, Integer> steps = new LinkedHashMap<>();
    for (String id : task.affected()) {
      long t0 = System.nanoTime();
      Network m = task.models().get(id).copy();
      var data = task.retainedTrain().get(id);
      Trainer.train(m, data, training, task.seeds().get(id) + 17);
      out.put(id, m);
      steps.put(id, training.epochs() * ((data.size() + training.batchSize() - 1) / training.batchSize()));
      seconds.put(id, (System.nanoTime() - t0) / 1e9);
      progress.accept(id);
    }
    return new Run(algorithm(), out, seconds, new RunDetails.Local(steps, 1));
  }
}
