package io.lethe.contracts.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lethe.attack.Base;
import io.lethe.attack.Call;
import io.lethe.contracts.fuzz.FuzzLedger.Proposal;
import io.lethe.contracts.ledger.LedgerFixture;
import io.lethe.ledger.Orgs;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzed governance approvals that must not count (issue 14: forged or replayed approvals),
 * against the proposals waiting on {@link FuzzLedger}: a key takeover and the early close of
 * r-open. Afterwards the genuine approvals are still endorsed, and one executes.
 */
@AddLifecycleHook(FuzzTries.class)
@PropertyDefaults(shrinking = ShrinkingMode.OFF)
class GovernanceApprovalFuzzTest {
  private final FuzzLedger ledger = new FuzzLedger();

  @Property
  void forgedApprovals(@ForAll ForgedApproval m, @ForAll Random random) {
    RefusedUnchanged.check(ledger, InMemoryClass.FORGED_APPROVAL, m, Base.of(ledger, 1, false, FuzzLedger.COMMITTEE),
        random);
  }

  @AfterProperty
  void theGenuineApprovalsStillCount() {
    if (ledger.broken) {
      return; // the property already failed with the attempt that broke it
    }
    for (String id : new String[] {FuzzLedger.PENDING_ROTATION, FuzzLedger.PENDING_CLOSE}) {
      Proposal p = ledger.proposal(id);
      for (String org : Orgs.COMMITTEE) {
        if (!org.equals(p.proposerMsp())) {
          ledger.endorse(approval(p, org));
        }
      }
    }
    Proposal close = ledger.proposal(FuzzLedger.PENDING_CLOSE);
    String done = ledger.run(approval(close, Orgs.COMMITTEE2));
    assertEquals("EXECUTED", LedgerFixture.json(done).get("status").asText());
    assertEquals("CLOSED", LedgerFixture.json(ledger.f.query(Orgs.USERS,
        ctx -> ledger.f.live.GetRequest(ctx, FuzzLedger.OPEN))).get("status").asText());
  }

  private Call approval(Proposal p, String org) {
    return new Call(ForgedApproval.identity(org, "admin", "admin"), "Governance", "Approve", Orgs.COMMITTEE, null,
        List.of(p.id(), p.actionHash()));
  }

  @AfterContainer
  static void report() {
    System.out.println(FuzzTally.table());
    FuzzTally.assertEveryMutationRan();
  }
}
