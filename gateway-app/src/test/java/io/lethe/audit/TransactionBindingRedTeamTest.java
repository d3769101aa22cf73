package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the timeline's binding of transactions that are not redactions (the request's
 * opening, the provider's RecordMask): the endorsement check looks only at redactions, so the
 * proposal hash of these binds their header to a response no one checked was endorsed. A user of
 * a trusted CA (not the request's owner) re-signs the owner's opening transaction as its own,
 * with a response it made itself, and a lying peer serves it under the owner's tx id.
 */
class TransactionBindingRedTeamTest {
  private OrgCas cas;
  private TestBlocks.Party owner;
  private TestBlocks.Party insider;
  private TestBlocks.Party[] peers;

  @BeforeEach
  void setUp() throws Exception {
    Map<String, java.security.cert.X509Certificate> roots = new java.util.HashMap<>();
    peers = new TestBlocks.Party[3];
    for (int i = 0; i < 3; i++) {
      String org = "committee" + (i + 1);
      AuditFixtures.Pki p = AuditFixtures.pki(org, "OU=peer,CN=peer0." + org + ".test");
      peers[i] = TestBlocks.Party.of("Committee" + (i + 1) + "MSP", p);
      roots.put("Committee" + (i + 1) + "MSP", p.ca());
    }
    AuditFixtures.Pki users = AuditFixtures.pki("users", "OU=client,CN=Owner@users.test");
    roots.put("UsersMSP", users.ca());
    cas = OrgCas.of(roots);
    owner = TestBlocks.Party.of("UsersMSP", users);
    // another user of the same CA: the insider (its own key, no one's forged)
    AuditFixtures.Pki other = AuditFixtures.pki("users", "OU=client,CN=Mallory@users.test");
    java.util.Date from = new java.util.Date(System.currentTimeMillis() - 60_000);
    java.util.Date to = new java.util.Date(System.currentTimeMillis() + 86_400_000L);
    java.security.cert.X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .getCertificate(new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
            new org.bouncycastle.asn1.x500.X500Name(users.ca().getSubjectX500Principal().getName()),
            java.math.BigInteger.valueOf(11), from, to,
            new org.bouncycastle.asn1.x500.X500Name("OU=client,CN=Mallory@users.test"), other.leafKeys().getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .build(users.caKeys().getPrivate())));
    insider = new TestBlocks.Party("UsersMSP", cert, other.leafKeys().getPrivate());
  }

  /**
   * {@code block}'s transaction re-made by {@code signer}: its signature header, a response whose proposal
   * hash the signer computed over the new header (nothing else in it changed), the endorsements given,
   * the envelope signed by the signer, the block's data hash recomputed.
   */
  private static byte[] claimedBy(byte[] block, TestBlocks.Party signer, boolean keepEndorsements) throws Exception {
    Block b = Block.parseFrom(block);
    Payload p = Payload.parseFrom(Envelope.parseFrom(b.getData().getData(0)).getPayload());
    ByteString shdr = Payload.parseFrom(Envelope.parseFrom(Block.parseFrom(TestBlocks.block("x", "OpenRequest", 0,
        signer)).getData().getData(0)).getPayload()).getHeader().getSignatureHeader();
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
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(signer.key());
    s.update(forged.toByteArray());
    ByteString env = Envelope.newBuilder().setPayload(forged.toByteString()).setSignature(ByteString.copyFrom(s.sign()))
        .build().toByteString();
    return b.toBuilder().setHeader(b.getHeader().toBuilder().setDataHash(ByteString.copyFrom(TestBlocks.sha256(env))))
        .setData(b.getData().toBuilder().setData(0, env)).build().toByteArray();
  }

  private CheckResult timeline(byte[] block) {
    return TimelineAudit.check(List.of(LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block))), List.of(), "lethe", cas);
  }

  @Test
  void theOwnersOpeningPasses() throws Exception {
    CheckResult r = timeline(TestBlocks.block("tx1", "OpenRequest", 0, owner, peers));
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Test
  void anInsiderClaimingTheOwnersOpeningWithoutEndorsementsFails() throws Exception {
    byte[] block = claimedBy(TestBlocks.block("tx1", "OpenRequest", 0, owner, peers), insider, false);
    LedgerTransaction t = LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block));
    assertTrue(t.creator().subject().contains("Mallory") && t.endorsements().isEmpty(), t.creator().subject());
    CheckResult r = timeline(block);
    assertEquals(Verdict.FAIL, r.verdict(), "the timeline names Mallory as the opener: " + r.reason());
    assertTrue(r.reason().contains("no endorsement"), r.reason());
  }

  @Test
  void anInsiderClaimingTheOwnersOpeningUnderItsOldEndorsementsFails() throws Exception {
    byte[] block = claimedBy(TestBlocks.block("tx1", "OpenRequest", 0, owner, peers), insider, true);
    CheckResult r = timeline(block);
    assertEquals(Verdict.FAIL, r.verdict(), "the endorsements no longer verify, unchecked: " + r.reason());
    assertTrue(r.reason().contains("no endorsement"), r.reason());
  }

  @Test
  void anUnendorsedTransactionFails() throws Exception {
    // the owner's own transaction as it was signed, but no peer endorsed it (Fabric: ENDORSEMENT_POLICY_FAILURE)
    CheckResult r = timeline(TestBlocks.block("tx1", "RecordMask", 0, owner));
    assertEquals(Verdict.FAIL, r.verdict(), r.reason());
    assertTrue(r.reason().contains("no endorsement"), r.reason());
  }
}
