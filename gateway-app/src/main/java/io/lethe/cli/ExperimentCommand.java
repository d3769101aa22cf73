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
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.unlearning.Algorithm;
import io.lethe.unlearning.FineTuneUnlearning;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.PureGradientAscent;
import io.lethe.unlearning.RandomLabelUnlearning;
import io.lethe.unlearning.SalUnUnlearning;
import io.lethe.unlearning.ScrubUnlearning;
import io.lethe.unlearning.audit.ForgettingAudit;
import io.lethe.unlearning.audit.Relearn;
import io.lethe.unlearning.ObsFeatureUnlearning;
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
    description = {"Train the 14-user BlockFUL DAG on Fashion-MNIST (once per seed), forget classes of one user's data,",
        "and compare unlearning methods with measurements that can fail: A_f/A_r per hop and for starting models",
        "apart from descendants, relearning, a linear probe, KL to a retrained model, U-LiRA-style membership",
        "inference. Averages are over the models that knew the class, then over seeds (mean ± sd).",
        "Prints Markdown tables (JSON with --json)."})
public final class ExperimentCommand implements Callable<Integer> {
  private static final GradientAscentUnlearning.Config NEGGRAD = GradientAscentUnlearning.Config.defaults();
  private static final PureGradientAscent.Config GA = PureGradientAscent.Config.defaults();
  private static final ObsUnlearning.Config OBS = ObsUnlearning.Config.defaults();
  private static final ScrubUnlearning.Config SCRUB = ScrubUnlearning.Config.defaults();
  private static final SalUnUnlearning.Config SALUN = SalUnUnlearning.Config.defaults();
  private static final ObsFeatureUnlearning.Config OBS_FEATURE = ObsFeatureUnlearning.Config.defaults();
  private static final ForgettingAudit.Config AUDIT = ForgettingAudit.Config.defaults();
  /** The scenario variant whose descendants keep the forgotten class (gradient passing has work to do). */
  public static final String KEEP_SCENARIO = Scenario.NAME + "-keep";

