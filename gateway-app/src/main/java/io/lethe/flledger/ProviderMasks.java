package io.lethe.flledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.LedgerClient;
import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.model.Network;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Inputs.RecordMask;
import io.lethe.ledger.Paradigm;
import io.lethe.store.ContentStore;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.zk.ChunkProver;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The zero-shot provider's side of a request (DESIGN §7, §8 step 4): for every model of an open
 * zero-shot request's cascade not rewritten yet, fetch the version the ledger names from the live
 * store (CID and zkDigest checked), compute {@link ObsUnlearning#mask} and the touched blocks'
 * Fisher ({@link ObsUnlearning#providerFisher}) on the provider's own data — its reference set of
 * retained classes and the forget samples the requester hands it (in this simulation both are
 * derived from the federation's setup, as every party derives its share) — and record both on
 * the ledger ({@code LiveLedger:RecordMask}) for that version. A model whose
 * mask is already recorded for its current version is skipped (a rerun completes an interrupted
 * one). The clients then compensate with exactly these masks ({@link UnlearningRun}).
 */
public final class ProviderMasks {
  /** The ledger or the request refuses the provider's run before anything is recorded. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** One model's mask: recorded now, or found recorded already. */
  public record Recorded(String id, long version, long weights, int removed, int frozen, boolean already,
      double seconds, String fabricTxId) {}

  public record Report(String request, String forget, List<Recorded> models) {}

  /** What the provider recorded for one model version: the mask, and the block Fisher every client compensates with. */
  public record Statement(ObsMask mask, ObsFisher fisher) {}

  private final LedgerClient provider;
  private final FlSetup setup;
  private final ContentStore live;
  private final ObsUnlearning.Config config;

  /** {@code provider}: the ledger client of the identity governance names in {@code zeroshot.provider}. */
  public ProviderMasks(LedgerClient provider, FlSetup setup, ContentStore live, ObsUnlearning.Config config) {
    this.provider = provider;
    this.setup = setup;
    this.live = live;
    this.config = config;
  }

  public Report record(String requestId, Path dataDir, Consumer<String> progress) throws IOException {
    JsonNode req = provider.evaluate("GetRequest", requestId);
    if (Paradigm.parse(req.get("paradigm").asText()) != Paradigm.ZERO_SHOT) {
      throw new Refused("request " + requestId + " follows the " + req.get("paradigm").asText()
          + " paradigm; the provider's masks belong to zero-shot requests");
    }
    if (!"OPEN".equals(req.get("status").asText())) {
      throw new Refused("request " + requestId + " is " + req.get("status").asText() + "; nothing to mask");
    }
    ForgetSpec forget = ForgetSpec.parse(provider.evaluate("GetForget", requestId).get("forget").asText());
    if (forget.kind() != ForgetSpec.Kind.CLASSES) {
      throw new Refused("request " + requestId + " forgets " + forget.kind() + "; FL on the ledger forgets classes");
    }
    Set<Integer> classes = new TreeSet<>(forget.classes());
    Set<String> done = new HashSet<>();
    req.get("changes").forEach(c -> done.add(c.get("txId").asText()));
    FlData data = FlData.load(setup, dataDir);
    Dataset forgetSamples = data.ownForgetSamples(Scenario.FORGETTING_USER, classes);
    ObsUnlearning obs = new ObsUnlearning(config);
    List<Recorded> out = new ArrayList<>();
    for (JsonNode n : req.get("cascade")) {
      String id = n.asText();
      if (done.contains(id)) {
        continue;
      }
      LedgerModels.Current c = LedgerModels.fetch(provider, live, id);
      java.util.Optional<Statement> recorded = recorded(provider, requestId, id, c.version());
      if (recorded.isPresent()) {
        ObsMask m = recorded.get().mask();
        out.add(new Recorded(id, c.version(), m.weights(), m.removed().length, m.frozen().length, true, 0, null));
        progress.accept(id + " (recorded already)");
        continue;
      }
      long t0 = System.nanoTime();
      Network net = Network.of(c.model().network().architecture(), c.model().network().params(), setup.backendValue());
      ObsUnlearning.Mask m = obs.mask(net, forgetSamples, data.providerReference());
      ObsMask mask;
      try {
        mask = new ObsMask(c.model().raws().length, m.removed(), m.frozen().stream().toArray());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the provider's mask of " + id + " is not provable: " + e.getMessage(), e);
      }
      ObsFisher fisher = obs.providerFisher(net, mask, data.providerReference(), FlTraining.seedOf(setup.seed(), id));
      double sec = (System.nanoTime() - t0) / 1e9;
      JsonNode r = provider.recordMask(new RecordMask(requestId, id, c.version(), mask.encode(),
          ChunkProver.subrootsHex(c.model().raws()), fisher.encode()));
      out.add(new Recorded(id, c.version(), mask.weights(), mask.removed().length, mask.frozen().length, false, sec,
          r.get("fabricTxId").asText()));
      progress.accept(id);
    }
    return new Report(requestId, forget.toString(), out);
  }

  /**
   * The mask and Fisher recorded for (request, model, version), parsed; empty when none is
   * recorded (the chaincode answers NOT_FOUND). Any other refusal propagates.
   */
  public static java.util.Optional<Statement> recorded(LedgerClient client, String requestId, String id,
      long version) {
    JsonNode m;
    try {
      m = client.evaluate("GetMask", requestId, id, Long.toString(version));
    } catch (io.lethe.fabric.ChaincodeRefusal e) {
      if (e.code() == io.lethe.ledger.ErrorCode.NOT_FOUND) {
        return java.util.Optional.empty();
      }
      throw e;
    }
    return java.util.Optional.of(new Statement(ObsMask.parse(m.get("mask").asText()),
        ObsFisher.parse(m.get("fisher").asText())));
  }
}
