package io.lethe.flledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ModelToPublish;
import io.lethe.fl.Scenario;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.NodeTrainer;
import io.lethe.ledger.InheritanceDag;
import io.lethe.scenario.LedgerSeed;
import io.lethe.store.ContentStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Federated learning on the ledger (DESIGN §8 step 3): in DAG order each client of the
 * {@code fmnist-14} scenario, under its own Fabric identity ({@code u01} → {@code user1}) and with
 * its own data partition, fetches its refs' models from the live store by the CIDs the ledger
 * records (checking each file's zkDigest against the ledger's), trains its node
 * ({@link NodeTrainer}, BlockFUL III-B), rounds the model to fixed point, writes the file to the
 * live store and publishes (CID, zkDigest, refs). Its state folder keeps what it published.
 */
public final class FlTraining {
  /** One published model with its accuracy on the test set ({@code A_f}: the private classes, {@code A_r}: the others). */
  public record PublishedModel(String id, String user, String owner, List<String> refs, String cid, String zkDigest,
      long block, double localAccuracy, double forgetAccuracy, double retainAccuracy, double trainSeconds) {}

  /**
   * What the run did; seconds split into training, rounding to fixed point with the zkDigest
   * (Poseidon2 over every weight), store I/O and publishing (endorse + order + commit).
   */
  public record Report(FlSetup setup, List<PublishedModel> models, double trainSeconds, double fixedPointSeconds,
      double storeSeconds, long storeBytes, double publishSeconds) {}

  private final FabricSession session;
  private final FlNetwork network;
  private final ContentStore live;
  private final ChameleonPublicKey pk;
  private final BiConsumer<Integer, String> progress;

  public FlTraining(FabricSession session, FlNetwork network, ContentStore live, ChameleonPublicKey pk,
      BiConsumer<Integer, String> progress) {
    this.session = session;
    this.network = network;
    this.live = live;
    this.pk = pk;
    this.progress = progress;
  }

  /** Progress steps: data, then one per model. */
  public static int totalSteps() {
    return 1 + Scenario.MODELS.size();
  }

  public Report run(FlSetup setup, Path dataDir) throws IOException {
    FlData data = FlData.load(setup, dataDir);
    int step = 0;
    progress.accept(++step, "data loaded");
    Scenario.Config cfg = setup.config();
    Set<Integer> privateClasses = new TreeSet<>(setup.privateClasses());
    var testForget = data.testOf(privateClasses);
    var testRetained = data.testWithout(privateClasses);
    InheritanceDag dag = Scenario.dag();
    Map<String, String> owners = Scenario.owners();
    // the provider's task model: every root starts from it, so aggregates share one initialisation
    Network initial = Network.create(cfg.architecture(), cfg.seed(), setup.backendValue());
    SecureRandom rnd = new SecureRandom();
    List<PublishedModel> out = new ArrayList<>();
    double trainSeconds = 0;
    double storeSeconds = 0;
    double fixedPointSeconds = 0;
    double publishSeconds = 0;
    long storeBytes = 0;
    for (String id : dag.ids()) {
      String user = owners.get(id);
      String identity = LedgerSeed.identityOf(user);
      LedgerClient client = session.ledger(identity);
      // the refs as this client sees them: the files the ledger names, fetched from the live store
      long t0 = System.nanoTime();
      double fetchStore = 0;
      Map<String, Network> refs = new HashMap<>();
      for (String ref : dag.refs(id)) {
        LedgerModels.Current current = LedgerModels.fetch(client, live, ref);
        fetchStore += current.storeSeconds();
        FixedPointModel m = current.model();
        storeBytes += m.file().length;
        refs.put(ref, Network.of(m.network().architecture(), m.network().params(), setup.backendValue()));
      }
      storeSeconds += fetchStore;
      fixedPointSeconds += (System.nanoTime() - t0) / 1e9 - fetchStore;
      var own = data.own(user);
      var node = NodeTrainer.train(id, dag.refs(id), refs, initial, own.train(), own.test(),
          cfg.rootTraining(), cfg.localTraining(), seedOf(cfg.seed(), id));
      trainSeconds += node.seconds();
      t0 = System.nanoTime();
      FixedPointModel fixed = FixedPointModel.of(node.model());
      fixedPointSeconds += (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      String cid = live.put(fixed.file());
      storeSeconds += (System.nanoTime() - t0) / 1e9;
      storeBytes += fixed.file().length;
      if (!cid.equals(fixed.cid())) {
        throw new IOException("the live store named " + id + "'s file " + cid + ", its CID is " + fixed.cid());
      }
      t0 = System.nanoTime();
      JsonNode block = client.publish(pk, List.of(new ModelToPublish(id, cid, fixed.zkDigest(), dag.refs(id))), rnd);
      publishSeconds += (System.nanoTime() - t0) / 1e9;
      network.client(identity).record(
          new ClientState.Version(id, 0, cid, fixed.zkDigestHex(), "", dag.refs(id)), fixed.file());
      Network published = fixed.network();
      out.add(new PublishedModel(id, user, identity, dag.refs(id), cid, fixed.zkDigestHex(),
          block.get("height").asLong(), published.accuracy(own.test()), published.accuracy(testForget),
          published.accuracy(testRetained), node.seconds()));
      progress.accept(++step, "train " + id + " (" + identity + ")");
    }
    return new Report(setup, out, trainSeconds, fixedPointSeconds, storeSeconds, storeBytes, publishSeconds);
  }

  /** The seed a model's training and unlearning use (the experiment's rule). */
  public static long seedOf(long seed, String id) {
    return seed * 1000 + id.hashCode();
  }
}