  @Spec CommandSpec spec;
  @Mixin JsonOption json;
  @Option(names = "--scenario", defaultValue = Scenario.NAME, description = {
      "${DEFAULT-VALUE} (descendants train 5 epochs on forget-free data and lose the class by themselves) or",
      KEEP_SCENARIO + " (descendants train 1 epoch at lr 0.002: they keep forgotten-class knowledge, so gradient passing is exercised)"})
  String scenario;
  @Option(names = "--model", defaultValue = "mlp", description = "mlp | cnn | alexnet | resnet18 | mobilenetv2 (default ${DEFAULT-VALUE})") String model;
  @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "${env:LETHE_FL_BACKEND}", converter = BackendConverter.class,
      description = "nd4j | java (default: LETHE_FL_BACKEND, else java for cnn and nd4j for the others; alexnet, resnet18, mobilenetv2 are ND4J only)")
  Backend backend;
  @Option(names = "--forget", paramLabel = "SPEC", defaultValue = "classes:5", converter = ForgetSpecConverter.class,
      description = "classes to forget: C[,C…] or classes:C[,C…], labels 0..9, any number short of all ten (default ${DEFAULT-VALUE})")
  ForgetSpec forget;
  @Option(names = "--methods", paramLabel = "METHOD", defaultValue = "retrain,ga,neggrad+,obs,finetune,random-label,row-zero,scrub,salun",
      split = ",", converter = AlgorithmConverter.class,
      description = {"methods to compare, in this order (default ${DEFAULT-VALUE}):",
          "retrain = re-aggregate and re-train hop by hop (reference); ga = BlockFUL's pure gradient ascent with passing and the ε rule;",
          "neggrad+ = ascent with retained descent and repair steps (today's ledger 'gradient-ascent'); obs = ZK-APEX mask + Group OBS;",
          "finetune = fine-tune on retained data; random-label = forget images relabelled at random, passed like ga;",
          "row-zero = zero the forgotten classes' output rows (what obs must beat);",
          "scrub = SCRUB teacher-student (max KL on forget, min KL + CE on retained), passed like ga;",
          "salun = SalUn saliency mask + random-label fine-tuning of the masked weights, passed like ga;",
          "obs-feature = prune the penultimate units most specific to the forget set, OBS-compensate the output layer, zero the class rows (zero-shot)"})
  List<Algorithm> methods;
  @Option(names = "--quick", description = "the CI size (~2 min for the MLP): 1,000 retained images per user, 1,000 per forgotten class, 2,000 validation and test images, fewer epochs, 2 references") boolean quick;
  @Option(names = "--seeds", paramLabel = "S", split = ",", description = "seeds, one DAG each; results are mean ± sd over them (default 1)") List<Long> seeds;
  @Option(names = "--seed", hidden = true, description = "one seed (same as --seeds S)") Long seed;
  @Option(names = "--json-out", paramLabel = "FILE", description = "write the JSON result here") Path jsonOut;
  @Option(names = "--markdown-out", paramLabel = "FILE", description = "write the Markdown tables here") Path markdownOut;
  @Option(names = "--plots", paramLabel = "DIR", description = "write accuracy-per-hop.png, relearn.png and mia-roc.png here") Path plots;
  @ArgGroup(exclusive = true, multiplicity = "0..1",
      heading = "Live content store (default: a temporary directory, deleted afterwards):%n") StoreOptions store;
  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE}: LETHE_FASHION_MNIST_DIR, else Debian's dataset-fashion-mnist)") Path data = FashionMnist.directory();
  @Option(names = "--eval", paramLabel = "SPLIT", defaultValue = "test", description = {
      "where the numbers are measured: test (final numbers) or validation (training images held out from every user:",
      "use it for every tuning decision, never the test set) (default ${DEFAULT-VALUE})"})
  String eval;
  @Option(names = "--references", description = "retrained reference models per seed (other seeds): KL's reference and the membership attack's calibration (default 3; --quick 2)") Integer references;
  @Option(names = "--ga-alpha", description = "gradient-passing factor α of ga, neggrad+, random-label, scrub and salun (default ${DEFAULT-VALUE}; 0 = no passing, the ablation)") double gaAlpha = GA.alpha();
  @Option(names = "--ga-epsilon-rel", description = "ga / random-label / scrub / salun ε rule: skip a descendant's update when its norm ≤ this × the largest starting change (default ${DEFAULT-VALUE})") double gaEpsilonRel = GA.relativeEpsilon();
  @Option(names = "--ga-epsilon", description = "neggrad+'s absolute ε (default ${DEFAULT-VALUE}, as the ledger method has it)") double gaEpsilon = NEGGRAD.epsilon();
  @Option(names = "--ga-lr", description = "ga's ascent learning rate (default ${DEFAULT-VALUE})") double gaLr = GA.learningRate();
  @Option(names = "--obs-sparsity", description = "largest fraction of weights the provider masks per round (default ${DEFAULT-VALUE})") double obsSparsity = OBS.sparsity();
  @Option(names = "--obs-target", description = "forget-probe accuracy the mask must reach; the smallest mask that reaches it is used (default ${DEFAULT-VALUE})") double obsTarget = OBS.targetForgetAccuracy();
  @Option(names = "--obs-block", description = "Fisher block size (default ${DEFAULT-VALUE})") int obsBlock = OBS.blockSize();
  @Option(names = "--obs-rounds", description = "at most this many mask/compensate rounds, while the forget probe is above the target (default ${DEFAULT-VALUE})") int obsRounds = OBS.rounds();
  @Option(names = "--scrub-lr", description = "scrub's SGD learning rate (default ${DEFAULT-VALUE})") double scrubLr = SCRUB.learningRate();
  @Option(names = "--scrub-epochs", description = "scrub's epochs: one min-step pass over retained data each (default ${DEFAULT-VALUE})") int scrubEpochs = SCRUB.epochs();
  @Option(names = "--scrub-max-epochs", description = "scrub's first epochs that also make a max-step pass over the forget set (default ${DEFAULT-VALUE})") int scrubMaxEpochs = SCRUB.maxEpochs();
  @Option(names = "--salun-mask", description = "salun's saliency mask: fraction of weights with the largest forget-loss gradient (default ${DEFAULT-VALUE})") double salunMask = SALUN.maskFraction();
  @Option(names = "--salun-lr", description = "salun's random-label learning rate (default ${DEFAULT-VALUE})") double salunLr = SALUN.learningRate();
  @Option(names = "--salun-epochs", description = "salun's passes over the forget set (default ${DEFAULT-VALUE})") int salunEpochs = SALUN.epochs();
  @Option(names = "--obs-feature-units", description = "obs-feature: fraction of the penultimate units to prune, the most specific to the forget set first (default ${DEFAULT-VALUE})") double obsFeatureUnits = OBS_FEATURE.unitFraction();
  @Option(names = "--overlapping-users", description = "each user draws --samples-per-user images independently (users may share images; the earlier recipe) instead of disjoint shares")
  boolean overlappingUsers;
  @Option(names = "--samples-per-user", description = "retained-class training images per user (default: an equal disjoint share, ≈ 3,400; with --overlapping-users 8,000)") Integer samplesPerUser;
  @Option(names = "--validation-samples", description = "training images held out as the validation split (default 5,000; --quick 2,000)") Integer validationSamples;
  @Option(names = "--test-samples", description = "global test images (default: all 10,000; --quick 2,000)") Integer testSamples;
  @Option(names = "--root-epochs", description = "epochs a root model trains (default: mlp 20, --quick 8; other models 12, --quick 4)") Integer rootEpochs;
  @Option(names = "--root-lr", description = "initial SGD learning rate of root models, cosine-annealed (default ${DEFAULT-VALUE})") double rootLr = Scenario.Config.ROOT_LEARNING_RATE;
  @Option(names = "--local-epochs", description = "epochs an inheriting model trains after aggregation (default: mlp 5, --quick 2; other models 3, --quick 1; " + KEEP_SCENARIO + " 1)") Integer localEpochs;
  @Option(names = "--local-lr", description = "initial SGD learning rate of inheriting models, cosine-annealed (default 0.01; " + KEEP_SCENARIO + " 0.002)") Double localLr;
  @Option(names = "--relearn-steps", description = "the relearning attack's budget: A_f is reported after this many SGD steps (default ${DEFAULT-VALUE})") int relearnSteps = AUDIT.relearn().steps();
  @Option(names = "--consensus-seconds", description = "seconds one ledger consensus round is charged in the speed comparison (an assumption, default ${DEFAULT-VALUE})") double consensusSeconds = 2.0;
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
    boolean keep = scenario.equals(KEEP_SCENARIO);
    if (!scenario.equals(Scenario.NAME) && !keep) {
      throw new UserError("unknown scenario '" + scenario + "' (known: " + Scenario.NAME + ", " + KEEP_SCENARIO + ")");
    }
    if (!Architectures.NAMES.contains(model)) {
      throw new UserError("unknown model '" + model + "' (known: " + String.join(", ", Architectures.NAMES) + ")");
    }
    if (forget.kind() != ForgetSpec.Kind.CLASSES) {
      throw new UserError("--forget: the experiment forgets classes (classes:C[,C…]), not " + forget);
    }
    if ((rootEpochs != null && rootEpochs < 1) || (localEpochs != null && localEpochs < 1) || rootLr <= 0
        || (localLr != null && localLr <= 0)) {
      throw new UserError("--root-epochs and --local-epochs must be ≥ 1, learning rates > 0");
    }
    if (samplesPerUser != null && samplesPerUser < 10) {
      throw new UserError("--samples-per-user must be ≥ 10");
    }
    if (testSamples != null && testSamples < 100) {
      throw new UserError("--test-samples must be ≥ 100");
    }
    ExperimentOptions.EvalSplit split;
    try {
      split = ExperimentOptions.EvalSplit.valueOf(eval.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserError("--eval must be test or validation, got " + eval);
    }
    List<Long> seedList = seeds != null ? seeds : List.of(seed != null ? seed : 1L);
    Scenario.Config recipe = Scenario.Config.of(model, forget.classes(), quick, seedList.get(0));
    if (overlappingUsers) {
      recipe = recipe.withUserSampling(Scenario.UserSampling.OVERLAPPING)
          .withSamplesPerUser(samplesPerUser != null ? samplesPerUser : Scenario.Config.RETAINED_PER_USER);
    } else if (samplesPerUser != null) {
      recipe = recipe.withSamplesPerUser(samplesPerUser);
    }
    if (testSamples != null) {
      recipe = recipe.withTestSamples(testSamples);
    }
    if (validationSamples != null) {
      recipe = recipe.withValidation(validationSamples);
    }
    TrainConfig root = recipe.rootTraining();
    TrainConfig local = recipe.localTraining();
    int defaultLocalEpochs = keep ? 1 : local.epochs();
    double defaultLocalLr = keep ? 0.002 : Scenario.Config.LOCAL_LEARNING_RATE;
    recipe = recipe.withTraining(
        root.withEpochs(rootEpochs != null ? rootEpochs : root.epochs()).withLearningRate(rootLr),
        local.withEpochs(localEpochs != null ? localEpochs : defaultLocalEpochs)
            .withLearningRate(localLr != null ? localLr : defaultLocalLr));
    ForgettingAudit.Config audit = new ForgettingAudit.Config(AUDIT.knewThreshold(),
        new Relearn.Config(AUDIT.relearn().forgetImages(), AUDIT.relearn().retainedImages(), relearnSteps,
            Math.max(AUDIT.relearn().maxSteps(), relearnSteps), AUDIT.relearn().batchSize(),
            AUDIT.relearn().learningRate(), AUDIT.relearn().recoverFraction()),
        AUDIT.probe(), quick ? 500 : AUDIT.miaImages());
    PureGradientAscent.Config ga = new PureGradientAscent.Config(gaLr, GA.batchSize(), GA.maxSteps(),
        GA.targetForgetAccuracy(), GA.clipNorm(), gaAlpha, gaEpsilonRel);
    ScrubUnlearning.Config scrub;
    SalUnUnlearning.Config salun;
    ObsFeatureUnlearning.Config obsFeature;
    try {
      obsFeature = OBS_FEATURE.withUnitFraction(obsFeatureUnits);
      scrub = SCRUB.withLearningRate(scrubLr).withEpochs(scrubEpochs, scrubMaxEpochs).withPassing(gaAlpha, gaEpsilonRel);
      salun = SALUN.withTraining(salunMask, salunLr, salunEpochs).withPassing(gaAlpha, gaEpsilonRel);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    return new ExperimentOptions(scenario, recipe, methods, seedList, quick,
        backend != null ? backend : Architectures.defaultBackend(model), ga,
        NEGGRAD.withPassing(gaAlpha, gaEpsilon), RandomLabelUnlearning.Config.defaults().withPassing(gaAlpha, gaEpsilonRel),
        FineTuneUnlearning.defaults(), OBS.withMaskSearch(obsSparsity, obsTarget, obsBlock, obsRounds), scrub, salun, obsFeature, audit,
        references != null ? references : (quick ? 2 : 3), split, consensusSeconds);
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
      // a bare list of class labels is a classes: spec
      return ForgetSpec.parse(value.trim().matches("[0-9][0-9, ]*") ? "classes:" + value.trim() : value);
    }
  }

  static final class AlgorithmConverter implements ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String value) {
      return Algorithm.parse(value);
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
