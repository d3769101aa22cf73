package io.lethe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lethe.fl.Architectures;
import io.lethe.fl.FashionMnist;
import io.lethe.fl.Scenario;
import io.lethe.fl.TrainConfig;
import io.lethe.store.ContentStore;
import io.lethe.unlearning.Experiment;
import io.lethe.unlearning.ExperimentReport;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe experiment}: the federated-unlearning experiment on real Fashion-MNIST. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {"Train the 14-user BlockFUL DAG on Fashion-MNIST, forget classes of one user's data,",
        "and compare unlearning methods (A_f, A_r, MIA AUC, time). Prints a Markdown table."})
public final class ExperimentCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
  @Option(names = "--scenario", defaultValue = Scenario.NAME, description = "only fmnist-14") String scenario;
  @Option(names = "--model", defaultValue = "mlp", description = "mlp | cnn | alexnet | resnet18 | mobilenetv2 (default ${DEFAULT-VALUE})") String model;
  @Option(names = "--backend", description = "nd4j | java (default: LETHE_FL_BACKEND, else nd4j; alexnet, resnet18, mobilenetv2 are ND4J only)") String backend;
  @Option(names = "--forget", defaultValue = "5", split = ",", description = "classes to forget, e.g. 5 or 5,7") List<Integer> forget;
  @Option(names = "--methods", defaultValue = "retrain,ga,obs", split = ",", description = "retrain,ga,obs") List<String> methods;
  @Option(names = "--quick", description = "smaller data and fewer epochs (< 15 min on 2 cores)") boolean quick;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--json-out", paramLabel = "FILE", description = "write the JSON result here") Path jsonOut;
  @Option(names = "--markdown-out", paramLabel = "FILE", description = "write the Markdown table here") Path markdownOut;
  @Option(names = "--plots", paramLabel = "DIR", description = "write accuracy.png and time.png here") Path plots;
  @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1",
      heading = "Live content store (default: a temporary directory, deleted afterwards):%n") StoreOptions store;
  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default /usr/share/datasets/fashion-mnist)") Path data;
  @Option(names = "--ga-alpha", description = "gradient-passing factor α (default 1)", defaultValue = "NaN") double gaAlpha;
  @Option(names = "--ga-epsilon", description = "skip updates with norm ≤ ε (default 1e-3)", defaultValue = "NaN") double gaEpsilon;
  @Option(names = "--obs-sparsity", description = "largest fraction of weights the provider masks per round (default 0.005)", defaultValue = "NaN") double obsSparsity;
  @Option(names = "--obs-target", description = "forget-probe accuracy the mask must reach; the smallest mask that reaches it is used (default 0.05)", defaultValue = "NaN") double obsTarget;
  @Option(names = "--obs-block", description = "Fisher block size (default 32)", defaultValue = "0") int obsBlock;
  @Option(names = "--obs-rounds", description = "at most this many mask/compensate rounds, while the forget probe is above the target (default 3)", defaultValue = "0") int obsRounds;
  @Option(names = "--samples-per-user", description = "retained-class training samples per user (default 8000; above 1/14 of the pool users draw independently)", defaultValue = "0") int samplesPerUser;
  @Option(names = "--test-samples", description = "global test images the metrics use (default 10000, all of Fashion-MNIST's test set)", defaultValue = "0") int testSamples;
  @Option(names = "--root-epochs", description = "epochs a root model trains (default: mlp 20, --quick 12; other models 12, --quick 8)", defaultValue = "0") int rootEpochs;
  @Option(names = "--root-lr", description = "initial SGD learning rate of root models, cosine-annealed (default 0.02)", defaultValue = "NaN") double rootLr;
  @Option(names = "--local-epochs", description = "epochs an inheriting model trains after aggregation (default: mlp 5, --quick 3; other models 3, --quick 2)", defaultValue = "0") int localEpochs;
  @Option(names = "--local-lr", description = "initial SGD learning rate of inheriting models, cosine-annealed (default 0.01)", defaultValue = "NaN") double localLr;
  @Option(names = "--no-progress", description = "no progress bar on stderr") boolean noProgress;

  @Override
  public Integer call() throws IOException {
    if (!scenario.equals(Scenario.NAME)) {
      throw new UserError("unknown scenario '" + scenario + "' (known: " + Scenario.NAME + ")");
    }
    if (!Architectures.NAMES.contains(model)) {
      throw new UserError("unknown model '" + model + "' (known: " + String.join(", ", Architectures.NAMES) + ")");
    }
    if (backend != null) {
      try {
        System.setProperty("lethe.fl.backend", Architectures.Backend.parse(backend).name().toLowerCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    Set<Integer> classes = new TreeSet<>(forget);
    if (classes.isEmpty() || classes.stream().anyMatch(c -> c < 0 || c >= FashionMnist.CLASSES) || classes.size() > 3) {
      throw new UserError("--forget takes 1 to 3 class labels in 0..9");
    }
    for (String m : methods) {
      if (!List.of("retrain", "ga", "obs").contains(m)) {
        throw new UserError("unknown method '" + m + "' (known: retrain, ga, obs)");
      }
    }
    Scenario.Config recipe = recipe(classes);
    Path dataDir = data != null ? data : FashionMnist.directory();
    if (!FashionMnist.available(dataDir)) {
      throw new UserError("Fashion-MNIST not found in " + dataDir + " (apt-get install -y dataset-fashion-mnist)");
    }
    GradientAscentUnlearning.Config ga = GradientAscentUnlearning.Config.defaults();
    ga = new GradientAscentUnlearning.Config(ga.learningRate(), ga.batchSize(), ga.maxSteps(), ga.targetForgetAccuracy(),
        ga.repairSteps(), ga.repairLearningRate(), Double.isNaN(gaAlpha) ? ga.alpha() : gaAlpha,
        Double.isNaN(gaEpsilon) ? ga.epsilon() : gaEpsilon, ga.clipNorm(), ga.retainWeight());
    ObsUnlearning.Config obs = ObsUnlearning.Config.defaults();
    obs = new ObsUnlearning.Config(Double.isNaN(obsSparsity) ? obs.sparsity() : obsSparsity,
        obsBlock > 0 ? obsBlock : obs.blockSize(), obs.fisherSamples(), obs.dampening(), obs.saliencySamples(),
        obsRounds > 0 ? obsRounds : obs.rounds(), Double.isNaN(obsTarget) ? obs.targetForgetAccuracy() : obsTarget,
        obs.retainPenalty());
    Path tempStore = null;
    if (store == null) {
      store = new StoreOptions();
      store.dir = tempStore = Files.createTempDirectory("lethe-live-store");
    }
    try {
      return run(recipe, dataDir, ga, obs);
    } finally {
      if (tempStore != null) {
        deleteTree(tempStore);
      }
    }
  }

  private Integer run(Scenario.Config recipe, Path dataDir,
      GradientAscentUnlearning.Config ga, ObsUnlearning.Config obs) throws IOException {
    // opened before training, so an unreachable Kubo node fails now, not after minutes of work
    ContentStore liveStore = store.open();
    Experiment.Options opt = new Experiment.Options(recipe, List.copyOf(methods), quick, ga, obs);
    ProgressBar bar = new ProgressBar(System.err, !noProgress);
    Experiment exp = new Experiment(opt, liveStore, bar::update);
    bar.total = exp.totalSteps();
    Map<String, Object> result = exp.run(dataDir);
    if (result.get("setup") instanceof Map<?, ?> setup) {
      @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) setup;
      s.put("liveStore", store.describe());
    }
    bar.finish();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    if (jsonOut != null) {
      json.writeValue(jsonOut.toFile(), result);
    }
    String md = ExperimentReport.markdown(result);
    if (markdownOut != null) {
      Files.writeString(markdownOut, md);
    }
    if (plots != null) {
      for (Path p : ExperimentReport.plots(result, plots)) {
        System.err.println("wrote " + p);
      }
    }
    spec.commandLine().getOut().print(md);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The scenario's default recipe with the command line's overrides applied. */
  private Scenario.Config recipe(Set<Integer> classes) {
    if (rootEpochs < 0 || localEpochs < 0 || rootLr <= 0 || localLr <= 0) {
      throw new UserError("--root-epochs and --local-epochs must be ≥ 1, learning rates > 0");
    }
    if (samplesPerUser != 0 && samplesPerUser < 10) {
      throw new UserError("--samples-per-user must be ≥ 10");
    }
    if (testSamples != 0 && testSamples < 100) {
      throw new UserError("--test-samples must be ≥ 100");
    }
    Scenario.Config recipe = Scenario.Config.of(model, classes, quick, seed);
    if (testSamples > 0) {
      recipe = recipe.withTestSamples(testSamples);
    }
    if (samplesPerUser > 0) {
      recipe = recipe.withSamplesPerUser(samplesPerUser);
    }
    return recipe.withTraining(override(recipe.rootTraining(), rootEpochs, rootLr),
        override(recipe.localTraining(), localEpochs, localLr));
  }

  private static TrainConfig override(TrainConfig base, int epochs, double lr) {
    return new TrainConfig(epochs > 0 ? epochs : base.epochs(), base.batchSize(),
        Double.isNaN(lr) ? base.learningRate() : lr, base.momentum(), base.cosineDecay());
  }

  /** A one-line progress bar redrawn on stderr. */
  static final class ProgressBar {
    private final PrintStream out;
    private final boolean enabled;
    private final long start = System.nanoTime();
    int total = 1;

    ProgressBar(PrintStream out, boolean enabled) {
      this.out = out;
      this.enabled = enabled;
    }

    void update(int done, String label) {
      if (!enabled) {
        return;
      }
      int width = 30;
      int filled = (int) Math.min(width, (long) done * width / Math.max(1, total));
      char[] bar = new char[width];
      Arrays.fill(bar, 0, filled, '#');
      Arrays.fill(bar, filled, width, '.');
      out.printf("\r[%s] %3d%% %5.0fs %-28s", new String(bar), Math.min(100, done * 100 / Math.max(1, total)),
          (System.nanoTime() - start) / 1e9, label.length() > 28 ? label.substring(0, 28) : label);
      out.flush();
    }

    void finish() {
      if (enabled) {
        out.println();
      }
    }
  }
}
