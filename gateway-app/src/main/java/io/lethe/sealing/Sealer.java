package io.lethe.sealing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.LedgerClient;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Records.PendingPublish;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The network's block sealer (DESIGN §3): polls the pending publishes and submits one
 * {@code SealBlock} over the oldest of them (whole publishes, in seal order, one key epoch per
 * block, at most {@link #MAX_PUBLISHES} publishes and {@link #MAX_MODELS} models), then at once
 * the next, until none is pending. Sealing needs a committee identity but no trapdoor: the
 * header randomness is fresh. Several sealers may run; a lost race is not an error.
 */
public final class Sealer {
  /** The chaincode's bounds (LiveLedger.MAX_SEAL_PUBLISHES, MAX_SEAL_MODELS). */
  public static final int MAX_PUBLISHES = 256;
  public static final int MAX_MODELS = 2048;

  /** What one pass did: publishes and models sealed into {@code height}, or nothing. */
  public record Sealed(long height, int publishes, int models, double millis) {}

  private final LedgerClient ledger;
  private final SecureRandom rnd = new SecureRandom();
  private ChameleonPublicKey key;
  private long racesLost;
  private String lastLoss;

  public Sealer(LedgerClient ledger) {
    this.ledger = ledger;
  }

  /**
   * Seals the oldest pending publishes once. Returns null when none is pending, the committee
   * key is not set yet, or another sealer won the race (the next pass retries).
   */
  public Sealed sealOnce() {
    List<PendingPublish> pending = ledger.pending(MAX_PUBLISHES);
    if (pending.isEmpty()) {
      return null;
    }
    List<Inputs.PendingRef> refs = new ArrayList<>();
    int models = 0;
    for (PendingPublish p : pending) {
      boolean otherEpoch = p.keyIndex() != pending.get(0).keyIndex();
      if (otherEpoch || (!refs.isEmpty() && models + p.txIds().size() > MAX_MODELS)) {
        break;
      }
      refs.add(new Inputs.PendingRef(p.timestamp(), p.fabricTxId()));
      models += p.txIds().size();
    }
    if (key == null) {
      try {
        key = ledger.committeeKey();
      } catch (ChaincodeRefusal e) {
        if (e.code() == ErrorCode.FAILED_PRECONDITION) {
          return null; // no committee key yet: nothing can be published either
        }
        throw e;
      }
    }
    long t0 = System.nanoTime();
    try {
      JsonNode block = ledger.seal(new Inputs.Seal(refs, LedgerRequests.headerRandomness(key, rnd)));
      return new Sealed(block.get("height").asLong(), refs.size(), models, (System.nanoTime() - t0) / 1e6);
    } catch (LedgerClient.SealRaceLost e) {
      lost(e.getMessage());
      return null;
    } catch (ChaincodeRefusal e) {
      if (e.code() == ErrorCode.FAILED_PRECONDITION) {
        lost(e.getMessage()); // sealed meanwhile by another sealer, or an endorser lagged: read the queue again
        return null;
      }
      throw e;
    }
  }

  private void lost(String why) {
    racesLost++;
    lastLoss = why;
  }

  /** Seals until interrupted: at once while publishes are pending, else every {@code idleMillis}. */
  public void run(long idleMillis, Consumer<String> log) throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      Sealed s;
      try {
        s = sealOnce();
      } catch (RuntimeException e) {
        log.accept("seal failed, retrying: " + e.getMessage());
        Thread.sleep(Math.max(idleMillis, 1000));
        continue;
      }
      if (s == null) {
        Thread.sleep(idleMillis);
      } else {
        log.accept(String.format("sealed live block %d: %d models from %d publishes in %.0f ms%s", s.height(), s.models(),
            s.publishes(), s.millis(), racesLost == 0 ? "" : " (" + racesLost + " attempts lost since the last seal; last: "
                + lastLoss + ")"));
        racesLost = 0;
      }
    }
  }
}
