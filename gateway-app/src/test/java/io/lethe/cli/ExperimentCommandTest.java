package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.experiment.ExperimentOptions;
import io.lethe.fl.Scenario;
import io.lethe.fl.model.Backend;
import io.lethe.unlearning.Algorithm;
import io.lethe.unlearning.PureGradientAscent;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.unlearning.SalUnUnlearning;
import io.lethe.unlearning.ScrubUnlearning;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line maps onto {@link ExperimentOptions}; without options, onto the code's defaults. */
class ExperimentCommandTest {
  private static ExperimentOptions options(String... args) {
    ExperimentCommand command = new ExperimentCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  private static String refused(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Lethe.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "experiment";
    System.arraycopy(args, 0, all, 1, args.length);
    assertEquals(2, cli.execute(all), err.toString());
    return err.toString();
  }

  @Test
  void noOptionsGiveTheCodesDefaults() {
    ExperimentOptions o = options();
    assertEquals(Scenario.Config.of("mlp", Set.of(5), false, 1), o.scenario());
    assertEquals(Scenario.UserSampling.DISJOINT, o.scenario().userSampling());
    assertEquals(List.of(1L), o.seeds());
    assertEquals(List.of(Algorithm.RETRAIN, Algorithm.GA, Algorithm.NEGGRAD_PLUS, Algorithm.OBS, Algorithm.FINETUNE,
        Algorithm.RANDOM_LABEL, Algorithm.ROW_ZERO, Algorithm.SCRUB, Algorithm.SALUN), o.methods());
    assertEquals(ScrubUnlearning.Config.defaults(), o.scrub());
    assertEquals(SalUnUnlearning.Config.defaults(), o.salun());
    assertEquals(GradientAscentUnlearning.Config.defaults(), o.negGradPlus());
    assertEquals(PureGradientAscent.Config.defaults(), o.ga());
    assertEquals(ObsUnlearning.Config.defaults(), o.obs());
    assertEquals(ExperimentOptions.EvalSplit.TEST, o.eval());
    assertEquals(3, o.references());
    assertEquals(false, o.quick());
    if (System.getenv("LETHE_FL_BACKEND") == null) {
      assertEquals(Backend.ND4J, o.backend());
      assertEquals(Backend.JAVA, options("--model", "cnn").backend());
    }
  }

  @Test
  void quickCnnKeepsItsPerModelEpochsUnlessGiven() {
    assertEquals(Scenario.Config.of("cnn", Set.of(5, 7), true, 3), options("--model", "cnn", "--quick",
        "--forget", "classes:7,5", "--seed", "3").scenario());
    Scenario.Config c = options("--model", "cnn", "--quick", "--root-epochs", "2", "--local-lr", "0.5").scenario();
    assertEquals(2, c.rootTraining().epochs());
    assertEquals(Scenario.Config.ROOT_LEARNING_RATE, c.rootTraining().learningRate());
    assertEquals(1, c.localTraining().epochs());
    assertEquals(0.5, c.localTraining().learningRate());
    Scenario.Config keep = options("--scenario", "fmnist-14-keep").scenario();
    assertEquals(1, keep.localTraining().epochs());
    assertEquals(0.002, keep.localTraining().learningRate());
  }

  @Test
  void optionsReachTheirRecords() {
    ExperimentOptions o = options("--backend", "java", "--methods", "obs,gradient-ascent", "--ga-alpha", "0.5", "--seeds", "1,2,3",
        "--ga-epsilon", "0.1", "--obs-sparsity", "0.01", "--obs-target", "0.2", "--obs-block", "16",
        "--obs-rounds", "2", "--samples-per-user", "100", "--test-samples", "500", "--forget", "classes:0,1,2,3,4,5,6,7,8");
    assertEquals(Backend.JAVA, o.backend());
    assertEquals(List.of(Algorithm.OBS, Algorithm.NEGGRAD_PLUS), o.methods());
    assertEquals(List.of(1L, 2L, 3L), o.seeds());
    assertEquals(GradientAscentUnlearning.Config.defaults().withPassing(0.5, 0.1), o.negGradPlus());
    assertEquals(0.5, o.ga().alpha());
    assertEquals(ObsUnlearning.Config.defaults().withMaskSearch(0.01, 0.2, 16, 2), o.obs());
    assertEquals(100, o.scenario().retainedPerUser());
    assertEquals(500, o.scenario().globalTest());
    assertEquals(9, o.scenario().forgetClasses().size());
    ExperimentOptions b = options("--scrub-lr", "0.02", "--scrub-epochs", "5", "--scrub-max-epochs", "3",
        "--salun-mask", "0.1", "--salun-lr", "0.03", "--salun-epochs", "4", "--ga-alpha", "0.5");
    assertEquals(ScrubUnlearning.Config.defaults().withLearningRate(0.02).withEpochs(5, 3).withPassing(0.5, 0.1), b.scrub());
    assertEquals(SalUnUnlearning.Config.defaults().withTraining(0.1, 0.03, 4).withPassing(0.5, 0.1), b.salun());
  }

  @Test
  void badScrubAndSalunOptionsAreRefused() {
    assertTrue(refused("--salun-mask", "0").contains("salun's mask fraction must be in (0, 1]"));
    assertTrue(refused("--salun-mask", "1.5").contains("salun's mask fraction"));
    assertTrue(refused("--salun-epochs", "0").contains("salun needs"));
    assertTrue(refused("--scrub-epochs", "2", "--scrub-max-epochs", "3").contains("max-step epochs"));
    assertTrue(refused("--scrub-lr", "-0.1").contains("scrub needs a learning rate > 0"));
    assertTrue(refused("--obs-feature-units", "1").contains("obs-feature's unit fraction must be in [0, 1)"));
    assertEquals(0.3, options("--obs-feature-units", "0.3").obsFeature().unitFraction(), 0.0);
    assertEquals(List.of(Algorithm.OBS_FEATURE), options("--methods", "obs-feature").methods());
  }

  @Test
  void oneRequestVocabulary() {
    assertTrue(refused("--methods", "gradient-descent").contains("neggrad+"));
    assertEquals(Set.of(2, 4, 6), options("--forget", "2,4,6").scenario().forgetClasses());
    assertEquals(Set.of(5), options("--forget", "5").scenario().forgetClasses());
    assertTrue(refused("--forget", "0,1,2,3,4,5,6,7,8,9").contains("--forget"));
    assertTrue(refused("--eval", "train").contains("--eval"));
    assertTrue(refused("--forget", "samples:user8-0..99").contains("forgets classes"));
    assertTrue(refused("--backend", "cuda").contains("unknown FL backend"));
    assertThrows(UserError.class, () -> options("--root-epochs", "0"));
  }
}
