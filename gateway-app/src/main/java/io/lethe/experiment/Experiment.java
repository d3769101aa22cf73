package io.lethe.experiment;

import io.lethe.experiment.ExperimentResult.CurvePoint;
import io.lethe.experiment.ExperimentResult.Group;
import io.lethe.experiment.ExperimentResult.HopRow;
import io.lethe.experiment.ExperimentResult.ModelRow;
import io.lethe.experiment.ExperimentResult.RocPoint;
import io.lethe.experiment.ExperimentResult.Scores;
import io.lethe.experiment.ExperimentResult.SeedRun;
import io.lethe.experiment.ExperimentResult.Setup;
import io.lethe.experiment.ExperimentResult.Speed;
import io.lethe.experiment.ExperimentResult.Summary;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.ledger.InheritanceDag;
import io.lethe.store.ContentStore;
import io.lethe.unlearning.Algorithm;
import io.lethe.unlearning.FineTuneUnlearning;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsFeatureUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.unlearning.PureGradientAscent;
import io.lethe.unlearning.RandomLabelUnlearning;
import io.lethe.unlearning.RetrainUnlearning;
import io.lethe.unlearning.RowZeroUnlearning;
import io.lethe.unlearning.SalUnUnlearning;
import io.lethe.unlearning.ScrubUnlearning;
import io.lethe.unlearning.Unlearner;
import io.lethe.unlearning.UnlearningTask;
import io.lethe.unlearning.audit.ForgettingAudit;
import io.lethe.unlearning.audit.MembershipInference;
import io.lethe.unlearning.audit.Relearn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The {@code fmnist-14} experiment: for each seed, trains the 14-user DAG on real Fashion-MNIST
 * (models stored in a live content store by CID), issues a deletion request for the forgetting
 * user's images of the given classes, retrains a few reference models (other seeds), runs each
 * unlearning method on the affected models and audits every model ({@link ForgettingAudit}):
 * A_f and A_r on every model, and on the models that knew the class relearning, a linear
 * probe, KL to a retrained reference and U-LiRA-style membership inference. Numbers are
 * averaged over the models that knew the class, then over seeds (mean ± sd).
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
    return opt.seeds().size() * (1 + Scenario.MODELS.size() + opt.references() + 1 + opt.methods().size() * (affected + 1));
  }

  private void tick(String label) {
    progress.accept(++done, label);
  }

  /** One method's (or the originals') rows in one seed. */
  private record MethodSeed(List<ModelRow> rows, double seconds, ExperimentResult.SeedRun run,
      List<List<Relearn.Point>> curves, List<double[]> rocs) {}

  public ExperimentResult run(Path dataDir) throws IOException {
    Dataset train = FashionMnist.train(dataDir);
    Dataset test = FashionMnist.test(dataDir);
    InheritanceDag dag = Scenario.dag();
    List<String> starts = Scenario.startingModels();
    List<String> affected = dag.affected(starts);
    Map<String, List<MethodSeed>> bySeed = new LinkedHashMap<>();
    List<MethodSeed> originals = new ArrayList<>();
    List<Double> trainingSeconds = new ArrayList<>();
    Map<String, String> firstCids = null;
    Scenario.Data firstData = null;
    int parameters = 0;
    for (long seed : opt.seeds()) {
      Scenario.Config cfg = opt.scenario().withSeed(seed);
      Scenario.Data data = Scenario.data(train, test, cfg);
      tick("seed " + seed + ": data");
      Map<String, String> owners = Scenario.owners();
      Map<String, Network> models = new LinkedHashMap<>();
      Map<String, String> cids = new LinkedHashMap<>();
      Map<String, Long> seeds = new LinkedHashMap<>();
      double trainingSecs = 0;
      Network initial = Network.create(cfg.architecture(), seed, opt.backend());
      parameters = initial.paramCount();
      for (String id : dag.ids()) {
        long s = seed * 1000 + id.hashCode();
        seeds.put(id, s);
        var user = data.users().get(owners.get(id));
        var node = NodeTrainer.train(id, dag.refs(id), models, initial, user.train(), user.test(),
            cfg.rootTraining(), cfg.localTraining(), s);
        models.put(id, node.model());
        cids.put(id, liveStore.put(ModelFile.write(node.model())));
        trainingSecs += node.seconds();
        tick("seed " + seed + ": train " + id);
      }
      trainingSeconds.add(trainingSecs);
      if (firstCids == null) {
        firstCids = cids;
        firstData = data;
      }
      Map<String, Dataset> retainedTrain = new LinkedHashMap<>();
      for (String id : dag.ids()) {
        retainedTrain.put(id, data.trainAfterForgetting(owners.get(id), cfg.forgetClasses()));
      }
      UnlearningTask task = new UnlearningTask(dag, starts, models, retainedTrain, data.forgetSet(),
          data.providerReference(), cfg.rootTraining(), cfg.localTraining(), seeds, initial);

      // retrained references (other seeds): KL's reference and the membership attack's calibration
      List<Map<String, Network>> references = new ArrayList<>();
      for (int r = 1; r <= opt.references(); r++) {
        final int shift = r;
        Map<String, Long> other = new LinkedHashMap<>();
        seeds.forEach((id, s) -> other.put(id, s + 7919L * shift));
        Network otherInit = Network.create(cfg.architecture(), seed + 104729L * shift, opt.backend());
        UnlearningTask refTask = new UnlearningTask(dag, starts, models, retainedTrain, data.forgetSet(),
            data.providerReference(), cfg.rootTraining(), cfg.localTraining(), other, otherInit);
        references.add(new RetrainUnlearning().unlearn(refTask, id -> {}).models());
        tick("seed " + seed + ": reference " + r);
      }
      ForgettingAudit audit = new ForgettingAudit(images(data, cfg), opt.audit());
      Map<String, Double> originalAf = new LinkedHashMap<>();
      Map<String, ForgettingAudit.References> refs = new LinkedHashMap<>();
      for (String id : affected) {
        originalAf.put(id, models.get(id).accuracy(audit.images().forgetEval()));
        if (audit.knew(originalAf.get(id))) {
          refs.put(id, ForgettingAudit.References.of(references.stream().map(m -> m.get(id)).toList(), audit.images()));
        }
      }
      originals.add(measure(seed, models, null, audit, originalAf, refs, dag, starts, affected));
      tick("seed " + seed + ": original audited");
      for (Algorithm a : opt.methods()) {
        Unlearner.Run run = unlearner(a, cfg).unlearn(task, id -> tick("seed " + seed + ": " + a + " " + id));
        bySeed.computeIfAbsent(a.word(), k -> new ArrayList<>())
            .add(measure(seed, run.models(), run, audit, originalAf, refs, dag, starts, affected));
        tick("seed " + seed + ": " + a + " audited");
      }
    }
    Scenario.Config cfg0 = opt.scenario();
    Setup setup = new Setup(opt.scenarioName(), cfg0.architecture(),
        Architectures.backendFor(cfg0.architecture(), opt.backend()).word(), parameters,
        cfg0.forgetClasses(), cfg0.forgetClasses().stream().map(c -> FashionMnist.CLASS_NAMES[c]).toList(),
        opt.quick(), opt.seeds(), Scenario.users().size(), dag.size(), dag.maxDepth(), starts, affected,
        firstData.retainedPerUser(), firstData.disjointUsers() ? "disjoint" : cfg0.userSampling().describe(),
        firstData.validation().size(), opt.eval().word(), cfg0.rootTraining(), cfg0.localTraining(),
        firstData.forgetSet().size(), firstData.heldOutForget().size(),
        evalForget(firstData, cfg0).size(), evalRetained(firstData, cfg0).size(), opt.references(),
        opt.audit().knewThreshold(), opt.audit().relearn().steps(), opt.audit().relearn().forgetImages(),
        opt.audit().relearn().retainedImages(), trainingSeconds, firstCids, liveStoreName);
    Map<String, Summary> methods = new LinkedHashMap<>();
    bySeed.forEach((name, runs) -> methods.put(name, summarise(runs, dag, true)));
    Speed speed = null;
    if (methods.containsKey(Algorithm.GA.word()) && methods.containsKey(Algorithm.RETRAIN.word())) {
      Summary ga = methods.get(Algorithm.GA.word());
      Summary re = methods.get(Algorithm.RETRAIN.word());
      double c = opt.consensusSeconds();
      speed = new Speed(ga.seconds(), re.seconds(), re.seconds() / ga.seconds(), c, ga.consensusRounds(),
          re.consensusRounds(), (re.seconds() + c * re.consensusRounds()) / (ga.seconds() + c * ga.consensusRounds()));
    }
    return new ExperimentResult(setup, summarise(originals, dag, false), methods, speed);
  }

  private Dataset evalForget(Scenario.Data data, Scenario.Config cfg) {
    return opt.eval() == ExperimentOptions.EvalSplit.TEST ? data.testForget()
        : data.validation().filterLabels(cfg.forgetClasses()::contains);
  }

  private Dataset evalRetained(Scenario.Data data, Scenario.Config cfg) {
    return opt.eval() == ExperimentOptions.EvalSplit.TEST ? data.testRetained()
        : data.validation().filterLabels(l -> !cfg.forgetClasses().contains(l));
  }

  /**
   * The audit's images: evaluation split; the relearning attacker's 50 forget images (from the
   * forget set) and 200 retained images (the provider's reference set); probe training images
   * (the provider's reference set plus as many held-out forget-class training images per class
   * as it holds per retained class, none of them a non-member); members = the forget set, non-members = held-out forget-class training images.
   */
  private ForgettingAudit.Images images(Scenario.Data data, Scenario.Config cfg) {
    int mia = opt.audit().miaImages();
    Dataset held = data.heldOutForget();
    // as many held-out images per forgotten class as the reference set holds per retained class,
    // so the probe's training set is balanced and its accuracy is not the class prior's
    int perClass = data.providerReference().size() / Math.max(1, 10 - cfg.forgetClasses().size());
    int probeForget = Math.max(0, Math.min(perClass * cfg.forgetClasses().size(), held.size() - mia));
    Dataset probeTrain = probeForget > 0 ? data.providerReference().concat(held.tail(probeForget)) : data.providerReference();
    return new ForgettingAudit.Images(evalForget(data, cfg), evalRetained(data, cfg),
        Relearn.attackSet(data.forgetSet(), data.providerReference(), opt.audit().relearn()), probeTrain,
        data.forgetSet(), held.head(Math.min(mia, held.size() - probeForget)));
  }

  private Unlearner unlearner(Algorithm a, Scenario.Config cfg) {
    return switch (a) {
      case RETRAIN -> Unlearner.of(a, new RetrainUnlearning());
      case GA -> new PureGradientAscent(opt.ga());
      case NEGGRAD_PLUS -> Unlearner.of(a, new GradientAscentUnlearning(opt.negGradPlus()));
      case OBS -> Unlearner.of(a, new ObsUnlearning(opt.obs()));
      case FINETUNE -> new FineTuneUnlearning(opt.finetune());
      case RANDOM_LABEL -> new RandomLabelUnlearning(opt.randomLabel());
      case ROW_ZERO -> new RowZeroUnlearning(cfg.forgetClasses());
      case SCRUB -> new ScrubUnlearning(opt.scrub());
      case SALUN -> new SalUnUnlearning(opt.salun(), cfg.forgetClasses());
      case OBS_FEATURE -> new ObsFeatureUnlearning(opt.obsFeature(), cfg.forgetClasses());
    };
  }

  private MethodSeed measure(long seed, Map<String, Network> models, Unlearner.Run run, ForgettingAudit audit,
      Map<String, Double> originalAf, Map<String, ForgettingAudit.References> refs, InheritanceDag dag,
      List<String> starts, List<String> affected) {
    List<ModelRow> rows = new ArrayList<>();
    List<List<Relearn.Point>> curves = new ArrayList<>();
    List<double[]> rocs = new ArrayList<>();
    double cumulative = 0;
    for (String id : affected) {
      boolean knew = refs.containsKey(id);
      Network m = models.get(id);
      ForgettingAudit.ModelAudit a = knew ? audit.full(m, originalAf.get(id), refs.get(id), seed * 31 + id.hashCode())
          : audit.accuracies(m);
      Double secs = null;
      Double cum = null;
      if (run != null) {
        secs = run.seconds().getOrDefault(id, 0.0);
        cumulative += secs;
        cum = cumulative;
      }
      if (knew) {
        curves.add(a.relearnCurve());
        rocs.add(a.rocTpr());
      }
      rows.add(new ModelRow(id, dag.depth(id), dag.hopsFrom(starts, id), knew, a.forgetAccuracy(),
          a.retainAccuracy(), a.relearnForgetAccuracy(), a.relearnSteps(), a.probeForgetAccuracy(), a.klForget(),
          a.klTest(), a.uliraAuc(), a.uliraTprAt1PctFpr(), secs, cum));
    }
    double seconds = run == null ? 0 : run.totalSeconds();
    return new MethodSeed(rows, seconds, new SeedRun(seed, run == null ? null : seconds, List.copyOf(rows),
        run == null ? null : run.details()), curves, rocs);
  }

  /** mean and sample sd (0 for one value; NaN-free: nulls and NaNs skipped). */
  static double[] meanSd(List<Double> xs) {
    List<Double> v = xs.stream().filter(x -> x != null && !x.isNaN()).toList();
    if (v.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
    return new double[] {m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0};
  }

  private static Double nanToNull(double d) {
    return Double.isNaN(d) ? null : d;
  }

  /** Per seed, the mean of {@code f} over the rows that pass {@code keep}. */
  private static List<Double> perSeed(List<MethodSeed> runs, java.util.function.Predicate<ModelRow> keep,
      Function<ModelRow, Number> f) {
    List<Double> out = new ArrayList<>();
    for (MethodSeed r : runs) {
      List<Double> v = r.rows().stream().filter(keep).map(f).filter(x -> x != null)
          .map(Number::doubleValue).filter(x -> !x.isNaN()).toList();
      out.add(v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }
    return out;
  }

  private static Group group(List<MethodSeed> runs, java.util.function.Predicate<ModelRow> keep) {
    int count = (int) runs.get(0).rows().stream().filter(keep).count();
    double[] af = meanSd(perSeed(runs, keep, ModelRow::forgetAccuracy));
    double[] ar = meanSd(perSeed(runs, keep, ModelRow::retainAccuracy));
    return new Group(count, nanToNull(af[0]), nanToNull(ar[0]), nanToNull(af[1]), nanToNull(ar[1]));
  }

  private Summary summarise(List<MethodSeed> runs, InheritanceDag dag, boolean method) {
    java.util.function.Predicate<ModelRow> knew = ModelRow::knew;
    List<Function<ModelRow, Number>> fields = List.of(ModelRow::forgetAccuracy, ModelRow::retainAccuracy,
        ModelRow::relearnForgetAccuracy, ModelRow::relearnSteps, ModelRow::probeForgetAccuracy, ModelRow::klForget,
        ModelRow::klTest, ModelRow::uliraAuc, ModelRow::uliraTprAt1PctFpr);
    double[][] ms = new double[fields.size()][];
    for (int i = 0; i < fields.size(); i++) {
      ms[i] = meanSd(perSeed(runs, knew, fields.get(i)));
    }
    Scores sd = new Scores(nanToNull(ms[0][1]), nanToNull(ms[1][1]), nanToNull(ms[2][1]), nanToNull(ms[3][1]),
        nanToNull(ms[4][1]), nanToNull(ms[5][1]), nanToNull(ms[6][1]), nanToNull(ms[7][1]), nanToNull(ms[8][1]));
    double knewModels = runs.stream().mapToLong(r -> r.rows().stream().filter(knew).count()).average().orElse(0);
    List<HopRow> hops = new ArrayList<>();
    TreeMap<Integer, List<String>> byHop = new TreeMap<>();
    runs.get(0).rows().forEach(r -> byHop.computeIfAbsent(r.hops(), h -> new ArrayList<>()).add(r.model()));
    byHop.forEach((h, ids) -> {
      java.util.function.Predicate<ModelRow> at = r -> r.hops() == h;
      double[] af = meanSd(perSeed(runs, at, ModelRow::forgetAccuracy));
      double[] ar = meanSd(perSeed(runs, at, ModelRow::retainAccuracy));
      double k = runs.stream().mapToLong(r -> r.rows().stream().filter(at.and(knew)).count()).average().orElse(0);
      hops.add(new HopRow(h, ids.size(), k, af[0], ar[0], af[1], ar[1]));
    });
    // mean relearn curve and ROC over the models that knew, all seeds
    TreeMap<Integer, List<Double>> curve = new TreeMap<>();
    List<double[]> rocs = new ArrayList<>();
    int[] checks = Relearn.checkpoints(opt.audit().relearn());
    for (MethodSeed r : runs) {
      for (List<Relearn.Point> c : r.curves()) {
        // a curve stops once it has recovered past the budget: carry its last value forward
        for (int step : checks) {
          double v = c.get(c.size() - 1).forgetAccuracy();
          for (Relearn.Point p : c) {
            if (p.step() == step) {
              v = p.forgetAccuracy();
            }
          }
          curve.computeIfAbsent(step, x -> new ArrayList<>()).add(v);
        }
      }
      r.rocs().stream().filter(x -> x != null).forEach(rocs::add);
    }
    List<CurvePoint> relearnCurve = new ArrayList<>();
    curve.forEach((step, v) -> relearnCurve.add(new CurvePoint(step, v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))));
    List<RocPoint> roc = new ArrayList<>();
    if (!rocs.isEmpty()) {
      for (int g = 0; g < MembershipInference.FPR_GRID.length; g++) {
        final int gi = g;
        roc.add(new RocPoint(MembershipInference.FPR_GRID[g], rocs.stream().mapToDouble(x -> x[gi]).average().orElse(Double.NaN)));
      }
    }
    Double seconds = null;
    Double secondsSd = null;
    Integer consensus = null;
    if (method) {
      double[] s = meanSd(runs.stream().map(MethodSeed::seconds).toList());
      seconds = s[0];
      secondsSd = s[1];
      consensus = runs.get(0).run().details().consensusRounds();
    }
    return new Summary(nanToNull(ms[0][0]), nanToNull(ms[1][0]), nanToNull(ms[2][0]), nanToNull(ms[3][0]),
        nanToNull(ms[4][0]), nanToNull(ms[5][0]), nanToNull(ms[6][0]), nanToNull(ms[7][0]), nanToNull(ms[8][0]), sd,
        knewModels, seconds, secondsSd, consensus, group(runs, r -> r.hops() == 0),
        group(runs, r -> r.hops() > 0 && r.knew()), group(runs, r -> r.hops() > 0), List.copyOf(hops),
        List.copyOf(relearnCurve), List.copyOf(roc), runs.stream().map(MethodSeed::run).toList());
  }
}
