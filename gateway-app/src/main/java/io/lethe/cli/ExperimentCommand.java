package io.lethe.cli;

import io.lethe.experiment.Experiment;
import io.lethe.experiment.ExperimentOptions;
import io.lethe.experiment.ExperimentReport;
import io.lethe.experiment.ExperimentResult;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Backend;
import io.lethe.fl.train.TrainConfig;
import io.lethe.json.JsonText;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Method;
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lethe experiment}: the federated-unlearning experiment on real Fashion-MNIST. The
 * options map onto an {@link ExperimentOptions}; each default is the code's own (scenario recipe,
 * method configs), except the epochs, whose default depends on {@code --model} and {@code --quick}.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {"Train the 14-user BlockFUL DAG on Fashion-MNIST, forget classes of one user's data,",
        "and compare unlearning methods (A_f, A_r, MIA AUC, time). Prints a Markdown table (JSON with --json)."})
public final class ExperimentCommand implements Callable<Integer> {
  private static final GradientAscentUnlearning.Config GA = GradientAscentUnlearning.Config.defaults();
  private static final ObsUnlearning.Config OBS = ObsUnlearning.Config.defaults();

  @Spec CommandSpec spec;
  @Mixin JsonOption json;
  @Option(names = "--scenario", defaultValue = Scenario.NAME, description = "only ${DEFAULT-VALUE}") String scenario;
  @Option(names = "--model", defaultValue = "mlp", description = "mlp | cnn | alexnet | resnet18 | mobilenetv2 (default ${DEFAULT-VALUE})") String model;
  @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "${env:LETHE_FL_BACKEND}", converter = BackendConverter.class,
      description = "nd4j | java (default: LETHE_FL_BACKEND, else java for cnn and nd4j for the others; alexnet, resnet18, mobilenetv2 are ND4J only)")
  Backend backend;
  @Option(names = "--forget", paramLabel = "SPEC", defaultValue = "classes:5", converter = ForgetSpecConverter.class,
      description = "classes to forget, as a forget spec: classes:C[,C…] with labels 0..9 (default ${DEFAULT-VALUE})")
  ForgetSpec forget;
  @Option(names = "--methods", paramLabel = "METHOD", defaultValue = "retrain,gradient-ascent,obs", split = ",", converter = MethodConverter.class,
      description = "methods to compare, in this order: retrain, gradient-ascent, obs (default ${DEFAULT-VALUE})")
  List<Method> methods;
  @Option(names = "--quick", description = "smaller data and fewer epochs (< 15 min on 2 cores)") boolean quick;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--json-out", paramLabel = "FILE", description = "write the JSON result here") Path jsonOut;
  @Option(names = "--markdown-out", paramLabel = "FILE", description = "write the Markdown table here") Path markdownOut;
  @Option(names = "--plots", paramLabel = "DIR", description = "write accuracy.png and time.png here") Path plots;
  @ArgGroup(exclusive = true, multiplicity = "0..1",
      heading = "Live content store (default: a temporary directory, deleted afterwards):%n") StoreOptions store;
  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE}: LETHE_FASHION_MNIST_DIR, else Debian's dataset-fashion-mnist)") Path data = FashionMnist.directory();
  @Option(names = "--ga-alpha", description = "gradient-passing factor α (default ${DEFAULT-VALUE})") double gaAlpha = GA.alpha();
  @Option(names = "--ga-epsilon", description = "skip updates with norm ≤ ε (default ${DEFAULT-VALUE})") double gaEpsilon = GA.epsilon();
  @Option(names = "--obs-sparsity", description = "largest fraction of weights the provider masks per round (default ${DEFAULT-VALUE})") double obsSparsity = OBS.sparsity();
  @Option(names = "--obs-target", description = "forget-probe accuracy the mask must reach; the smallest mask that reaches it is used (default ${DEFAULT-VALUE})") double obsTarget = OBS.targetForgetAccuracy();
  @Option(names = "--obs-block", description = "Fisher block size (default ${DEFAULT-VALUE})") int obsBlock = OBS.blockSize();
  @Option(names = "--obs-rounds", description = "at most this many mask/compensate rounds, while the forget probe is above the target (default ${DEFAULT-VALUE})") int obsRounds = OBS.rounds();
  @Option(names = "--samples-per-user", description = "retained-class training samples per user (default ${DEFAULT-VALUE}; above 1/14 of the pool users draw independently)") int samplesPerUser = Scenario.Config.RETAINED_PER_USER;
  @Option(names = "--test-samples", description = "global test images the metrics use (default ${DEFAULT-VALUE}, all of Fashion-MNIST's test set)") int testSamples = Scenario.Config.GLOBAL_TEST;
  @Option(names = "--root-epochs", description = "epochs a root model trains (default: mlp 20, --quick 12; other models 12, --quick 8)") Integer rootEpochs;
  @Option(names = "--root-lr", description = "initial SGD learning rate of root models, cosine-annealed (default ${DEFAULT-VALUE})") double rootLr = Scenario.Config.ROOT_LEARNING_RATE;
  @Option(names = "--local-epochs", description = "epochs an inheriting model trains after aggregation (default: mlp 5, --quick 3; other models 3, --quick 2)") Integer localEpochs;
  @Option(names = "--local-lr", description = "initial SGD learning rate of inheriting models, cosine-annealed (default ${DEFAULT-VALUE})") double localLr = Scenario.Config.LOCAL_LEARNING_RATE;
  @Option(names = "--no-progress", description = "no progress bar on stderr") boolean noProgress;

  @Override
  public Integer call() throws IOException {
    ExperimentOptions options = options();
    if (!FashionMnist.available(data)) {
      throw new UserError("Fashion-MNIST not found in " + data + " (apt-get install -y dataset-fashion-mnist)");
    }
    if (store != null) {
      // opened before training, so an unreachable Kubo node fails now, not after minutes of work
      return run(options, data, store.open(), store.describe());
    }
    Path tempStore = Files.createTempDirectory("lethe-live-store");
    try {
      return run(options, data, new FileSystemContentStore(tempStore), "fs " + tempStore.toAbsolutePath());
    } finally {
      deleteTree(tempStore);
    }
  }

  /** The command line as an experiment's options. */
  ExperimentOptions options() {
    if (!scenario.equals(Scenario.NAME)) {
      throw new UserError("unknown scenario '" + scenario + "' (known: " + Scenario.NAME + ")");
    }
    if (!Architectures.NAMES.contains(model)) {
      throw new UserError("unknown model '" + model + "' (known: " + String.join(", ", Architectures.NAMES) + ")");
    }
    if (forget.kind() != ForgetSpec.Kind.CLASSES) {
      throw new UserError("--forget: the experiment forgets classes (classes:C[,C…]), not " + forget);
    }
    if ((rootEpochs != null && rootEpochs < 1) || (localEpochs != null && localEpochs < 1) || rootLr <= 0 || localLr <= 0) {
      throw new UserError("--root-epochs and --local-epochs must be ≥ 1, learning rates > 0");
    }
    if (samplesPerUser < 10) {
      throw new UserError("--samples-per-user must be ≥ 10");
    }
    if (testSamples < 100) {
      throw new UserError("--test-samples must be ≥ 100");
    }
    Scenario.Config recipe = Scenario.Config.of(model, forget.classes(), quick, seed)
        .withSamplesPerUser(samplesPerUser)
        .withTestSamples(testSamples);
    TrainConfig root = recipe.rootTraining();
    TrainConfig local = recipe.localTraining();
    recipe = recipe.withTraining(
        root.withEpochs(rootEpochs != null ? rootEpochs : root.epochs()).withLearningRate(rootLr),
        local.withEpochs(localEpochs != null ? localEpochs : local.epochs()).withLearningRate(localLr));
    return new ExperimentOptions(recipe, methods, quick,
        backend != null ? backend : Architectures.defaultBackend(model),
        GA.withPassing(gaAlpha, gaEpsilon), OBS.withMaskSearch(obsSparsity, obsTarget, obsBlock, obsRounds));
  }

  private Integer run(ExperimentOptions options, Path dataDir, ContentStore liveStore, String liveStoreName)
      throws IOException {
    ProgressBar bar = new ProgressBar(System.err, !noProgress);
    Experiment exp = new Experiment(options, liveStore, liveStoreName, bar::update);
    bar.total = exp.totalSteps();
    ExperimentResult result = exp.run(dataDir);
    bar.finish();
    if (jsonOut != null) {
      JsonText.PRETTY.writeValue(jsonOut.toFile(), result);
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
    if (json.enabled()) {
      JsonOption.print(spec.commandLine().getOut(), result);
    } else {
      spec.commandLine().getOut().print(md);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  static final class BackendConverter implements ITypeConverter<Backend> {
    @Override
    public Backend convert(String value) {
      return Backend.parse(value);
    }
  }

  static final class ForgetSpecConverter implements ITypeConverter<ForgetSpec> {
    @Override
    public ForgetSpec convert(String value) {
      return ForgetSpec.parse(value);
    }
  }

  static final class MethodConverter implements ITypeConverter<Method> {
    @Override
    public Method convert(String value) {
      return Method.parse(value);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
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
