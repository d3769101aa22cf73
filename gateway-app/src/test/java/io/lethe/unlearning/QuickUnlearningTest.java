package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.fl.train.TrainConfig;
import io.lethe.ledger.InheritanceDag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fmnist-14 DAG on a small subset of real Fashion-MNIST with a small MLP. */
class QuickUnlearningTest {
  static UnlearningTask task;
  static Scenario.Data data;
  static double originalAf;
  static double originalAr;

  @BeforeAll
  static void trainDag() throws Exception {
    assumeTrue(FashionMnist.available(FashionMnist.directory()), "dataset-fashion-mnist not installed");
    TrainConfig root = new TrainConfig(4, 32, 0.02, 0.9);
    TrainConfig local = new TrainConfig(1, 32, 0.01, 0.9);
    Scenario.Config cfg = new Scenario.Config("mlp-small", new TreeSet<>(Set.of(5)), 400, 400, 200, 2000,
        0.1, root, local, 7);
    data = Scenario.data(FashionMnist.train(FashionMnist.directory()), FashionMnist.test(FashionMnist.directory()), cfg);
    InheritanceDag dag = Scenario.dag();
    Map<String, Network> models = new LinkedHashMap<>();
    Map<String, Long> seeds = new LinkedHashMap<>();
    Map<String, Dataset> retained = new LinkedHashMap<>();
    Network initial = Network.create("mlp-small", 7);
    for (String id : dag.ids()) {
      String user = Scenario.owners().get(id);
      seeds.put(id, (long) id.hashCode());
      var u = data.users().get(user);
      models.put(id, NodeTrainer.train(id, dag.refs(id), models, initial, u.train(), u.test(), root, local,
          seeds.get(id)).model());
      retained.put(id, data.trainAfterForgetting(user, cfg.forgetClasses()));
    }
    task = new UnlearningTask(dag, Scenario.startingModels(), models, retained, data.forgetSet(),
        data.providerReference(), root, local, seeds, initial);
    double[] m = mean(models);
    originalAf = m[0];
    originalAr = m[1];
  }

  static double[] mean(Map<String, Network> models) {
    double af = 0;
    double ar = 0;
    List<String> affected = task == null ? Scenario.dag().affected(Scenario.startingModels()) : task.affected();
    for (String id : affected) {
      af += models.get(id).accuracy(data.testForget());
      ar += models.get(id).accuracy(data.testRetained());
    }
    return new double[] {af / affected.size(), ar / affected.size()};
  }

  @Test
  void startingModelsKnewTheForgottenClass() {
    for (String s : Scenario.startingModels()) {
      assertTrue(task.models().get(s).accuracy(data.testForget()) > 0.8, s);
    }
    assertTrue(originalAr > 0.6, "original A_r " + originalAr);
  }

  @Test
  void retrainForgetsAndKeepsRetainedAccuracy() {
    UnlearningOutcome out = new RetrainUnlearning().unlearn(task, id -> {});
    double[] m = mean(out.models());
    assertTrue(m[0] <= 0.01, "retrain A_f " + m[0]);
    // retraining without the forgotten samples may do better than the original; never much worse
    assertTrue(m[1] >= originalAr - 0.03, "retrain A_r " + m[1] + " vs " + originalAr);
    assertEquals(task.affected().size(), out.seconds().size());
  }

  @Test
  void gradientAscentForgetsThroughPassing() {
    UnlearningOutcome out = new GradientAscentUnlearning(GradientAscentUnlearning.Config.defaults()).unlearn(task, id -> {});
    double[] m = mean(out.models());
    assertTrue(m[0] <= 0.10, "ga A_f " + m[0]);
    assertTrue(m[1] >= originalAr - 0.08, "ga A_r " + m[1] + " vs " + originalAr);
    for (String s : task.starts()) {
      assertTrue(out.models().get(s).accuracy(data.testForget()) <= 0.10, s);
    }
  }

  @Test
  void obsZeroesTheMaskAndLowersForgetAccuracy() {
    ObsUnlearning obs = new ObsUnlearning(ObsUnlearning.Config.defaults());
    String s = task.starts().get(0);
    Network net = task.models().get(s);
    ObsUnlearning.Mask mask = obs.mask(net, task.forgetSet(), task.providerReference());
    assertTrue(mask.removed().length > 0);
    double[] w = obs.compensate(net, mask, task.retainedTrain().get(s), 1);
    for (int i : mask.removed()) {
      assertEquals(0.0, w[i]);
    }
    for (int i = mask.frozen().nextSetBit(0); i >= 0; i = mask.frozen().nextSetBit(i + 1)) {
      assertEquals(net.params()[i], w[i]);
    }
    Network after = net.withParams(w);
    assertTrue(after.accuracy(data.testForget()) < net.accuracy(data.testForget()) - 0.2,
        "obs A_f " + after.accuracy(data.testForget()) + " vs " + net.accuracy(data.testForget()));
  }

  @Test
  void obsForgetsEveryAffectedModelWithoutRetraining() {
    UnlearningOutcome out = new ObsUnlearning(ObsUnlearning.Config.defaults()).unlearn(task, id -> {});
    double[] m = mean(out.models());
    for (String s : task.starts()) {
      assertTrue(out.models().get(s).accuracy(data.testForget()) <= 0.10,
          s + " A_f " + out.models().get(s).accuracy(data.testForget()) + " " + out.details());
    }
    assertTrue(m[0] <= 0.10, "obs A_f " + m[0]);
    assertTrue(m[1] >= originalAr - 0.03, "obs A_r " + m[1] + " vs " + originalAr);
    ObsUnlearning.Details details = (ObsUnlearning.Details) out.details();
    Map<String, Integer> sizes = details.maskSizes();
    int kMax = (int) Math.round(ObsUnlearning.Config.defaults().sparsity() * task.models().get(task.starts().get(0)).paramCount());
    for (String id : task.affected()) {
      int rounds = details.rounds().get(id);
      assertTrue(sizes.get(id) >= 1 && sizes.get(id) <= rounds * kMax, id + " mask " + sizes.get(id));
    }
  }
}
