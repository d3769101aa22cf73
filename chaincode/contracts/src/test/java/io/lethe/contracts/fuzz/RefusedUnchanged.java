package io.lethe.contracts.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.lethe.attack.Attempt;
import io.lethe.attack.Base;
import io.lethe.attack.Mutation;
import io.lethe.contracts.Check;
import io.lethe.contracts.testing.InMemoryPeer.EndorsementPolicyFailure;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The check every fuzzed attempt must pass: refused with the error code its mutation targets
 * (or ENDORSEMENT_POLICY_FAILURE at commit), and the peer byte-identical afterwards (world
 * state, every collection's values and hashes, key-level policies, committed transactions).
 */
final class RefusedUnchanged {
  private RefusedUnchanged() {}

  static void check(FuzzLedger ledger, InMemoryClass cls, Mutation m, Base base, java.util.Random random) {
    FuzzLedger.Snapshot before = ledger.snapshot();
    long start = System.nanoTime();
    Attempt a = m.apply(base, random);
    Throwable thrown = null;
    try {
      ledger.run(a.call());
    } catch (RuntimeException e) {
      thrown = e;
    }
    FuzzTally.record(cls, m, a, System.nanoTime() - start);
    String where = cls + "/" + m.name() + " (expected " + a.expected() + "): " + a.detail();
    String diff = before.differenceTo(ledger.snapshot());
    if (thrown == null || diff != null) {
      ledger.broken = true;
    }
    if (thrown == null) {
      FuzzTally.accepted();
      fail("ACCEPTED an invalid attempt " + where + (diff == null ? "" : "; state changed: " + diff));
    }
    if (diff != null) {
      FuzzTally.changedState();
      fail("refused (" + thrown + ") but the state changed: " + diff + " — " + where);
    }
    String got = outcome(thrown);
    if (!got.equals(a.expected())) {
      FuzzTally.wrongRefusal();
      throw new AssertionError("refused with " + got + " instead of " + a.expected() + " (" + thrown.getMessage() + ") — "
          + where, thrown);
    }
    // Fabric's gateway returns the message in gRPC trailers: an unbounded echo of the input
    // reaches a real client as INTERNAL, without the code (the network fuzz run found it).
    if (thrown.getMessage() != null && thrown.getMessage().length() > Check.MAX_MESSAGE_CHARS + 64) {
      throw new AssertionError("refusal message of " + thrown.getMessage().length() + " characters (at most "
          + Check.MAX_MESSAGE_CHARS + " fit a client's trailers) — " + where);
    }
  }

  private static String outcome(Throwable t) {
    if (t instanceof EndorsementPolicyFailure) {
      return "ENDORSEMENT_POLICY_FAILURE";
    }
    if (t instanceof ChaincodeException ce && ce.getPayload() != null) {
      return new String(ce.getPayload(), StandardCharsets.UTF_8);
    }
    return "no error code: " + t.getClass().getName();
  }
}
