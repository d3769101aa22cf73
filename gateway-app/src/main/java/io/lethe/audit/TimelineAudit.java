package io.lethe.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Check {@code timeline}: the request's transactions (opening, each redaction, the provider's
 * masks) as the blocks that hold them record them: tx id, block number, time, submitter; passes
 * when each was found in a block, committed valid, and is the transaction its submitter and its
 * endorsers signed ({@link TransactionBinding}: what the other checks read out of it — arguments,
 * submitter — is then what was endorsed), in a block the ordering service signed
 * ({@link BlockSignatures}). A failed orderer signature is one of the entry's {@code bindingProblems}.
 */
public final class TimelineAudit {
  public static final String NAME = "timeline";

  private TimelineAudit() {}

  public record Entry(String fabricTxId, String function, long block, String time, int validationCode,
      String creatorMsp, String creator, String chaincode, List<String> bindingProblems) {}

  public record Evidence(List<Entry> transactions, List<String> missing) {}

  /**
   * {@code channel}: the audited channel (the live export's); {@code cas}: the trust anchors of submitters,
   * endorsers and orderers, and the channel's ordering service.
   */
  public static CheckResult check(List<LedgerTransaction> txs, List<String> missing, String channel, OrgCas cas) {
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (LedgerTransaction t : LedgerTransaction.inOrder(txs)) {
      List<String> unbound = TransactionBinding.problems(t, channel, cas);
      entries.add(new Entry(t.fabricTxId(), t.function(), t.block(), t.timestamp().toString(), t.validationCode(),
          t.creator().mspId(), t.creator().subject(), t.binding().chaincode(), unbound));
      if (!t.valid()) {
        problems.add(t.fabricTxId() + " (" + t.function() + ") was committed with validation code " + t.validationCode());
      }
      for (String u : unbound) {
        problems.add(t.fabricTxId() + " (" + t.function() + "): " + u);
      }
    }
    for (String m : missing) {
      problems.add(m);
    }
    Evidence ev = new Evidence(entries, List.copyOf(missing));
    if (!problems.isEmpty()) {
      return CheckResult.fail(NAME, String.join("; ", problems), ev);
    }
    return CheckResult.pass(NAME, txs.size() + " transaction(s) of the request, each in a block, valid, and signed as"
        + " read by its submitter and (through the proposal hash) its endorsers, in a block signed by the ordering service",
        ev);
  }
}
