package io.lethe.cli;

import io.lethe.fl.model.Network;
import io.lethe.flledger.FixedPointModel;
import io.lethe.flledger.ProviderMasks;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.store.ContentStore;
import io.lethe.zk.FisherDigest;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Test only: {@code lethe unlearn run} whose coordinator submits one forgery instead of what the
 * clients computed and proved, so the end-to-end test can check on a real network that the
 * chaincode refuses it and neither the ledger nor a store changes. Run with the test classpath
 * ({@code e2e_test_java io.lethe.cli.ForgedUnlearnRun --forge ... --request R}).
 */
@Command(name = "forged-unlearn-run", mixinStandardHelpOptions = true,
    description = "Test only: unlearn run with one forgery: NO_PROOF (bundles dropped), OTHER_MODEL_PROOF (a model "
        + "carries another model's bundle), OTHER_WEIGHTS (a model publishes weights other than those it proved), "
        + "OTHER_MASK (zero-shot: the first client applies and proves another mask than the provider recorded), "
        + "OTHER_FISHER (zero-shot: the first client compensates and proves one touched block with a Fisher of its "
        + "own choosing: H = I, plain pruning).")
public final class ForgedUnlearnRun extends UnlearnCommand.Run {
  enum Forgery { NO_PROOF, OTHER_MODEL_PROOF, OTHER_WEIGHTS, OTHER_MASK, OTHER_FISHER }

  @Option(names = "--forge", required = true) Forgery forgery;

  @Override
  Map<String, NewPayload> published(Map<String, NewPayload> updates) throws IOException {
    if (forgery != Forgery.OTHER_WEIGHTS) {
      return updates;
    }
    // the last model publishes its proven weights with one weight moved by 2^-16: a file it never
    // put in any store, whose CID and digest the coordinator submits
    List<String> ids = new ArrayList<>(updates.keySet());
    String victim = ids.get(ids.size() - 1);
    ContentStore live = FlCommand.openStore(FlCommand.network(gateway).setup().liveStore());
    FixedPointModel proven = FixedPointModel.read(live.get(updates.get(victim).uri()).orElseThrow());
    double[] w = proven.network().params().clone();
    w[0] += 1.0 / 65536;
    FixedPointModel other = FixedPointModel.of(Network.of(proven.network().architecture(), w));
    Map<String, NewPayload> out = new LinkedHashMap<>(updates);
    out.put(victim, new NewPayload(other.cid(), other.zkDigest()));
    System.err.println("forged: " + victim + " publishes " + other.cid() + " instead of the proven " + proven.cid());
    return out;
  }

  private String maskVictim;

  /**
   * OTHER_MASK: the first zero-shot client moves one removed weight to a free neighbour in its
   * Fisher block. OTHER_FISHER: the first zero-shot client compensates one touched block with an H
   * of its own instead of the provider's (see below).
   */
  @Override
  ProviderMasks.Statement applied(String modelId, ProviderMasks.Statement recorded) {
    if ((forgery != Forgery.OTHER_MASK && forgery != Forgery.OTHER_FISHER)
        || (maskVictim != null && !maskVictim.equals(modelId))) {
      return recorded;
    }
    maskVictim = modelId;
    if (forgery == Forgery.OTHER_FISHER) {
      TreeMap<Integer, long[]> own = new TreeMap<>();
      for (int b : recorded.fisher().indices()) {
        own.put(b, recorded.fisher().block(b));
      }
      long[] identity = new long[FisherDigest.ENTRIES];
      for (int r = 0; r < FisherDigest.BLOCK; r++) {
        identity[FisherDigest.upper(r, r)] = 1L << 16;
      }
      // A block whose recorded H is not I: H = I there is plain pruning (no compensation), another W′.
      // The provider's H is exactly I where its data gives the block no gradient (weights only the
      // forgotten class uses); if every touched block is such, H = 2·I keeps W′ (OBS is invariant to
      // the scale of H) but is still another H than the recorded one.
      for (var e : own.entrySet()) {
        if (!Arrays.equals(e.getValue(), identity)) {
          own.put(e.getKey(), identity);
          System.err.println("forged: " + modelId + " compensates Fisher block " + e.getKey()
              + " with H = I (plain pruning), not the recorded H");
          return new ProviderMasks.Statement(recorded.mask(), new ObsFisher(own));
        }
      }
      int first = own.firstKey();
      own.put(first, Arrays.stream(identity).map(v -> 2 * v).toArray());
      System.err.println("forged: " + modelId + " compensates Fisher block " + first + " with H = 2·I, not the recorded H = I");
      return new ProviderMasks.Statement(recorded.mask(), new ObsFisher(own));
    }
    ObsMask mask = recorded.mask();
    int[] removed = mask.removed();
    int[] frozen = mask.frozen();
    for (int k = 0; k < removed.length; k++) {
      int block = removed[k] / ObsMask.FISHER_BLOCK;
      for (int d : new int[] {1, -1, 2, -2}) {
        int c = removed[k] + d;
        if (c >= 0 && c < mask.weights() && c / ObsMask.FISHER_BLOCK == block
            && Arrays.binarySearch(removed, c) < 0 && Arrays.binarySearch(frozen, c) < 0) {
          int from = removed[k];
          removed[k] = c;
          Arrays.sort(removed);
          System.err.println("forged: " + modelId + " removes weight " + c + " instead of the recorded " + from);
          return new ProviderMasks.Statement(new ObsMask(mask.weights(), removed, frozen), recorded.fisher());
        }
      }
    }
    throw new IllegalStateException("no removed weight of " + modelId + "'s mask can move");
  }

  @Override
  Map<String, ProofBundle> proven(Map<String, ProofBundle> proofs) {
    switch (forgery) {
      case NO_PROOF -> {
        System.err.println("forged: every proof bundle dropped");
        return Map.of();
      }
      case OTHER_MODEL_PROOF -> {
        // two models proving the same statement kind swap bundles
        List<String> ids = new ArrayList<>(proofs.keySet());
        for (int i = 0; i < ids.size(); i++) {
          for (int j = i + 1; j < ids.size(); j++) {
            ProofBundle a = proofs.get(ids.get(i));
            ProofBundle b = proofs.get(ids.get(j));
            if (a.kind().equals(b.kind())) {
              Map<String, ProofBundle> out = new LinkedHashMap<>(proofs);
              out.put(ids.get(i), b);
              out.put(ids.get(j), a);
              System.err.println("forged: " + ids.get(i) + " and " + ids.get(j) + " carry each other's " + a.kind() + " bundle");
              return out;
            }
          }
        }
        throw new IllegalStateException("no two models prove the same statement kind");
      }
      default -> {
        return proofs;
      }
    }
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ForgedUnlearnRun());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    System.exit(cli.execute(args));
  }
}
