package io.lethe.contracts.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.attack.AttackClass;
import io.lethe.attack.Base;
import io.lethe.attack.ChangedRefs;
import io.lethe.attack.ClosedOrForeignRequest;
import io.lethe.attack.ForgedRandomness;
import io.lethe.attack.FuzzFixture;
import io.lethe.attack.MalformedEncoding;
import io.lethe.attack.MalformedInput;
import io.lethe.attack.Mutation;
import io.lethe.attack.OutsideCascade;
import io.lethe.attack.OversizedInput;
import io.lethe.attack.ReplayOrDuplicate;
import io.lethe.attack.Rollback;
import io.lethe.attack.SequentialOrder;
import io.lethe.attack.UnauthorisedCaller;
import io.lethe.attack.WrongKey;
import io.lethe.attack.WrongVersion;
import io.lethe.contracts.ledger.LedgerFixture;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzed invalid redactions against the contracts on the in-memory peer (issue 14), made by the
 * generators of chaincode/attack ({@code io.lethe.attack}, the same ones {@code lethe ledger
 * fuzz} submits to a real network) plus {@link ForeignIdentity}. Each
 * property builds the valid ledger of {@link FuzzLedger} once; each try takes one of the
 * committee's valid redactions of it (any non-empty subset of r-open's cascade, by RedactBatch
 * or RedactOne), applies one mutation of its attack class, and checks that the attempt is
 * refused for that reason with nothing changed. After each property every valid redaction the
 * tries started from is endorsed by the chaincode as it is, and one is committed: the mutation,
 * not the setup, caused every refusal. Tries: {@link FuzzTries}.
 */
@AddLifecycleHook(FuzzTries.class)
@PropertyDefaults(shrinking = ShrinkingMode.OFF)
class RedactionFuzzTest {
  private final FuzzLedger ledger = new FuzzLedger();

  private void attack(AttackClass cls, Mutation m, int mask, boolean one, Random random) {
    attack(InMemoryClass.of(cls), m, mask, one, random);
  }

  private void attack(InMemoryClass cls, Mutation m, int mask, boolean one, Random random) {
    RefusedUnchanged.check(ledger, cls, m, Base.of(ledger, mask, one, FuzzLedger.COMMITTEE), random);
  }

  @Property
  void forgedRandomness(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll ForgedRandomness m, @ForAll Random random) {
    attack(AttackClass.FORGED_RANDOMNESS, m, mask, one, random);
  }

  @Property
  void malformedEncodings(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll MalformedEncoding m, @ForAll Random random) {
    attack(AttackClass.MALFORMED_ENCODING, m, mask, one, random);
  }

  @Property
  void wrongKey(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll WrongKey m, @ForAll Random random) {
    attack(AttackClass.WRONG_KEY, m, mask, one, random);
  }

  @Property
  void changedRefs(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll ChangedRefs m, @ForAll Random random) {
    attack(AttackClass.CHANGED_REFS, m, mask, one, random);
  }

  @Property
  void wrongVersion(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll WrongVersion m, @ForAll Random random) {
    attack(AttackClass.WRONG_VERSION, m, mask, one, random);
  }

  @Property
  void rollback(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll Rollback m, @ForAll Random random) {
    attack(AttackClass.ROLLBACK, m, mask, one, random);
  }

  @Property
  void outsideCascade(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll OutsideCascade m, @ForAll Random random) {
    attack(AttackClass.OUTSIDE_CASCADE, m, mask, one, random);
  }

  @Property
  void closedOrForeignRequest(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll ClosedOrForeignRequest m, @ForAll Random random) {
    attack(AttackClass.CLOSED_OR_FOREIGN_REQUEST, m, mask, one, random);
  }

  @Property
  void unauthorisedCaller(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll UnauthorisedCaller m, @ForAll Random random) {
    attack(AttackClass.UNAUTHORISED_CALLER, m, mask, one, random);
  }

  @Property
  void malformedInput(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll MalformedInput m, @ForAll Random random) {
    attack(AttackClass.MALFORMED_INPUT, m, mask, one, random);
  }

  @Property
  void oversizedInput(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll OversizedInput m, @ForAll Random random) {
    attack(AttackClass.OVERSIZED_INPUT, m, mask, one, random);
  }

  @Property
  void replayOrDuplicate(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll ReplayOrDuplicate m, @ForAll Random random) {
    attack(AttackClass.REPLAY_OR_DUPLICATE, m, mask, one, random);
  }

  @Property
  void foreignIdentity(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll ForeignIdentity m, @ForAll Random random) {
    attack(InMemoryClass.FOREIGN_IDENTITY, m, mask, one, random);
  }

  @Property
  void sequentialOrder(@ForAll @IntRange(min = 1, max = 63) int mask, @ForAll boolean one,
      @ForAll SequentialOrder m, @ForAll Random random) {
    attack(AttackClass.SEQUENTIAL_ORDER, m, mask, one, random);
  }

  /** Every valid redaction an attempt was derived from is still endorsed; the whole cascade then commits. */
  @AfterProperty
  void theValidRedactionsStillGoThrough() {
    if (ledger.broken) {
      return; // the property already failed with the attempt that broke it
    }
    for (List<String> names : List.copyOf(ledger.usedBases())) {
      byte[] json = Json.bytes(ledger.valid(names));
      ledger.endorse(FuzzLedger.committeeCall(json, "RedactBatch"));
      if (names.size() == 1) {
        ledger.endorse(FuzzLedger.committeeCall(json, "RedactOne"));
      }
    }
    // the sequential request's next model, by RedactOne, is still endorsed
    ledger.endorse(FuzzLedger.committeeCall(Json.bytes(ledger.redaction(FuzzLedger.SEQUENTIAL, List.of("s2"),
        FuzzFixture.TAG)), "RedactOne"));
    JsonNode done = LedgerFixture.json(ledger.run(FuzzLedger.committeeCall(Json.bytes(ledger.valid(FuzzFixture.CASCADE)),
        "RedactBatch")));
    assertEquals("CLOSED", done.get("requestStatus").asText(), done.toString());
    LedgerFixture f = ledger.f;
    assertTrue(LedgerFixture.json(f.query(Orgs.USERS, f.live::VerifyChain)).get("valid").asBoolean());
    assertTrue(LedgerFixture.json(f.query(Orgs.AUDITOR, f.archive::VerifyArchive)).get("valid").asBoolean());
  }

  @AfterContainer
  static void report() {
    System.out.println(FuzzTally.table());
    FuzzTally.assertEveryMutationRan();
  }
}
