package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.orderer.ConsensusType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orderers' signatures on a block ({@link BlockSignatures}): the recorded network's real
 * signature verifies over the bytes Fabric signs (the known answer), a block the test orderer
 * signed passes, and each way to serve a block the ordering service did not sign as it stands fails
 * with its reason — on Raft (one orderer-org signature) and on SmartBFT (a quorum of consenters).
 */
class BlockSignaturesTest {
  private OrgCas cas;
  private AuditFixtures.TestNetwork net;
  private byte[] block;

  @BeforeEach
  void setUp() throws Exception {
    net = AuditFixtures.testNetwork("OU=client,CN=User1@users.test");
    cas = net.cas();
    block = TestBlocks.block("tx1", "RedactBatch", 0, net.user(), net.peers());
  }

  private static BlockSignatures.Result check(byte[] block, OrgCas cas) throws Exception {
    LedgerTransaction t = LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block));
    return BlockSignatures.check(t.binding().blockHeader(), t.binding().ordererSignatures(), "lethe", cas);
  }

  private static void assertFailsWith(BlockSignatures.Result r, String words) {
    assertFalse(r.ok(), r.reason());
    assertTrue(r.reason().contains(words), r.reason());
  }

  private static Block parse(byte[] b) throws Exception {
    return Block.parseFrom(b);
  }

  /** {@code block} with {@code header} in place of its own, its orderer signatures left as they were. */
  private static byte[] withHeader(byte[] block, BlockHeader header) throws Exception {
    return parse(block).toBuilder().setHeader(header).build().toByteArray();
  }

  private static Metadata signatures(byte[] block) throws Exception {
    return Metadata.parseFrom(parse(block).getMetadata().getMetadata(0));
  }

  @Test
  void theRecordedOrdererSignatureVerifiesOverTheBytesFabricSigns() throws Exception {
    // known answer: orderer0 of the recorded Raft network signed value ‖ signature header ‖ DER(header);
    // its CA is not on record, so the certificate's own key is the check here
    for (String tx : List.of("c4e43321b69f92a0f6cd49bbe3b4483782fe78ec9c755f1b51473ac0dea3824a",
        "05180c169db5e1f8b835185907aef079c7da53aaddfddfdf6f598d34210ac4bb")) {
      Block b = parse(AuditFixtures.bytes(tx + ".block"));
      Metadata md = Metadata.parseFrom(b.getMetadata().getMetadata(0));
      assertEquals(1, md.getSignaturesCount(), tx);
      MetadataSignature s = md.getSignatures(0);
      SerializedIdentity creator = SerializedIdentity.parseFrom(SignatureHeader.parseFrom(s.getSignatureHeader())
          .getCreator());
      assertEquals("OrdererMSP", creator.getMspid());
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(creator.getIdBytes().toByteArray()));
      assertTrue(cert.getSubjectX500Principal().getName().contains("CN=orderer0.orderer.lethe.local"));
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(cert.getPublicKey());
      v.update(md.getValue().toByteArray());
      v.update(s.getSignatureHeader().toByteArray());
      v.update(BlockSignatures.headerBytes(b.getHeader()));
      assertTrue(v.verify(s.getSignature().toByteArray()), tx);
    }
  }

  @Test
  void theHeaderBytesAreFabricsAsn1() {
    // asn1.Marshal(struct{Number *big.Int; PreviousHash, DataHash []byte}) for number 20, hashes 0x01 and 0x0203
    BlockHeader h = BlockHeader.newBuilder().setNumber(20).setPreviousHash(ByteString.copyFrom(new byte[] {1}))
        .setDataHash(ByteString.copyFrom(new byte[] {2, 3})).build();
    assertEquals("300a020114040101040202 03".replace(" ", ""), HexFormat.of().formatHex(BlockSignatures.headerBytes(h)));
    // number 0 and empty hashes (a genesis-like header): INTEGER 0, two empty OCTET STRINGs
    assertEquals("3007020100040004 00".replace(" ", ""), HexFormat.of().formatHex(BlockSignatures.headerBytes(
        BlockHeader.getDefaultInstance())));
    // a number with the high bit set stays positive (Go's big.Int from a uint64)
    assertEquals("02020080", HexFormat.of().formatHex(BlockSignatures.headerBytes(BlockHeader.newBuilder()
        .setNumber(128).build())).substring(4, 12));
  }

  @Test
  void theRecordedBlockUnderAnotherOrdererCaFails() throws Exception {
    String tx = "c4e43321b69f92a0f6cd49bbe3b4483782fe78ec9c755f1b51473ac0dea3824a";
    LedgerTransaction t = LedgerTransaction.fromBlock(AuditFixtures.bytes(tx + ".block"), tx);
    assertFailsWith(BlockSignatures.check(t.binding().blockHeader(), t.binding().ordererSignatures(), "lethe",
        AuditFixtures.cas(AuditFixtures.pki("auditor").ca())), "does not chain to OrdererMSP's CA");
  }

  @Test
  void aBlockSignedByAnOrdererPasses() throws Exception {
    BlockSignatures.Result r = check(block, cas);
    assertTrue(r.ok(), r.reason());
    assertEquals(1, r.signers());
    assertEquals(1, r.required());
    assertEquals(List.of(), r.problems());
  }

  @Test
  void aBlockWithoutSignaturesFails() throws Exception {
    assertFailsWith(check(TestBlocks.withSignatures(block, TestBlocks.ORDERER_VALUE), cas),
        "the block carries no orderer signature");
    Block b = parse(block);
    byte[] noMetadata = b.toBuilder().setMetadata(b.getMetadata().toBuilder().setMetadata(0, ByteString.EMPTY))
        .build().toByteArray();
    assertFailsWith(check(noMetadata, cas), "the block carries no orderer signature");
  }

  @Test
  void garbageInTheSignatureMetadataIsAReasonNotAnException() throws Exception {
    Block b = parse(block);
    byte[] garbage = b.toBuilder().setMetadata(b.getMetadata().toBuilder().setMetadata(0,
        ByteString.copyFrom(new byte[] {(byte) 0xff, 1, 2}))).build().toByteArray();
    assertFailsWith(check(garbage, cas), "signature metadata does not parse");
    byte[] badHeader = TestBlocks.withSignatures(block, TestBlocks.ORDERER_VALUE, MetadataSignature.newBuilder()
        .setSignatureHeader(ByteString.copyFromUtf8("not a header")).setSignature(ByteString.copyFromUtf8("x")).build());
    assertFailsWith(check(badHeader, cas), "signature header does not parse");
    byte[] badIdHeader = TestBlocks.withSignatures(block, TestBlocks.ORDERER_VALUE, MetadataSignature.newBuilder()
        .setIdentifierHeader(ByteString.copyFrom(new byte[] {(byte) 0xff})).build());
    assertFailsWith(check(badIdHeader, cas), "identifier header does not parse");
  }

  @Test
  void aPeerOrAClientSignatureFails() throws Exception {
    assertFailsWith(check(TestBlocks.ordered(block, net.peers()[0]), cas), "Committee1MSP is not an orderer org");
    assertFailsWith(check(TestBlocks.ordered(block, net.user()), cas), "UsersMSP is not an orderer org");
  }

  @Test
  void aCertificateOfAnotherCaClaimingOrdererMspFails() throws Exception {
    TestBlocks.Party impostor = TestBlocks.Party.of("OrdererMSP", AuditFixtures.pki("orderer",
        "OU=orderer,CN=orderer0.orderer.test"));
    assertFailsWith(check(TestBlocks.ordered(block, impostor), cas), "does not chain to OrdererMSP's CA");
    // a peer of a committee org naming itself OrdererMSP
    TestBlocks.Party peerAsOrderer = new TestBlocks.Party("OrdererMSP", net.peers()[1].cert(), net.peers()[1].key());
    assertFailsWith(check(TestBlocks.ordered(block, peerAsOrderer), cas), "does not chain to OrdererMSP's CA");
  }

  @Test
  void aSignatureReplayedFromAnotherBlockFails() throws Exception {
    byte[] other = TestBlocks.block("tx2", "OpenRequest", 0, net.user(), net.peers());
    Block o = parse(other);
    byte[] numbered = TestBlocks.ordered(withHeader(other, o.getHeader().toBuilder().setNumber(8).build()),
        AuditFixtures.orderer());
    byte[] replayed = TestBlocks.withSignatures(block, TestBlocks.ORDERER_VALUE,
        signatures(numbered).getSignatures(0));
    assertTrue(check(numbered, cas).ok());
    assertFailsWith(check(replayed, cas), "does not verify over this block's header and metadata");
  }

  @Test
  void aHeaderEditedAfterSigningFails() throws Exception {
    BlockHeader h = parse(block).getHeader();
    byte[] dataHash = h.getDataHash().toByteArray();
    dataHash[0] ^= 1;
    byte[] prev = h.getPreviousHash().toByteArray();
    prev[31] ^= 1;
    for (BlockHeader edited : List.of(h.toBuilder().setDataHash(ByteString.copyFrom(dataHash)).build(),
        h.toBuilder().setPreviousHash(ByteString.copyFrom(prev)).build(), h.toBuilder().setNumber(6).build())) {
      assertFailsWith(check(withHeader(block, edited), cas), "does not verify over this block's header and metadata");
    }
  }

  @Test
  void aMetadataValueEditedAfterSigningFails() throws Exception {
    Metadata md = signatures(block);
    byte[] tampered = TestBlocks.withSignatures(block, TestBlocks.ORDERER_VALUE.concat(ByteString.copyFrom(
        new byte[] {0})), md.getSignatures(0));
    assertFailsWith(check(tampered, cas), "does not verify over this block's header and metadata");
  }

  @Test
  void aBadSignatureBesideAGoodOneStillPassesAsFabricsPolicyDoes() throws Exception {
    Metadata md = signatures(block);
    BlockHeader h = parse(block).getHeader();
    byte[] both = TestBlocks.withSignatures(block, md.getValue(), TestBlocks.signedBy(h, md.getValue(),
        net.peers()[0]), md.getSignatures(0));
    BlockSignatures.Result r = check(both, cas);
    assertTrue(r.ok(), r.reason());
    assertEquals(1, r.problems().size(), r.problems().toString());
  }

  @Test
  void theTimelineFailsABlockTheOrderersDidNotSign() throws Exception {
    CheckResult r = TimelineAudit.check(List.of(LedgerTransaction.fromBlock(TestBlocks.ordered(block, net.user()),
        TestBlocks.txIdOf(block))), List.of(), "lethe", cas);
    assertEquals(Verdict.FAIL, r.verdict(), r.reason());
    assertTrue(r.reason().contains("block 7 is not signed by the ordering service: signature 0"), r.reason());
    CheckResult ok = TimelineAudit.check(List.of(LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block))),
        List.of(), "lethe", cas);
    assertEquals(Verdict.PASS, ok.verdict(), ok.reason());
  }

  @Test
  void withoutATrustedOrdererOrgNoBlockPasses() throws Exception {
    assertFailsWith(check(block, OrgCas.of(Map.of()).withChannel(AuditFixtures.raft())), "no orderer CA certificate known for OrdererMSP");
  }

  /** SmartBFT: four consenters of the test orderer org, ids 1..4, named in the channel's config block. */
  @Nested
  class SmartBft {
    private final List<TestBlocks.Party> consenters = new ArrayList<>();
    private OrgCas bft;
    private BlockHeader header;

    @BeforeEach
    void consenters() throws Exception {
      for (int i = 0; i < 4; i++) {
        consenters.add(AuditFixtures.sameCa("OrdererMSP", AuditFixtures.ordererOrg(),
            "OU=orderer,CN=orderer" + i + ".orderer.test"));
      }
      bft = cas.withChannel(OrdererConfig.parse(configBlock("lethe", "BFT", consenters)));
      header = parse(block).getHeader();
    }

    private MetadataSignature by(int id) throws Exception {
      return TestBlocks.signedByConsenter(header, TestBlocks.ORDERER_VALUE, id, consenters.get(id - 1));
    }

    private byte[] signed(MetadataSignature... sigs) throws Exception {
      return TestBlocks.withSignatures(block, TestBlocks.ORDERER_VALUE, sigs);
    }

    @Test
    void theConfigBlockNamesFourConsentersAndAQuorumOfThree() {
      OrdererConfig c = bft.ordererConfig("lethe");
      assertTrue(c.bft());
      assertEquals(List.of(1L, 2L, 3L, 4L), c.consenters().stream().map(OrdererConfig.Consenter::id).toList());
      assertEquals(3, c.quorum());
      assertNull(bft.ordererConfig("another"));
    }

    @Test
    void quorumIsFabricsComputeBftQuorum() {
      int[] expected = {0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7};
      for (int n = 1; n <= 10; n++) {
        List<OrdererConfig.Consenter> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          cs.add(new OrdererConfig.Consenter(i + 1, "OrdererMSP", null));
        }
        assertEquals(expected[n], new OrdererConfig("c", true, cs).quorum(), "n=" + n);
      }
    }

    @Test
    void aQuorumOfConsentersPasses() throws Exception {
      BlockSignatures.Result r = check(signed(by(1), by(2), by(4)), bft);
      assertTrue(r.ok(), r.reason());
      assertEquals(3, r.required());
      assertTrue(check(signed(by(1), by(2), by(3), by(4)), bft).ok());
    }

    @Test
    void twoConsentersAreBelowTheQuorum() throws Exception {
      assertFailsWith(check(signed(by(1), by(3)), bft), "below the SmartBFT quorum of 4 consenters");
    }

    @Test
    void oneConsenterSigningThriceCountsOnce() throws Exception {
      MetadataSignature again = TestBlocks.signedByConsenter(header, TestBlocks.ORDERER_VALUE, 1, consenters.get(0));
      BlockSignatures.Result r = check(signed(by(1), again, by(1), by(2)), bft);
      assertFailsWith(r, "a second signature by consenter 1 (counted once)");
      assertEquals(2, r.signers());
    }

    @Test
    void anUnknownConsenterIdFails() throws Exception {
      MetadataSignature stranger = TestBlocks.signedByConsenter(header, TestBlocks.ORDERER_VALUE, 9, consenters.get(3));
      assertFailsWith(check(signed(by(1), by(2), stranger), bft), "consenter id 9 is not a consenter of the channel");
    }

    @Test
    void aConsenterSigningUnderAnotherIdFails() throws Exception {
      MetadataSignature asThree = TestBlocks.signedByConsenter(header, TestBlocks.ORDERER_VALUE, 3, consenters.get(0));
      assertFailsWith(check(signed(by(1), by(2), asThree), bft), "does not verify");
    }

    @Test
    void aSignatureHeaderCountsOnlyForAConsenter() throws Exception {
      // Fabric's BFT policy is SignedBy(consenter identity): another orderer-org member does not count
      MetadataSignature member = TestBlocks.signedBy(header, TestBlocks.ORDERER_VALUE, AuditFixtures.orderer());
      assertFailsWith(check(signed(by(1), by(2), member), bft), "not a consenter of the channel");
      MetadataSignature consenter3 = TestBlocks.signedBy(header, TestBlocks.ORDERER_VALUE, consenters.get(2));
      assertTrue(check(signed(by(1), by(2), consenter3), bft).ok());
      // the same consenter by id and by signature header is one signer
      MetadataSignature consenter1 = TestBlocks.signedBy(header, TestBlocks.ORDERER_VALUE, consenters.get(0));
      assertFailsWith(check(signed(by(1), by(2), consenter1), bft), "counted once");
    }

    @Test
    void oneRaftStyleSignatureDoesNotPassABftChannel() throws Exception {
      assertFailsWith(check(TestBlocks.ordered(block, consenters.get(0)), bft), "below the SmartBFT quorum");
    }

    @Test
    void consenterIdsWithoutTheChannelsConfigFail() throws Exception {
      assertFailsWith(check(signed(by(1), by(2), by(3)), cas), "names no SmartBFT consenters for this channel");
    }

    @Test
    void aConsenterOutsideTheOrdererCaFails() throws Exception {
      List<TestBlocks.Party> foreign = new ArrayList<>(consenters);
      foreign.set(0, TestBlocks.Party.of("OrdererMSP", AuditFixtures.pki("orderer", "OU=orderer,CN=orderer0.evil")));
      OrgCas evil = cas.withChannel(OrdererConfig.parse(configBlock("lethe", "BFT", foreign)));
      MetadataSignature one = TestBlocks.signedByConsenter(header, TestBlocks.ORDERER_VALUE, 1, foreign.get(0));
      assertFailsWith(check(signed(one, by(2), by(3)), evil), "does not chain to OrdererMSP's CA");
    }

    @Test
    void theNetworkFolderGivesTheCasAndTheConfig(@TempDir Path folder) throws Exception {
      Path peerCa = folder.resolve("crypto/peerOrganizations/committee1.lethe.local/msp/cacerts");
      Path ordererCa = folder.resolve("crypto/ordererOrganizations/orderer.lethe.local/msp/cacerts");
      Files.createDirectories(peerCa);
      Files.createDirectories(ordererCa);
      Files.writeString(peerCa.resolve("ca.pem"), pem(AuditFixtures.pki("committee1").ca()));
      Files.writeString(ordererCa.resolve("ca.pem"), pem(AuditFixtures.ordererOrg().ca()));
      Files.write(folder.resolve("lethe.block"), configBlock("lethe", "BFT", consenters));
      Files.write(folder.resolve("junk.block"), new byte[] {1, 2, 3});
      OrgCas loaded = OrgCas.load(folder);
      assertNotNull(loaded.ordererConfig("lethe"));
      assertNull(loaded.ordererProblem("OrdererMSP", consenters.get(0).cert()));
      assertEquals("Committee1MSP is not an orderer org", loaded.ordererProblem("Committee1MSP",
          consenters.get(0).cert()));
      assertTrue(check(signed(by(1), by(2), by(3)), loaded).ok());
      assertFailsWith(check(signed(by(1), by(2)), loaded), "below the SmartBFT quorum");
    }

    @Test
    void aRaftConfigBlockKeepsTheRaftRule() throws Exception {
      OrgCas raft = cas.withChannel(OrdererConfig.parse(configBlock("lethe", "etcdraft", List.of())));
      assertFalse(raft.ordererConfig("lethe").bft());
      assertTrue(check(block, raft).ok());
      assertFailsWith(check(signed(by(1), by(2), by(3)), raft), "names no SmartBFT consenters");
    }
  }

  private static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  /** A channel config block as configtxgen lays out its orderer part: ConsensusType and, for BFT, Orderers. */
  static byte[] configBlock(String channel, String type, List<TestBlocks.Party> consenters) throws Exception {
    Orderers.Builder mapping = Orderers.newBuilder();
    for (int i = 0; i < consenters.size(); i++) {
      mapping.addConsenterMapping(Consenter.newBuilder().setId(i + 1).setHost("127.0.0.1").setPort(7050 + i)
          .setMspId(consenters.get(i).msp()).setIdentity(ByteString.copyFromUtf8(pem(consenters.get(i).cert()))));
    }
    ConfigGroup.Builder orderer = ConfigGroup.newBuilder().putValues("ConsensusType", ConfigValue.newBuilder()
        .setValue(ConsensusType.newBuilder().setType(type).build().toByteString()).build());
    if (type.equals("BFT")) {
      orderer.putValues("Orderers", ConfigValue.newBuilder().setValue(mapping.build().toByteString()).build());
    }
    ConfigEnvelope config = ConfigEnvelope.newBuilder().setConfig(Config.newBuilder().setChannelGroup(
        ConfigGroup.newBuilder().putGroups("Orderer", orderer.build()))).build();
    Payload payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(ChannelHeader.newBuilder()
        .setType(HeaderType.CONFIG_VALUE).setChannelId(channel).build().toByteString()))
        .setData(config.toByteString()).build();
    return Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(0)).setData(BlockData.newBuilder()
        .addData(Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString())).build().toByteArray();
  }
}
