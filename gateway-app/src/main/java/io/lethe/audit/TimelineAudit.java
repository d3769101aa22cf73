package io.lethe.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Check {@code timeline}: the request's transactions (opening, each redaction) as the blocks
 * that hold them record them: tx id, block number, time, submitter; passes when each was
 * found in a block and committed valid.
 */
public final class TimelineAudit {
  public static final String NAME = "timeline";

  private TimelineAudit() {}

  public record Entry(String fabricTxId, String function, long block, String time, int validationCode,
      String creatorMsp, String creator) {}

  public record Evidence(List<Entry> transactions, List<String> missing) {}

  public static CheckResult check(List<LedgerTransaction> txs, List<String> missing) {
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LedgerTransaction t : LedgerTransaction.inOrder(txs)) {
      entries.add(new Entry(t.fabricTxId(), t.function(), t.block(), t.timestamp().toString(), t.validationCode(),
          t.creator().mspId(), t.creator().subject()));
      if (!t.valid()) {
        problems.add(t.fabricTxId() + " (" + t.function() + ") was committed with validation code " + t.validationCode());
      }
    }
    for (String m : missing) {
      problems.add(m);
    }
    Evidence ev = new Evidence(entries, List.copyOf(missing));
    if (!problems.isEmpty()) {
      return CheckResult.fail(NAME, String.join("; ", problems), ev);
    }
    return CheckResult.pass(NAME, txs.size() + " transaction(s) of the request, each in a block and valid", ev);
  }
}
