package io.lethe.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a transaction read out of a block is the one its submitter and its endorsers signed, so
 * that the report may rely on its arguments (the request, the proof bundles), its submitter (the
 * timeline's who) and its tx id. The endorsement check verifies the endorsers' signatures over the
 * proposal response; this ties the rest of the transaction to that response, as Fabric's validator
 * does before it marks a transaction valid:
 * <ul>
 *   <li>the proposal hash the endorsers signed is SHA-256(channel header ‖ signature header ‖
 *       chaincode proposal payload) of this transaction (arguments, submitter, tx id, channel);
 *   <li>the tx id is hex(SHA-256(nonce ‖ submitter)), so no other submitter may claim it;
 *   <li>the submitter's signature over the envelope payload verifies under its certificate, which
 *       chains to its org's CA;
 *   <li>at least one endorsement is a trusted peer's signature over the response (for a redaction the
 *       endorsement check requires every committee org's; for the request's other transactions this is the
 *       only check that a peer, which refuses a tx id not derived from the creator, executed it);
 *   <li>the transaction is on the audited channel, and the endorsers signed results of the chaincode
 *       the proposal invoked;
 *   <li>the block's data hash is SHA-256 of its transactions (a transaction moved into another
 *       block, or a block edited after it was fetched, does not keep it), and each data entry is
 *       exactly one envelope (Fabric's {@code VerifyTransactionsAreWellFormed}: entries regrouped
 *       under the same hash do not pass);
 *   <li>the ordering service signed the block's header (number, previous hash, data hash) as the
 *       channel's BlockValidation policy requires ({@link BlockSignatures}): the block is one the
 *       orderers cut, not one a peer or the evidence's editor assembled.
 * </ul>
 * The block's validation codes are the serving peer's verdict: the TRANSACTIONS_FILTER metadata is
 * written by each committing peer and signed by no orderer. The auditor reads blocks through its own
 * org's peer.
 */
public final class TransactionBinding {
  private TransactionBinding() {}

  /** What does not bind {@code t} to its signatures, in words; empty when everything does. */
  public static List<String> problems(LedgerTransaction t, String channel, OrgCas cas) {
    List<String> out = new ArrayList<>();
    LedgerTransaction.Binding b = t.binding();
    if (!channel.equals(b.channel())) {
      out.add("it is on channel '" + b.channel() + "', not the audited channel '" + channel + "'");
    }
    if (t.proposalResponsePayload().length == 0) {
      out.add("it carries no chaincode action (nothing was invoked or endorsed)");
    } else if (b.chaincode().isEmpty() || !b.chaincode().equals(b.endorsedChaincode())) {
      out.add("the endorsers signed results of chaincode '" + b.endorsedChaincode() + "', the proposal invoked '"
          + b.chaincode() + "'");
    }
    if (!b.proposalHashMatches()) {
      out.add("the proposal hash its endorsers signed is not that of its header and arguments (arguments,"
          + " submitter or tx id other than endorsed)");
    }
    if (!b.txIdDerivedFromCreator()) {
      out.add("its tx id is not SHA-256(nonce ‖ submitter) (Fabric's rule): the id of another submitter's"
          + " transaction");
    }
    if (!endorsedByAPeer(t, cas)) {
      // the proposal hash binds the header to the response only if a peer signed that response: without it,
      // any user of a trusted CA may re-sign another's transaction (its tx id) with a response it made itself
      out.add("no endorsement of its response verifies under a peer certificate (OU=peer) of a trusted org's CA:"
          + " nothing ties its arguments, submitter and tx id to what a peer executed");
    }
    String creatorProblem = cas.problem(t.creator().mspId(), t.creator().certificate());
    if (creatorProblem != null) {
      out.add("its submitter: " + creatorProblem);
    } else if (!signedByCreator(t)) {
      out.add("the submitter's signature over the transaction does not verify under its certificate");
    }
    if (!b.blockDataHashMatches()) {
      out.add("block " + t.block() + "'s data hash does not cover its transactions");
    }
    if (!b.blockDataProblem().isEmpty()) {
      out.add("block " + t.block() + "'s data is malformed (a Fabric peer rejects the block): " + b.blockDataProblem());
    }
    BlockSignatures.Result ordered = BlockSignatures.check(b.blockHeader(), b.ordererSignatures(), channel, cas);
    if (!ordered.ok()) {
      out.add("block " + t.block() + " is not signed by the ordering service: " + ordered.reason());
    }
    return out;
  }

  /** Whether at least one endorsement of {@code t} is a trusted peer's signature over its proposal response. */
  private static boolean endorsedByAPeer(LedgerTransaction t, OrgCas cas) {
    for (LedgerTransaction.Endorsement e : t.endorsements()) {
      if (cas.problem(e.endorser().mspId(), e.endorser().certificate()) == null
          && EndorsementAudit.isPeer(e.endorser().certificate()) && EndorsementAudit.signatureValid(t, e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean signedByCreator(LedgerTransaction t) {
    return FabricSignatures.verifies(t.creator().certificate().getPublicKey(), t.binding().envelopeSignature(),
        t.binding().envelopePayload());
  }

}
