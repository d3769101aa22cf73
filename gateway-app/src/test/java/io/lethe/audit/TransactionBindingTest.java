package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The timeline's binding of each transaction to its signatures ({@link TransactionBinding}). Blocks
 * recorded from a real network bind (Fabric's own proposal hash, creator signature and data hash:
 * the known answer); then a forger who holds the block bytes — a lying peer, or whoever edits the
 * evidence folder — rewrites the arguments, the submitter, the channel or the block around
 * endorsements it cannot forge, and the timeline check fails naming what does not bind, while
 * the endorsement check alone would still pass.
 */
class TransactionBindingTest {
  private OrgCas cas;
  private TestBlocks.Party user;
  private TestBlocks.Party otherUser;
  private TestBlocks.Party[] peers;

  @BeforeEach
  void setUp() throws Exception {
    AuditFixtures.TestNetwork net = AuditFixtures.testNetwork("OU=client,CN=User1@users.test");
    cas = net.cas();
    peers = net.peers();
    user = net.user();
    otherUser = net.anotherUser("OU=client,CN=User2@users.test");
  }

  private byte[] honest() throws Exception {
    return TestBlocks.block("tx1", "RedactBatch", 0, user, peers);
  }

  private CheckResult timeline(byte[] block) {
    return TimelineAudit.check(List.of(LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block))), List.of(),
        "lethe", cas);
  }

  private CheckResult endorsements(byte[] block) {
    return EndorsementAudit.check(List.of(LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block))), cas);
  }

  /**
   * The block with its one transaction's payload edited by {@code edit}, the envelope signed again by
   * {@code signer} and the data hash recomputed: only what {@code edit} changed can fail.
   */
  private static byte[] forged(byte[] block, UnaryOperator<Payload> edit, TestBlocks.Party signer) throws Exception {
    return TestBlocks.withPayload(block, edit.apply(TestBlocks.payloadOf(block)), signer);
  }

  /** {@code payload} with the chaincode arguments replaced by {@code args}. */
  private static Payload withArgs(Payload payload, String... args) {
    try {
      Transaction tx = Transaction.parseFrom(payload.getData());
      ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
      ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(cap.getChaincodeProposalPayload());
      ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(cpp.getInput());
      var input = spec.getChaincodeSpec().getInput().toBuilder().clearArgs();
      for (String a : args) {
        input.addArgs(ByteString.copyFromUtf8(a));
      }
      spec = spec.toBuilder().setChaincodeSpec(spec.getChaincodeSpec().toBuilder().setInput(input)).build();
      cap = cap.toBuilder().setChaincodeProposalPayload(cpp.toBuilder().setInput(spec.toByteString()).build()
          .toByteString()).build();
      tx = tx.toBuilder().setActions(0, tx.getActions(0).toBuilder().setPayload(cap.toByteString())).build();
      return payload.toBuilder().setData(tx.toByteString()).build();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertFailsWith(CheckResult r, String words) {
    assertEquals(Verdict.FAIL, r.verdict(), r.reason());
    assertTrue(r.reason().contains(words), r.reason());
  }

  @Test
  void blocksRecordedFromARealNetworkBind() throws Exception {
    // their orderer signature is the test orderer's (AuditFixtures.block); BlockSignaturesTest checks the recorded one
    OrgCas real = AuditFixtures.cas(AuditFixtures.pki("auditor").ca());
    JsonTxs txs = JsonTxs.of(AuditFixtures.json("request.json"));
    assertEquals(2, txs.ids().size());
    for (String tx : txs.ids()) {
      LedgerTransaction t = LedgerTransaction.fromBlock(AuditFixtures.block(tx), tx);
      assertEquals(List.of(), TransactionBinding.problems(t, "lethe", real), tx);
      assertTrue(t.binding().proposalHashMatches() && t.binding().blockDataHashMatches()
          && t.binding().txIdDerivedFromCreator(), tx);
      assertEquals("lethe", t.binding().chaincode());
    }
  }

  @Test
  void anHonestTransactionPasses() throws Exception {
    CheckResult r = timeline(honest());
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Test
  void argumentsRewrittenUnderTheSameEndorsementsFail() throws Exception {
    byte[] block = forged(honest(), p -> withArgs(p, "LiveLedger:RedactBatch", "{\"request\":\"forged\"}"), user);
    assertEquals(Verdict.PASS, endorsements(block).verdict(), "the endorsements alone do not see it");
    assertFailsWith(timeline(block), "arguments, submitter or tx id other than endorsed");
  }

  @Test
  void anotherSubmitterClaimedUnderTheSameEndorsementsFails() throws Exception {
    ByteString other = Payload.parseFrom(Envelope.parseFrom(Block.parseFrom(TestBlocks.block("tx1", "RedactBatch", 0,
        otherUser, peers)).getData().getData(0)).getPayload()).getHeader().getSignatureHeader();
    byte[] block = forged(honest(), p -> p.toBuilder().setHeader(p.getHeader().toBuilder().setSignatureHeader(other))
        .build(), otherUser);
    LedgerTransaction t = LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block));
    assertTrue(t.creator().subject().contains("User2"), "the forged block names the other user");
    assertFailsWith(timeline(block), "arguments, submitter or tx id other than endorsed");
    assertFailsWith(timeline(block), "its tx id is not SHA-256(nonce ‖ submitter)");
  }

  @Test
  void anEnvelopeNotSignedByItsSubmitterFails() throws Exception {
    byte[] block = forged(honest(), p -> p, otherUser);
    assertFailsWith(timeline(block), "the submitter's signature over the transaction does not verify");
  }

  @Test
  void aSubmitterOutsideTheTrustedCasFails() throws Exception {
    TestBlocks.Party stranger = TestBlocks.Party.of("UsersMSP", AuditFixtures.pki("users", "OU=client,CN=User1@users.test"));
    assertFailsWith(timeline(TestBlocks.block("tx1", "RedactBatch", 0, stranger, peers)),
        "its submitter: certificate");
  }

  @Test
  void aTransactionOfAnotherChannelFails() throws Exception {
    byte[] block = TestBlocks.block("tx1", "RedactBatch", 0, user, "lethe-staging", peers);
    assertEquals(Verdict.PASS, endorsements(block).verdict(), "the endorsements alone do not see it");
    assertFailsWith(timeline(block), "not the audited channel 'lethe'");
  }

  @Test
  void aTransactionWithoutAChaincodeActionFails() throws Exception {
    byte[] block = forged(honest(), p -> p.toBuilder().setData(Transaction.getDefaultInstance().toByteString()).build(),
        user);
    assertFailsWith(timeline(block), "carries no chaincode action");
  }

  @Test
  void aBlockWhoseDataHashDoesNotCoverItFails() throws Exception {
    Block b = Block.parseFrom(honest());
    byte[] block = b.toBuilder().setHeader(b.getHeader().toBuilder().setDataHash(ByteString.copyFrom(new byte[32])))
        .build().toByteArray();
    assertFailsWith(timeline(block), "data hash does not cover its transactions");
  }

  @Test
  void theForgersEditsOfARealBlockFail() throws Exception {
    OrgCas real = AuditFixtures.cas(AuditFixtures.pki("auditor").ca());
    String tx = JsonTxs.of(AuditFixtures.json("request.json")).ids().get(1);
    byte[] block = AuditFixtures.block(tx);
    // a byte of the arguments changed, the block's data hash recomputed (an edited evidence folder)
    Block b = Block.parseFrom(block);
    int i = 0;
    while (!Payload.parseFrom(Envelope.parseFrom(b.getData().getData(i)).getPayload()).getHeader().getChannelHeader()
        .toStringUtf8().contains(tx)) {
      i++;
    }
    Envelope env = Envelope.parseFrom(b.getData().getData(i));
    Payload p = withArgs(Payload.parseFrom(env.getPayload()), "LiveLedger:RedactBatch", "{}");
    ByteString edited = env.toBuilder().setPayload(p.toByteString()).build().toByteString();
    BlockDataEdit edit = new BlockDataEdit(b, i, edited);
    LedgerTransaction t = LedgerTransaction.fromBlock(edit.withDataHash(), tx);
    List<String> problems = TransactionBinding.problems(t, "lethe", real);
    assertTrue(problems.stream().anyMatch(s -> s.contains("other than endorsed")), problems.toString());
    assertTrue(problems.stream().anyMatch(s -> s.contains("signature over the transaction does not verify")),
        problems.toString());
    t = LedgerTransaction.fromBlock(edit.withoutDataHash(), tx);
    assertTrue(TransactionBinding.problems(t, "lethe", real).stream().anyMatch(s -> s.contains("data hash")));
  }

  /** The tx ids of a request record: the one that opened it and those of its changes. */
  private record JsonTxs(List<String> ids) {
    static JsonTxs of(com.fasterxml.jackson.databind.JsonNode request) {
      java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
      ids.add(request.get("openedIn").asText());
      request.get("changes").forEach(c -> ids.add(c.get("fabricTxId").asText()));
      return new JsonTxs(List.copyOf(ids));
    }
  }

  /** Block {@code b} with data item {@code index} replaced, its header's data hash recomputed or left as it was. */
  private record BlockDataEdit(Block b, int index, ByteString item) {
    byte[] withoutDataHash() {
      return b.toBuilder().setData(b.getData().toBuilder().setData(index, item)).build().toByteArray();
    }

    byte[] withDataHash() throws Exception {
      Block edited = Block.parseFrom(withoutDataHash());
      return edited.toBuilder().setHeader(edited.getHeader().toBuilder().setDataHash(ByteString.copyFrom(
          TestBlocks.sha256(edited.getData().getDataList().toArray(new ByteString[0]))))).build().toByteArray();
    }
  }

  /**
   * Attacks (found by a red-team review) on the binding of transactions that are not redactions (the
   * request's opening, the provider's RecordMask): the endorsement check looks only at redactions, so
   * without a peer's endorsement the proposal hash binds their header to a response no one signed. A user of
   * a trusted CA (not the request's owner) re-signs the owner's opening transaction as its own,
   * with a response it made itself, and a lying peer serves it under the owner's tx id.
   */
  @Nested
  class NonRedactions {
    /**
     * {@code block}'s transaction re-made by {@code signer}: its signature header, a response whose proposal
     * hash the signer computed over the new header (nothing else in it changed), the endorsements given,
     * the envelope signed by the signer, the block's data hash recomputed.
     */
    private static byte[] claimedBy(byte[] block, TestBlocks.Party signer, boolean keepEndorsements) throws Exception {
      Payload p = TestBlocks.payloadOf(block);
      ByteString shdr = TestBlocks.payloadOf(TestBlocks.block("x", "OpenRequest", 0, signer)).getHeader()
          .getSignatureHeader();
      Transaction tx = Transaction.parseFrom(p.getData());
      ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
      ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload());
      prp = prp.toBuilder().setProposalHash(ByteString.copyFrom(TestBlocks.sha256(p.getHeader().getChannelHeader(), shdr,
          cap.getChaincodeProposalPayload()))).build();
      ChaincodeEndorsedAction.Builder action = cap.getAction().toBuilder().setProposalResponsePayload(prp.toByteString());
      if (!keepEndorsements) {
        action.clearEndorsements();
      }
      cap = cap.toBuilder().setAction(action).build();
      tx = tx.toBuilder().setActions(0, tx.getActions(0).toBuilder().setHeader(shdr).setPayload(cap.toByteString()))
          .build();
      Payload forged = p.toBuilder().setHeader(p.getHeader().toBuilder().setSignatureHeader(shdr))
          .setData(tx.toByteString()).build();
      return TestBlocks.withPayload(block, forged, signer);
    }

    @Test
    void theOwnersOpeningPasses() throws Exception {
      CheckResult r = timeline(TestBlocks.block("tx1", "OpenRequest", 0, user, peers));
      assertEquals(Verdict.PASS, r.verdict(), r.reason());
    }

    @Test
    void anInsiderClaimingTheOwnersOpeningWithoutEndorsementsFails() throws Exception {
      byte[] block = claimedBy(TestBlocks.block("tx1", "OpenRequest", 0, user, peers), otherUser, false);
      LedgerTransaction t = LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block));
      assertTrue(t.creator().subject().contains("User2") && t.endorsements().isEmpty(), t.creator().subject());
      CheckResult r = timeline(block);
      assertEquals(Verdict.FAIL, r.verdict(), "the timeline names User2 as the opener: " + r.reason());
      assertTrue(r.reason().contains("no endorsement"), r.reason());
    }

    @Test
    void anInsiderClaimingTheOwnersOpeningUnderItsOldEndorsementsFails() throws Exception {
      byte[] block = claimedBy(TestBlocks.block("tx1", "OpenRequest", 0, user, peers), otherUser, true);
      CheckResult r = timeline(block);
      assertEquals(Verdict.FAIL, r.verdict(), "the endorsements no longer verify, unchecked: " + r.reason());
      assertTrue(r.reason().contains("no endorsement"), r.reason());
    }

    @Test
    void anUnendorsedTransactionFails() throws Exception {
      // the user's own transaction as it was signed, but no peer endorsed it (Fabric: ENDORSEMENT_POLICY_FAILURE)
      CheckResult r = timeline(TestBlocks.block("tx1", "RecordMask", 0, user));
      assertEquals(Verdict.FAIL, r.verdict(), r.reason());
      assertTrue(r.reason().contains("no endorsement"), r.reason());
    }
  }
}
