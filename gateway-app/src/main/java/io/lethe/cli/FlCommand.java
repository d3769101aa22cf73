package io.lethe.cli;

import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.fabric.LedgerClient;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Backend;
import io.lethe.fl.train.TrainConfig;
import io.lethe.flledger.FlNetwork;
import io.lethe.flledger.FlSetup;
import io.lethe.flledger.FlTraining;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.ForgetSpec;
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import io.lethe.store.KuboContentStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe fl ...}: federated learning on the ledger. */
@Command(name = "fl", mixinStandardHelpOptions = true,
    description = "Federated learning on the ledger: the scenario's users train and publish their models.",
    subcommands = {FlCommand.Train.class})
public final class FlCommand {
  private FlCommand() {}

  /** The network state folder: the connection profile's folder. */
  static FlNetwork network(GatewayOptions gateway) {
    return new FlNetwork(gateway.profileFile().toAbsolutePath().getParent());
  }

  /** The live store a run recorded ({@code fs DIR} or {@code kubo URL}), opened. */
  static ContentStore openStore(String described) throws IOException {
    if (described.startsWith("kubo ")) {
      KuboContentStore k = KuboContentStore.of(described.substring(5));
      k.version();
      return k;
    }
    return new FileSystemContentStore(Path.of(described.substring(3)));
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {
          "Train the fmnist-14 federation on the ledger. In DAG order each of the 14",
          "users, under its own Fabric identity (u01 -> user1 ... u14 -> user14) and",
          "with its own data partition, fetches its refs' files from the live store by",
          "the CIDs the ledger records (each file's zkDigest checked against the",
          "ledger's), trains its node (BlockFUL III-B: aggregate the refs, train",
          "locally), rounds the model to fixed point (raw = round(w*2^16): the",
          "published model IS the fixed-point model, so file, digest and later proofs",
          "agree bit for bit), puts the file in the live store and publishes (CID,",
          "zkDigest, refs). Each client's state (what it published, copies of its",
          "files) goes to <network>/clients/userN/, the recipe to",
          "<network>/fl/setup.json (read by `lethe unlearn run`). Only user1 holds",
          "images of --private-classes: those are what a later request can forget.",
          "Progress bar on stderr; a summary (or JSON with --json: model ids, owners,",
          "CIDs, digests, A_f/A_r on the test set) on stdout. The committee key is set",
          "from --committee-dir first if the ledger has none."
        })
  static final class Train extends FabricCommand {
    @Option(names = "--scenario", defaultValue = Scenario.NAME, description = "only ${DEFAULT-VALUE}") String scenario;
    @Option(names = "--model", defaultValue = "mlp",
        description = "mlp | cnn | mlp-small | mlp-tiny | alexnet | resnet18 | mobilenetv2 (default ${DEFAULT-VALUE})") String model;
    @Option(names = "--backend", paramLabel = "BACKEND", description = "nd4j | java (default: the model's)") String backend;
    @Option(names = "--quick", description = "fewer epochs (mlp: roots 12, others 3) and a smaller forget set") boolean quick;
    @Option(names = "--seed", defaultValue = "1", description = "seed of partitions, initialisation and training (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--private-classes", defaultValue = "classes:5", paramLabel = "SPEC",
        description = "classes whose training images only user1 holds, as classes:C[,C...] (default ${DEFAULT-VALUE})")
    String privateClasses;
    @Option(names = "--samples-per-user", description = "retained-class training samples per user (default ${DEFAULT-VALUE})")
    int samplesPerUser = Scenario.Config.RETAINED_PER_USER;
    @Option(names = "--test-samples", description = "test images the A_f/A_r figures use (default ${DEFAULT-VALUE})")
    int testSamples = Scenario.Config.GLOBAL_TEST;
    @Option(names = "--root-epochs", description = "epochs of a root model (default: the scenario's)") Integer rootEpochs;
    @Option(names = "--local-epochs", description = "epochs of an inheriting model (default: the scenario's)") Integer localEpochs;
    @ArgGroup(exclusive = true, multiplicity = "0..1",
        heading = "Live content store (default: <network>/store/live):%n") StoreOptions store;
    @Option(names = "--archive-store", paramLabel = "DIR", description = "archive content store (default: <network>/store/archive)")
    Path archiveStore;
    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX directory (default ${DEFAULT-VALUE})")
    Path data = FashionMnist.directory();
    @Option(names = "--no-progress", description = "no progress bar on stderr") boolean noProgress;

