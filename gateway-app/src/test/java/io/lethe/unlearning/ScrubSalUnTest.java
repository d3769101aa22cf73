package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Backend;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import io.lethe.ledger.InheritanceDag;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCRUB and SalUn on a tiny synthetic task (10 separable classes, {@code mlp-small}, the fmnist-14
 * DAG with one trained model at every node): both change the model and forget class 0; SCRUB's
 * max-step raises the forget divergence; SalUn moves only its masked weights. 2–5 s on 2 cores.
 */
class ScrubSalUnTest {
  static Dataset train;
  static Dataset forget;
  static Dataset retained;
  static Network trained;

  /** {@code n} images: class c lights up pixels c·78 … c·78+77, plus noise. */
  static Dataset synthetic(int n, long seed) {
    Random r = new Random(seed);
    float[] px = new float[n * 784];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (int f = 0; f < 784; f++) {
        px[i * 784 + f] = 0.3f * r.nextFloat() + (f / 78 == labels[i] ? 0.7f : 0f);
      }
    }
    return new Dataset(px, labels, 784);
  }

  @BeforeAll
  static void trainModel() {
    train = synthetic(400, 1);
    forget = train.filterLabels(l -> l == 0);
    retained = train.filterLabels(l -> l != 0);
    trained = Network.create("mlp-small", 1, Backend.JAVA);
    Trainer.train(trained, train, new TrainConfig(3, 16, 0.05, 0.9), 1);
  }

  static UnlearningTask task() {
    InheritanceDag dag = Scenario.dag();
    Map<String, Network> models = new LinkedHashMap<>();
    Map<String, Dataset> kept = new LinkedHashMap<>();
    Map<String, Long> seeds = new LinkedHashMap<>();
    for (String id : dag.ids()) {
      models.put(id, trained.copy());
      kept.put(id, retained);
      seeds.put(id, (long) id.hashCode());
    }
    TrainConfig t = new TrainConfig(1, 16, 0.01, 0.9);
    return new UnlearningTask(dag, Scenario.startingModels(), models, kept, forget, retained, t, t, seeds,
        Network.create("mlp-small", 2, Backend.JAVA));
  }

  static double divergence(ScrubUnlearning scrub, Network student) {
    int[] all = IntStream.range(0, forget.size()).toArray();
    return scrub.divergence(student, trained, forget, all, new double[student.paramCount()], 1.0);
  }

  @Test
  void theSyntheticModelKnowsTheClass() {
    assertTrue(trained.accuracy(forget) > 0.9, "forget accuracy " + trained.accuracy(forget));
  }

  @Test
  void scrubMaxStepRaisesTheForgetDivergenceFromTheTeacher() {
    ScrubUnlearning scrub = new ScrubUnlearning(ScrubUnlearning.Config.defaults());
    Network student = trained.copy();
    assertEquals(0.0, divergence(scrub, student), 1e-12);
    // a student equal to its teacher sits at the divergence's minimum: the max-step's gradient is zero
    scrub.maxStep(student, trained, forget, IntStream.range(0, 16).toArray());
    assertArrayEquals(trained.params(), student.params());
    scrub.minStep(student, trained, retained, IntStream.range(0, 16).toArray());
    double before = divergence(scrub, student);
    assertTrue(before > 0);
    for (int i = 0; i < 10; i++) {
      scrub.maxStep(student, trained, forget, IntStream.range(0, forget.size()).toArray());
    }
    double after = divergence(scrub, student);
    assertTrue(after > before, "forget KL " + before + " -> " + after);
  }

  @Test
  void scrubChangesTheStartsAndPassesTheChange() {
    ScrubUnlearning.Config cfg = ScrubUnlearning.Config.defaults().withLearningRate(0.1).withEpochs(6, 5);
    Unlearner.Run run = new ScrubUnlearning(cfg).unlearn(task(), id -> {});
    for (String s : Scenario.startingModels()) {
      assertFalse(Arrays.equals(trained.params(), run.models().get(s).params()), s + " unchanged");
      // forgetting on this easy task shows as divergence from the teacher on the forget images only
      ScrubUnlearning scrub = new ScrubUnlearning(cfg);
      double onForget = divergence(scrub, run.models().get(s));
      double onRetained = scrub.divergence(run.models().get(s), trained, retained,
          IntStream.range(0, retained.size()).toArray(), new double[trained.paramCount()], 1.0);
      assertTrue(onForget > 10 * onRetained, s + ": KL forget " + onForget + ", retained " + onRetained);
    }
    String descendant = task().affected().stream().filter(id -> !Scenario.startingModels().contains(id))
        .findFirst().orElseThrow();
    assertFalse(Arrays.equals(trained.params(), run.models().get(descendant).params()), "nothing passed");
    assertEquals(Algorithm.SCRUB, run.algorithm());
    assertInstanceOf(RunDetails.Passing.class, run.details());
  }

  @Test
  void salunMaskIsTheTopFractionOfForgetGradients() {
    SalUnUnlearning salun = new SalUnUnlearning(SalUnUnlearning.Config.defaults().withTraining(0.1, 0.01, 1), Set.of(0));
    boolean[] mask = salun.mask(trained, forget);
    double[] g = new double[trained.paramCount()];
    int[] all = IntStream.range(0, forget.size()).toArray();
    trained.lossGradient(forget, all, g, 1.0);
    double smallestIn = Double.POSITIVE_INFINITY;
    double largestOut = 0;
    int in = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        in++;
        smallestIn = Math.min(smallestIn, Math.abs(g[i]));
      } else {
        largestOut = Math.max(largestOut, Math.abs(g[i]));
      }
    }
    assertEquals(Math.round(0.1 * mask.length), in);
    assertTrue(smallestIn >= largestOut * (1 - 1e-9), smallestIn + " < " + largestOut);
  }

  /** How many weights outside {@code mask} differ between {@code a} and {@code b}, bit for bit. */
  static int changedOutside(double[] a, double[] b, boolean[] mask) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (!mask[i] && Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        n++;
      }
    }
    return n;
  }

  @Test
  void salunMovesOnlyMaskedWeights() {
    SalUnUnlearning.Config cfg = SalUnUnlearning.Config.defaults().withTraining(0.2, 0.05, 3);
    SalUnUnlearning salun = new SalUnUnlearning(cfg, Set.of(0));
    UnlearningTask task = task();
    Unlearner.Run run = salun.unlearn(task, id -> {});
    for (String s : Scenario.startingModels()) {
      boolean[] mask = salun.mask(task.models().get(s), forget);
      double[] after = run.models().get(s).params();
      assertEquals(0, changedOutside(trained.params(), after, mask), s + ": weights outside the mask moved");
      assertFalse(Arrays.equals(trained.params(), after), s + " unchanged");
      assertTrue(run.models().get(s).accuracy(forget) < 0.5, s + " forget accuracy " + run.models().get(s).accuracy(forget));
    }
    RunDetails.Salient details = assertInstanceOf(RunDetails.Salient.class, run.details());
    SalUnUnlearning.MaskSummary m = details.masks().get(Scenario.startingModels().get(0));
    assertEquals(Math.round(0.2 * trained.paramCount()), m.weights());
    assertEquals(33, m.forgottenRowSize());
    assertTrue(m.inForgottenRows() >= 0 && m.inForgottenRows() <= 33);
  }

  @Test
  void theOutsideMaskCheckCatchesAnUnmaskedUpdate() {
    // a forger's update: random-label training of every weight, claimed under SalUn's mask
    SalUnUnlearning salun = new SalUnUnlearning(SalUnUnlearning.Config.defaults().withTraining(0.2, 0.05, 1), Set.of(0));
    boolean[] mask = salun.mask(trained, forget);
    Network forged = trained.copy();
    new RandomLabelUnlearning(RandomLabelUnlearning.Config.defaults()).train(forged, forget, retained, 3);
    assertTrue(changedOutside(trained.params(), forged.params(), mask) > 0);
    // and a mask for another model is refused, the model untouched
    Network other = trained.copy();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> salun.train(other, new boolean[10], forget, retained, 1));
    assertTrue(e.getMessage().contains("mask covers 10 weights"), e.getMessage());
    assertArrayEquals(trained.params(), other.params());
  }

  @Test
  void badOptionsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SalUnUnlearning.Config.defaults().withTraining(0.0, 0.01, 1)).getMessage().contains("mask fraction"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SalUnUnlearning.Config.defaults().withTraining(1.5, 0.01, 1)).getMessage().contains("(0, 1]"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SalUnUnlearning.Config.defaults().withTraining(0.5, -1, 1)).getMessage().contains("learning rate"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ScrubUnlearning.Config.defaults().withEpochs(2, 3)).getMessage().contains("max-step epochs"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ScrubUnlearning.Config.defaults().withLearningRate(0)).getMessage().contains("learning rate"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new ScrubUnlearning.Config(0.01, 32, 3, 2, 0, 0, 4, 5, 1, 0.1)).getMessage().contains("not both 0"));
  }
}
