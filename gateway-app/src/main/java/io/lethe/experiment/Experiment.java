package io.lethe.experiment;

import io.lethe.experiment.ExperimentResult.MethodResult;
import io.lethe.experiment.ExperimentResult.ModelResult;
import io.lethe.experiment.ExperimentResult.Original;
import io.lethe.experiment.ExperimentResult.Setup;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.ledger.InheritanceDag;
import io.lethe.ledger.Method;
import io.lethe.store.ContentStore;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.Metrics;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.unlearning.RetrainUnlearning;
import io.lethe.unlearning.UnlearningMethod;
import io.lethe.unlearning.UnlearningOutcome;
import io.lethe.unlearning.UnlearningTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The {@code fmnist-14} experiment: trains the 14-user DAG on real Fashion-MNIST (models stored
 * in a live content store by CID), issues a deletion request for the forgetting user's samples
 * of the given classes, runs each unlearning method on the affected models and measures
 * {@code A_f}, {@code A_r}, MIA AUC and time, per model and averaged over the affected models.
 */
public final class Experiment {
  private final ExperimentOptions opt;
  private final ContentStore liveStore;
  private final String liveStoreName;
  private final BiConsumer<Integer, String> progress;
  private int done;

  /**
   * @param liveStoreName how the result names the store (e.g. {@code fs /tmp/store})
   * @param progress receives (steps done, label); {@link #totalSteps()} gives the total
   */
  public Experiment(ExperimentOptions opt, ContentStore liveStore, String liveStoreName,
      BiConsumer<Integer, String> progress) {
    this.opt = opt;
    this.liveStore = liveStore;
    this.liveStoreName = liveStoreName;
    this.progress = progress;
  }

  public int totalSteps() {
    int affected = Scenario.dag().affected(Scenario.startingModels()).size();
    return Scenario.MODELS.size() + 1 + opt.methods().size() * (affected + 1);
  }

  private void tick(String label) {
    progress.accept(++done, label);
  }

  public ExperimentResult run(Path dataDir) throws IOException {
    Scenario.Config cfg = opt.scenario();
    Dataset train = FashionMnist.train(dataDir);
    Dataset test = FashionMnist.test(dataDir);
    Scenario.Data data = Scenario.data(train, test, cfg);
    tick("data loaded");

    InheritanceDag dag = Scenario.dag();
    Map<String, String> owners = Scenario.owners();
    Map<String, Network> models = new LinkedHashMap<>();
    Map<String, String> cids = new LinkedHashMap<>();
    Map<String, Long> seeds = new LinkedHashMap<>();
    double trainingSeconds = 0;
    // the provider's task model: every root starts from it, so aggregates share one initialisation
    Network initial = Network.create(cfg.architecture(), cfg.seed(), opt.backend());
    for (String id : dag.ids()) {
      long seed = cfg.seed() * 1000 + id.hashCode();
      seeds.put(id, seed);
      var user = data.users().get(owners.get(id));
      var node = NodeTrainer.train(id, dag.refs(id), models, initial, user.train(), user.test(),
          cfg.rootTraining(), cfg.localTraining(), seed);
      models.put(id, node.model());
      cids.put(id, liveStore.put(ModelFile.write(node.model())));
      trainingSeconds += node.seconds();
      tick("train " + id);
    }

    List<String> starts = Scenario.startingModels();
    List<String> affected = dag.affected(starts);
    Map<String, Dataset> retainedTrain = new LinkedHashMap<>();
    for (String id : dag.ids()) {
      retainedTrain.put(id, data.trainAfterForgetting(owners.get(id), cfg.forgetClasses()));
    }
    UnlearningTask task = new UnlearningTask(dag, starts, models, retainedTrain, data.forgetSet(),
        data.providerReference(), cfg.rootTraining(), cfg.localTraining(), seeds, initial);

    Setup setup = new Setup(Scenario.NAME, cfg.architecture(),
        Architectures.backendFor(cfg.architecture(), opt.backend()).word(),
        models.get(starts.get(0)).paramCount(), cfg.forgetClasses(),
        cfg.forgetClasses().stream().map(c -> FashionMnist.CLASS_NAMES[c]).toList(), opt.quick(),
        cfg.seed(), Scenario.users().size(), dag.size(), dag.maxDepth(), starts, affected,
        cfg.retainedPerUser(),
        data.disjointUsers() ? "disjoint" : "independent draws (users may share retained-class images)",
        cfg.rootTraining(), cfg.localTraining(), data.forgetSet().size(), data.testForget().size(),
        data.testRetained().size(), trainingSeconds, cids, liveStoreName);
    Evaluation original = evaluate(models, null, data, dag, starts, affected);

    Map<Method, MethodResult> methods = new LinkedHashMap<>();
    for (Method method : opt.methods()) {
      UnlearningOutcome outcome = unlearning(method).unlearn(task, id -> tick(method + " " + id));
      Evaluation e = evaluate(outcome.models(), outcome, data, dag, starts, affected);
      methods.put(method, new MethodResult(e.forgetAccuracy(), e.retainAccuracy(), e.miaAuc(),
          outcome.totalSeconds(), e.perModel(), outcome.details()));
      tick(method + " evaluated");
    }
    Double parallelSpeedup = methods.containsKey(Method.RETRAIN) && methods.containsKey(Method.GRADIENT_ASCENT)
        ? methods.get(Method.RETRAIN).seconds() / methods.get(Method.GRADIENT_ASCENT).seconds()
        : null;
    return new ExperimentResult(setup,
        new Original(original.forgetAccuracy(), original.retainAccuracy(), original.miaAuc(), original.perModel()),
        methods, parallelSpeedup);
  }

  private UnlearningMethod unlearning(Method method) {
    return switch (method) {
      case RETRAIN -> new RetrainUnlearning();
      case GRADIENT_ASCENT -> new GradientAscentUnlearning(opt.gradientAscent());
      case OBS -> new ObsUnlearning(opt.obs());
    };
  }

  /** Metrics averaged over the affected models, and per model. */
  private record Evaluation(double forgetAccuracy, double retainAccuracy, double miaAuc,
      List<ModelResult> perModel) {}

  /** @param outcome the method's run, or null for the original models */
  private static Evaluation evaluate(Map<String, Network> models, UnlearningOutcome outcome,
      Scenario.Data data, InheritanceDag dag, List<String> starts, List<String> affected) {
    List<ModelResult> perModel = new ArrayList<>();
    double af = 0;
    double ar = 0;
    double mia = 0;
    double cumulative = 0;
    // the attack uses up to 1000 members (the forget set can hold 6000 per class)
    Dataset members = data.forgetSet().head(1000);
    for (String id : affected) {
      Metrics.ModelMetrics mm = Metrics.evaluate(models.get(id), data.testForget(), data.testRetained(), members);
      Double seconds = null;
      Double cumulativeSeconds = null;
      if (outcome != null) {
        seconds = outcome.seconds().getOrDefault(id, 0.0);
        cumulative += seconds;
        cumulativeSeconds = cumulative;
      }
      perModel.add(new ModelResult(id, dag.depth(id), dag.hopsFrom(starts, id), mm.forgetAccuracy(),
          mm.retainAccuracy(), mm.miaAuc(), seconds, cumulativeSeconds));
      af += mm.forgetAccuracy();
      ar += mm.retainAccuracy();
      mia += mm.miaAuc();
    }
    int n = affected.size();
    return new Evaluation(af / n, ar / n, mia / n, List.copyOf(perModel));
  }
}