    private FlSetup setup;

    @Override
    void checkArguments() {
      if (!Scenario.NAME.equals(scenario)) {
        throw new UserError("unknown scenario '" + scenario + "' (known: " + Scenario.NAME + ")");
      }
      if (!Architectures.NAMES.contains(model)) {
        throw new UserError("unknown model '" + model + "' (known: " + String.join(", ", Architectures.NAMES) + ")");
      }
      ForgetSpec spec;
      try {
        spec = ForgetSpec.parse(privateClasses);
      } catch (IllegalArgumentException e) {
        throw new UserError("--private-classes: " + e.getMessage(), e);
      }
      if (spec.kind() != ForgetSpec.Kind.CLASSES) {
        throw new UserError("--private-classes takes classes:C[,C...], not " + spec);
      }
      if (samplesPerUser < 10 || testSamples < 100) {
        throw new UserError("--samples-per-user must be >= 10 and --test-samples >= 100");
      }
      if ((rootEpochs != null && rootEpochs < 1) || (localEpochs != null && localEpochs < 1)) {
        throw new UserError("--root-epochs and --local-epochs must be >= 1");
      }
      if (!FashionMnist.available(data)) {
        throw new UserError("Fashion-MNIST not found in " + data + " (apt-get install -y dataset-fashion-mnist)");
      }
      Backend b;
      try {
        b = backend != null ? Backend.parse(backend) : Architectures.defaultBackend(model);
      } catch (IllegalArgumentException e) {
        throw new UserError("--backend: " + e.getMessage(), e);
      }
      FlNetwork net = network(gateway);
      Scenario.Config recipe = Scenario.Config.of(model, spec.classes(), quick, seed);
      TrainConfig root = recipe.rootTraining();
      TrainConfig local = recipe.localTraining();
      String live = store == null ? "fs " + net.liveStore() : store.describe();
      setup = new FlSetup(Scenario.NAME, model, b.word(), new ArrayList<>(spec.classes()), quick, seed, samplesPerUser,
          testSamples, rootEpochs == null ? root : root.withEpochs(rootEpochs),
          localEpochs == null ? local : local.withEpochs(localEpochs), live,
          (archiveStore == null ? net.archiveStore() : archiveStore).toAbsolutePath().toString());
      if (net.trained()) {
        throw new UserError("this network already has a federated-learning run (" + net.setupFile()
            + "); bring up a fresh network to train again");
      }
    }

    @Override
    int call(FabricSession session) throws Exception {
      FlNetwork net = network(gateway);
      ContentStore live = store == null ? new FileSystemContentStore(net.liveStore()) : store.open();
      ChameleonPublicKey pk = committeeKey(session);
      net.writeSetup(setup);
      ExperimentCommand.ProgressBar bar = new ExperimentCommand.ProgressBar(System.err, !noProgress);
      bar.total = FlTraining.totalSteps();
      FlTraining.Report report = new FlTraining(session, net, live, pk, bar::update).run(setup, data);
      bar.finish();
      if (json.enabled()) {
        printJson(report);
      } else {
        out(String.format("%-5s %-7s %-16s %6s %6s  %s", "model", "owner", "refs", "A_f", "A_r", "CID / zkDigest"));
        for (FlTraining.PublishedModel m : report.models()) {
          out(String.format("%-5s %-7s %-16s %6.3f %6.3f  %s", m.id(), m.owner(), String.join(",", m.refs()),
              m.forgetAccuracy(), m.retainAccuracy(), m.cid()));
          out(String.format("%45s %s", "", m.zkDigest()));
        }
        out(String.format("trained %d models in %.1fs; fixed point + zkDigest %.1fs; store I/O %.1fs (%d bytes); "
            + "publish (endorse+order+commit) %.1fs", report.models().size(), report.trainSeconds(),
            report.fixedPointSeconds(), report.storeSeconds(), report.storeBytes(),
            report.publishSeconds()));
      }
      return 0;
    }

    /** The ledger's committee key (network.sh up sets it: the member services' DKG key, through governance). */
    private ChameleonPublicKey committeeKey(FabricSession session) {
      LedgerClient c1 = session.ledger("committee1");
      try {
        return c1.committeeKey();
      } catch (ChaincodeRefusal e) {
        if (e.code() != ErrorCode.FAILED_PRECONDITION) {
          throw e;
        }
        throw new UserError("no committee key on the ledger yet (network.sh up runs the member services' DKG and "
            + "sets it through governance)", e);
      }
    }
  }
}
