package io.lethe.unlearning;

import io.lethe.fl.model.Network;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.fl.train.Trainer;
import io.lethe.ledger.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sequential paradigm (BlockFUL eqs. 17–18): hop by hop in topological order, every affected
 * model is re-aggregated from the current versions of its refs and re-trained on its owner's
 * data without the forgotten samples (a root is re-trained from the task's initial model). One
 * consensus per model on the ledger.
 */
public final class RetrainUnlearning implements UnlearningMethod {
  public record Details(int consensusRounds) implements UnlearningDetails {}

  @Override
  public Method method() {
    return Method.RETRAIN;
  }

  @Override
  public UnlearningOutcome unlearn(UnlearningTask task, Consumer<String> progress) {
    Map<String, Network> current = new HashMap<>(task.models());
    Map<String, Network> out = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String id : task.affected()) {
      long t0 = System.nanoTime();
      List<String> refs = task.dag().refs(id);
      long seed = task.seeds().get(id);
      Network m = refs.isEmpty()
          ? task.initial().copy()
          : NodeTrainer.aggregate(refs.stream().map(current::get).toList());
      Trainer.train(m, task.retainedTrain().get(id), refs.isEmpty() ? task.rootTraining() : task.localTraining(), seed);
      current.put(id, m);
      out.put(id, m);
      seconds.put(id, (System.nanoTime() - t0) / 1e9);
      progress.accept(id);
    }
    return new UnlearningOutcome(method(), out, seconds, new Details(out.size()));
  }
}
