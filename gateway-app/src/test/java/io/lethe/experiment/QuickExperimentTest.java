package io.lethe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.experiment.ExperimentResult.Summary;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Backend;
import io.lethe.fl.train.TrainConfig;
import io.lethe.json.JsonText;
import io.lethe.store.FileSystemContentStore;
import io.lethe.unlearning.Algorithm;
import io.lethe.unlearning.FineTuneUnlearning;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.unlearning.PureGradientAscent;
import io.lethe.unlearning.RandomLabelUnlearning;
import io.lethe.unlearning.ObsFeatureUnlearning;
import io.lethe.unlearning.SalUnUnlearning;
import io.lethe.unlearning.ScrubUnlearning;
import io.lethe.unlearning.audit.ForgettingAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --quick} experiment (the CI size) end to end, with retrain and output-row zeroing:
 * the audit separates retrain from the original models on the models that knew the class, and
 * catches row zeroing by relearning; the JSON holds the fields the report promises.
 */
class QuickExperimentTest {
  @Test
  void quickRunSeparatesRetrainFromTheOriginal(@TempDir Path dir) throws Exception {
    assumeTrue(FashionMnist.available(FashionMnist.directory()), "dataset-fashion-mnist not installed");
    Scenario.Config recipe = Scenario.Config.of("mlp", Set.of(5), true, 1);
    ForgettingAudit.Config audit = ForgettingAudit.Config.defaults();
    audit = new ForgettingAudit.Config(audit.knewThreshold(), audit.relearn(), audit.probe(), 500);
    ExperimentOptions opt = new ExperimentOptions(Scenario.NAME, recipe, List.of(Algorithm.RETRAIN, Algorithm.ROW_ZERO),
        List.of(1L), true, Backend.ND4J, PureGradientAscent.Config.defaults(), GradientAscentUnlearning.Config.defaults(),
        RandomLabelUnlearning.Config.defaults(), FineTuneUnlearning.defaults(), ObsUnlearning.Config.defaults(),
        ScrubUnlearning.Config.defaults(), SalUnUnlearning.Config.defaults(),
        ObsFeatureUnlearning.Config.defaults(), audit, 2,
        ExperimentOptions.EvalSplit.TEST, 2.0);
    Files.createDirectories(dir.resolve("store"));
    ExperimentResult r = new Experiment(opt, new FileSystemContentStore(dir.resolve("store")), "fs", (d, l) -> {})
        .run(FashionMnist.directory());
    Summary original = r.original();
    Summary retrain = r.methods().get("retrain");
    Summary rowZero = r.methods().get("row-zero");
    String md = ExperimentReport.markdown(r);
    assertTrue(original.knewModels() >= 2, md);
    assertTrue(original.forgetAccuracy() > 0.3 && retrain.forgetAccuracy() < 0.02, md);
    assertTrue(retrain.retainAccuracy() > original.retainAccuracy() - 0.03, md);
    assertTrue(original.relearnForgetAccuracy() > retrain.relearnForgetAccuracy() + 0.3, md);
    assertTrue(original.relearnSteps() < retrain.relearnSteps(), md);
    assertTrue(original.klForget() > 5 * retrain.klForget(), md);
    // zeroing the output row hides the class (A_f 0) but relearning brings it back faster than after retraining
    assertTrue(rowZero.forgetAccuracy() < 0.05, md);
    assertTrue(rowZero.relearnForgetAccuracy() > retrain.relearnForgetAccuracy() + 0.05, md);
    assertEquals(1.0 * original.perHop().size(), rowZero.perHop().size(), md);

    JsonNode json = JsonText.COMPACT.readTree(JsonText.COMPACT.writeValueAsString(r));
    for (String m : List.of("retrain", "row-zero")) {
      JsonNode node = json.get("methods").get(m);
      for (String f : List.of("A_f", "A_r", "relearn_A_f", "probe_A_f", "ulira_auc", "ulira_tpr_at_1pct_fpr", "sd", "perHop")) {
        assertNotNull(node.get(f), m + "." + f + " in " + node);
      }
    }
    List<Path> plots = ExperimentReport.plots(r, dir.resolve("plots"));
    assertEquals(3, plots.size());
    for (Path p : plots) {
      assertTrue(Files.size(p) > 1000, p.toString());
    }
  }

  @Test
  void meanAndSampleSd() {
    double[] ms = Experiment.meanSd(java.util.Arrays.asList(1.0, 2.0, 3.0, null, Double.NaN));
    assertEquals(2.0, ms[0], 1e-12);
    assertEquals(1.0, ms[1], 1e-12);
    assertEquals(0.0, Experiment.meanSd(List.of(4.0))[1]);
  }

  @Test
  void defaultRecipeIsDisjointWithAValidationSplit() throws Exception {
    assumeTrue(FashionMnist.available(FashionMnist.directory()), "dataset-fashion-mnist not installed");
    Scenario.Config cfg = Scenario.Config.of("mlp", Set.of(2, 4, 6), true, 2);
    assertEquals(Scenario.UserSampling.DISJOINT, cfg.userSampling());
    Scenario.Data data = Scenario.data(FashionMnist.train(FashionMnist.directory()), FashionMnist.test(FashionMnist.directory()), cfg);
    assertTrue(data.disjointUsers());
    assertEquals(2000, data.validation().size());
    assertEquals(3000, data.forgetSet().size());
    assertTrue(data.heldOutForget().size() > 1000);
    for (int i = 0; i < data.heldOutForget().size(); i++) {
      assertTrue(Set.of(2, 4, 6).contains(data.heldOutForget().label(i)));
    }
    TrainConfig unused = cfg.rootTraining();
    assertNotNull(unused);
  }
}
