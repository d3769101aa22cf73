package io.lethe.unlearning;

import io.lethe.fl.Architectures;
import io.lethe.fl.Dataset;
import io.lethe.fl.FashionMnist;
import io.lethe.fl.ModelFile;
import io.lethe.fl.Network;
import io.lethe.fl.NodeTrainer;
import io.lethe.fl.Scenario;
import io.lethe.ledger.InheritanceDag;
import io.lethe.store.ContentStore;
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

  /** The scenario's sizes and training recipe, the methods to run, and their settings. */
  public record Options(Scenario.Config scenario, List<String> methods, boolean quick,
      GradientAscentUnlearning.Config ga, ObsUnlearning.Config obs) {}

  private final Options opt;
  private final ContentStore liveStore;
  private final BiConsumer<Integer, String> progress;
  private int done;

  /** @param progress receives (steps done, label); {@link #totalSteps()} gives the total */
  public Experiment(Options opt, ContentStore liveStore, BiConsumer<Integer, String> progress) {
    this.opt = opt;
    this.liveStore = liveStore;
    this.progress = progress;
  }

  public int totalSteps() {
    int affected = Scenario.dag().affected(Scenario.startingModels()).size();
    return Scenario.MODELS.size() + 1 + opt.methods().size() * (affected + 1);
  }

  private void tick(String label) {
    progress.accept(++done, label);
  }

  public Map<String, Object> run(Path dataDir) throws IOException {
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
    Network initial = Network.create(cfg.architecture(), cfg.seed());
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

    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("scenario", Scenario.NAME);
    setup.put("model", cfg.architecture());
    setup.put("backend", Architectures.backendFor(cfg.architecture()).name().toLowerCase(java.util.Locale.ROOT));
    setup.put("parameters", models.get(starts.get(0)).paramCount());
    setup.put("forgetClasses", cfg.forgetClasses());
    setup.put("forgetClassNames", cfg.forgetClasses().stream().map(c -> FashionMnist.CLASS_NAMES[c]).toList());
    setup.put("quick", opt.quick());
    setup.put("seed", cfg.seed());
    setup.put("users", Scenario.users().size());
    setup.put("models", dag.size());
    setup.put("dagDepth", dag.maxDepth());
    setup.put("startingModels", starts);
    setup.put("affectedModels", affected);
    setup.put("retainedSamplesPerUser", cfg.retainedPerUser());
    setup.put("userSampling", data.disjointUsers() ? "disjoint" : "independent draws (users may share retained-class images)");
    setup.put("rootTraining", cfg.rootTraining());
    setup.put("localTraining", cfg.localTraining());
    setup.put("forgetSetSize", data.forgetSet().size());
    setup.put("testForgetSize", data.testForget().size());
    setup.put("testRetainedSize", data.testRetained().size());
    setup.put("trainingSeconds", trainingSeconds);
    setup.put("modelCids", cids);
    result.put("setup", setup);
    result.put("original", summarize(models, affected, null, data, dag, starts));

    Map<String, Object> methods = new LinkedHashMap<>();
    for (String name : opt.methods()) {
      UnlearningMethod method = switch (name) {
        case "retrain" -> new RetrainUnlearning();
        case "ga" -> new GradientAscentUnlearning(opt.ga());
        case "obs" -> new ObsUnlearning(opt.obs());
        default -> throw new IllegalArgumentException("unknown method " + name);
      };
      UnlearningOutcome outcome = method.unlearn(task, id -> tick(name + " " + id));
      Map<String, Object> m = summarize(outcome.models(), affected, outcome, data, dag, starts);
      m.put("details", outcome.details());
      methods.put(name, m);
      tick(name + " evaluated");
    }
    result.put("methods", methods);
    if (methods.containsKey("retrain") && methods.containsKey("ga")) {
      double r = (double) ((Map<?, ?>) methods.get("retrain")).get("seconds");
      double g = (double) ((Map<?, ?>) methods.get("ga")).get("seconds");
      result.put("parallelSpeedup", r / g);
    }
    return result;
  }

  private Map<String, Object> summarize(Map<String, Network> models, List<String> affected,
      UnlearningOutcome outcome, Scenario.Data data, InheritanceDag dag, List<String> starts) {
    List<Map<String, Object>> perModel = new ArrayList<>();
    double af = 0;
    double ar = 0;
    double mia = 0;
    double cumulative = 0;
    // the attack uses up to 1000 members (the forget set can hold 6000 per class)
    Dataset members = data.forgetSet().head(1000);
    for (String id : affected) {
      Metrics.ModelMetrics mm = Metrics.evaluate(models.get(id), data.testForget(), data.testRetained(), members);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", id);
      row.put("depth", dag.depth(id));
      row.put("hops", dag.hopsFrom(starts, id));
      row.put("A_f", mm.forgetAccuracy());
      row.put("A_r", mm.retainAccuracy());
      row.put("mia_auc", mm.miaAuc());
      if (outcome != null) {
        double s = outcome.seconds().getOrDefault(id, 0.0);
        cumulative += s;
        row.put("seconds", s);
        row.put("cumulativeSeconds", cumulative);
      }
      perModel.add(row);
      af += mm.forgetAccuracy();
      ar += mm.retainAccuracy();
      mia += mm.miaAuc();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("A_f", af / affected.size());
    m.put("A_r", ar / affected.size());
    m.put("mia_auc", mia / affected.size());
    if (outcome != null) {
      m.put("seconds", outcome.totalSeconds());
    }
    m.put("perModel", perModel);
    return m;
  }
}
