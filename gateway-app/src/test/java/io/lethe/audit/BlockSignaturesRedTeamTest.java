package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RED TEAM (branch {@code redord}): inputs on which the orderer-signature check ({@link BlockSignatures},
 * its trust anchors {@link OrgCas} / {@link OrdererConfig}, and the block parsing it relies on,
 * {@link LedgerTransaction}) departs from what a Fabric v3.1.1 peer does with the same bytes
 * ({@code protoutil.BlockSignatureVerifier}, {@code VerifyTransactionsAreWellFormed}, the MSP's identity
 * validation, bccsp's ECDSA verify).
 *
 * <p>The findings' tests (2, 3, 4, 5a–5d, 6) are tests of the fixes (each failed before it); the
 * others pin down behaviour that matches Fabric: attacks that were tried and do not break it.
 */
class BlockSignaturesRedTeamTest {
  private OrgCas cas;
  private AuditFixtures.TestNetwork net;
  private byte[] block;
  private BlockHeader header;

  @BeforeEach
  void setUp() throws Exception {
    net = AuditFixtures.testNetwork("OU=client,CN=User1@users.test");
    cas = net.cas();
    block = TestBlocks.block("tx1", "RedactBatch", 0, net.user(), net.peers());
    header = Block.parseFrom(block).getHeader();
  }

  private static BlockSignatures.Result check(byte[] block, OrgCas cas) {
    LedgerTransaction t = LedgerTransaction.fromBlock(block, TestBlocks.txIdOf(block));
    return BlockSignatures.check(t.binding().blockHeader(), t.binding().ordererSignatures(), "lethe", cas);
  }

  private static Metadata signatures(byte[] block) throws Exception {
    return Metadata.parseFrom(Block.parseFrom(block).getMetadata().getMetadata(0));
  }

  // ------------------------------------------------------------------------------------------------
  // Tried, holds: a certificate whose signature AlgorithmIdentifier carries parameters. The JDK's
  // SignatureUtil throws the unchecked ProviderException for it, but JDK 17's X509CertImpl.verify wraps
  // it in a CertificateException, which OrgCas.problem catches: a reason, not an exception.
  // (Regression guard: OrgCas.problem catches GeneralSecurityException only.)
  // ------------------------------------------------------------------------------------------------

  /**
   * A certificate of {@code subject} the orderer CA really issued (its signature over the TBS verifies),
   * but whose signature algorithm {@code ecdsa-with-SHA256} carries a parameter (an OCTET STRING): the JDK
   * parses it, and {@code verify} then throws {@code ProviderException("Error handling EC parameters")}.
   */
  static TestBlocks.Party withSignatureAlgorithmParameters(String msp, AuditFixtures.Pki ca, String subject)
      throws Exception {
    KeyPair keys = ec();
    AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256,
        new DEROctetString(new byte[] {1}));
    V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
    g.setSerialNumber(new ASN1Integer(42));
    g.setSignature(alg);
    g.setIssuer(X500Name.getInstance(ca.ca().getSubjectX500Principal().getEncoded()));
    g.setStartDate(new Time(new Date(System.currentTimeMillis() - 60_000)));
    g.setEndDate(new Time(new Date(System.currentTimeMillis() + 86_400_000L)));
    g.setSubject(new X500Name(subject));
    g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    TBSCertificate tbs = g.generateTBSCertificate();
    java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
    s.initSign(ca.caKeys().getPrivate());
    s.update(tbs.getEncoded("DER"));
    byte[] der = new DERSequence(new ASN1Encodable[] {tbs, alg, new DERBitString(s.sign())}).getEncoded("DER");
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(der));
    return new TestBlocks.Party(msp, cert, keys.getPrivate());
  }

  @Test
  void aSignerCertificateWithSignatureAlgorithmParametersIsAReasonNotAnException() throws Exception {
    TestBlocks.Party junk = withSignatureAlgorithmParameters("OrdererMSP", AuditFixtures.ordererOrg(),
        "OU=orderer,CN=junk.orderer.test");
    Metadata md = signatures(block);
    // whoever serves the block (metadata index 0 is signed by no one) appends one entry beside the genuine one
    byte[] served = TestBlocks.withSignatures(block, md.getValue(), md.getSignatures(0),
        TestBlocks.signedBy(header, md.getValue(), junk));
    BlockSignatures.Result r = assertDoesNotThrow(() -> check(served, cas));
    assertEquals(1, r.signers(), r.reason());
    CheckResult timeline = assertDoesNotThrow(() -> TimelineAudit.check(List.of(LedgerTransaction.fromBlock(served,
        TestBlocks.txIdOf(served))), List.of(), "lethe", cas));
    assertEquals(Verdict.PASS, timeline.verdict(), timeline.reason());
  }

  @Test
  void anEndorserCertificateWithSignatureAlgorithmParametersIsAReasonNotAnException() throws Exception {
    TestBlocks.Party junk = withSignatureAlgorithmParameters("Committee1MSP", AuditFixtures.pki("committee1"),
        "OU=peer,CN=junk.committee1.test");
    TestBlocks.Party[] endorsers = {net.peers()[0], net.peers()[1], net.peers()[2], junk};
    byte[] b = TestBlocks.block("tx9", "RedactBatch", 0, net.user(), endorsers);
    LedgerTransaction t = LedgerTransaction.fromBlock(b, TestBlocks.txIdOf(b));
    // an extra endorsement Fabric's endorsement policy would skip (the transaction stays VALID on the ledger)
    assertDoesNotThrow(() -> TimelineAudit.check(List.of(t), List.of(), "lethe", cas));
    assertDoesNotThrow(() -> EndorsementAudit.check(List.of(t), cas));
  }

  // ------------------------------------------------------------------------------------------------
  // Tried, holds: the signatures elsewhere than metadata index 0; one consenter counted twice through
  // two encodings of its certificate.
  // ------------------------------------------------------------------------------------------------

  @Test
  void signaturesInAnotherMetadataIndexDoNotCount() throws Exception {
    Block b = Block.parseFrom(block);
    ByteString sigs = b.getMetadata().getMetadata(0);
    BlockMetadata.Builder moved = b.getMetadata().toBuilder().setMetadata(0, ByteString.EMPTY).setMetadata(1, sigs);
    moved.addMetadata(sigs).addMetadata(sigs); // ORDERER (3) and COMMIT_HASH (4) too
    BlockSignatures.Result r = check(b.toBuilder().setMetadata(moved).build().toByteArray(), cas);
    assertFalse(r.ok(), r.reason());
    assertTrue(r.reason().contains("carries no orderer signature"), r.reason());
  }

  @Test
  void oneConsenterByIdAndByItsDerCertificateCountsOnce() throws Exception {
    List<TestBlocks.Party> consenters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      consenters.add(AuditFixtures.sameCa("OrdererMSP", AuditFixtures.ordererOrg(),
          "OU=orderer,CN=orderer" + i + ".orderer.test"));
    }
    OrgCas bft = cas.withChannel(OrdererConfig.parse(BlockSignaturesTest.configBlock("lethe", "BFT", consenters)));
    ByteString value = TestBlocks.ORDERER_VALUE;
    // consenter 1 again, its creator the certificate's DER instead of the config's PEM (another identity's bytes,
    // which Fabric would dedupe by bytes only, but its SignedBy(consenter 1) principal is satisfied once)
    TestBlocks.Party c1 = consenters.get(0);
    ByteString shdr = org.hyperledger.fabric.protos.common.SignatureHeader.newBuilder().setCreator(
        org.hyperledger.fabric.protos.msp.SerializedIdentity.newBuilder().setMspid("OrdererMSP")
            .setIdBytes(ByteString.copyFrom(c1.cert().getEncoded())).build().toByteString())
        .setNonce(ByteString.copyFromUtf8("n")).build().toByteString();
    java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
    s.initSign(c1.key());
    s.update(value.toByteArray());
    s.update(shdr.toByteArray());
    s.update(BlockSignatures.headerBytes(header));
    MetadataSignature der = MetadataSignature.newBuilder().setSignatureHeader(shdr).setSignature(ByteString.copyFrom(
        TestBlocks.lowS(s.sign()))).build();
    byte[] served = TestBlocks.withSignatures(block, value,
        TestBlocks.signedByConsenter(header, value, 1, c1), der,
        TestBlocks.signedByConsenter(header, value, 2, consenters.get(1)));
    BlockSignatures.Result r = check(served, bft);
    assertFalse(r.ok(), r.reason());
    assertEquals(2, r.signers(), r.reason());
  }

  // ------------------------------------------------------------------------------------------------
  // Finding 2: signature metadata a Fabric peer rejects as a whole, passed because one entry verifies.
  // ------------------------------------------------------------------------------------------------

  @Test
  void anUnparseableSignatureHeaderBesideAGenuineSignatureFailsTheBlockAsInFabric() throws Exception {
    Metadata md = signatures(block);
    byte[] served = TestBlocks.withSignatures(block, md.getValue(), md.getSignatures(0), MetadataSignature
        .newBuilder().setSignatureHeader(ByteString.copyFrom(new byte[] {(byte) 0xff, 1})).build());
    assertFalse(check(served, cas).ok(), "a Fabric peer rejects this block: failed unmarshalling signature header");
  }

  // ------------------------------------------------------------------------------------------------
  // Finding 3: high-S ECDSA signatures (bccsp rejects them; the JDK accepts them).
  // ------------------------------------------------------------------------------------------------

  private static final BigInteger P256_N = new BigInteger(
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  /** {@code der} (an ECDSA P-256 signature) with s replaced by n − s when s is low: still valid for the JDK. */
  static byte[] highS(byte[] der) throws Exception {
    ASN1Sequence seq = ASN1Sequence.getInstance(der);
    BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
    BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
    if (s.compareTo(P256_N.shiftRight(1)) <= 0) {
      s = P256_N.subtract(s);
    }
    return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
  }

  @Test
  void aHighSOrdererSignatureFailsAsInFabric() throws Exception {
    Metadata md = signatures(block);
    MetadataSignature s = md.getSignatures(0);
    byte[] malleated = TestBlocks.withSignatures(block, md.getValue(), s.toBuilder().setSignature(ByteString.copyFrom(
        highS(s.getSignature().toByteArray()))).build());
    BlockSignatures.Result r = check(malleated, cas);
    assertFalse(r.ok(), "bccsp refuses a high-S signature");
    assertTrue(r.reason().contains("not a low-S ECDSA signature"), r.reason());
    assertTrue(check(block, cas).ok()); // the same signature, low-S
  }

  // ------------------------------------------------------------------------------------------------
  // Finding 4: the data hash is SHA-256 of the concatenated entries; Fabric makes it bind the list of
  // envelopes with VerifyTransactionsAreWellFormed (each entry is exactly proto.Marshal of its Envelope).
  // Lethe does not, so the entries can be regrouped under the same orderer-signed header.
  // ------------------------------------------------------------------------------------------------

  /** A block (number 7, signed by the test orderer) holding {@code envelopes}, with validation codes {@code codes}. */
  private static byte[] blockOf(List<ByteString> envelopes, byte[] codes) throws Exception {
    ByteString all = ByteString.EMPTY;
    for (ByteString e : envelopes) {
      all = all.concat(e);
    }
    byte[] unsigned = Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(7)
            .setPreviousHash(ByteString.copyFrom(TestBlocks.sha256(ByteString.copyFromUtf8("block 6"))))
            .setDataHash(ByteString.copyFrom(TestBlocks.sha256(all))))
        .setData(BlockData.newBuilder().addAllData(envelopes))
        .setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)
            .addMetadata(ByteString.copyFrom(codes)))
        .build().toByteArray();
    return TestBlocks.ordered(unsigned, AuditFixtures.orderer());
  }

  @Test
  void regroupedBlockDataFailsAsInFabric() throws Exception {
    ByteString a = Block.parseFrom(TestBlocks.block("txA", "OpenRequest", 0, net.user(), net.peers())).getData()
        .getData(0);
    byte[] single = TestBlocks.block("txB", "RedactBatch", 0, net.user(), net.peers());
    ByteString b = Block.parseFrom(single).getData().getData(0);
    String txB = TestBlocks.txIdOf(single);
    byte[] honest = blockOf(List.of(a, b), new byte[] {0, 11}); // B lost an MVCC race: code 11
    CheckResult asCut = TimelineAudit.check(List.of(LedgerTransaction.fromBlock(honest, txB)), List.of(), "lethe", cas);
    assertEquals(Verdict.FAIL, asCut.verdict(), asCut.reason());
    assertTrue(asCut.reason().contains("validation code 11"), asCut.reason());

    // the same header, the same orderer signature, the same filter bytes: only the data entries regrouped
    Block h = Block.parseFrom(honest);
    byte[] regrouped = h.toBuilder().setData(BlockData.newBuilder().addData(a.concat(b))).build().toByteArray();
    LedgerTransaction t = LedgerTransaction.fromBlock(regrouped, txB);
    assertTrue(t.binding().blockDataHashMatches());
    assertTrue(BlockSignatures.check(t.binding().blockHeader(), t.binding().ordererSignatures(), "lethe", cas).ok());
    CheckResult served = TimelineAudit.check(List.of(t), List.of(), "lethe", cas);
    assertEquals(Verdict.FAIL, served.verdict(), "a block the orderers did not cut as it stands (Fabric rejects it): "
        + served.reason());
    assertTrue(served.reason().contains("does not match its raw form"), served.reason());
  }

  // ------------------------------------------------------------------------------------------------
  // Finding 5: "under the orderer org's CA" is 'signed by the CA key and valid now' — looser than the
  // MSP validation a Fabric peer applies to a block signer (revocation list, CA certificates, NodeOUs),
  // and stricter on expiry.
  // ------------------------------------------------------------------------------------------------

  static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** A certificate of {@code subject} for {@code key}, by {@code issuer} (its name) under {@code issuerKey}. */
  static X509Certificate cert(X500Name issuer, PrivateKey issuerKey, String subject, PublicKey key, Date from, Date to,
      boolean ca) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64,
        new java.security.SecureRandom()), from, to, new X500Name(subject), key);
    if (ca) {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(issuerKey)));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** A network folder as network.sh leaves it: a committee org, the orderer org (with {@code crls}), {@code blocks}. */
  static Path networkFolder(Path dir, AuditFixtures.Pki ordererOrg, X509CRL crl) throws Exception {
    Path peerCa = dir.resolve("crypto/peerOrganizations/committee1.lethe.local/msp/cacerts");
    Path orderer = dir.resolve("crypto/ordererOrganizations/orderer.lethe.local/msp");
    Files.createDirectories(peerCa);
    Files.createDirectories(orderer.resolve("cacerts"));
    Files.writeString(peerCa.resolve("ca.pem"), pem("CERTIFICATE", AuditFixtures.pki("committee1").ca().getEncoded()));
    Files.writeString(orderer.resolve("cacerts/ca.pem"), pem("CERTIFICATE", ordererOrg.ca().getEncoded()));
    if (crl != null) {
      Files.createDirectories(orderer.resolve("crls"));
      Files.writeString(orderer.resolve("crls/crl.pem"), pem("X509 CRL", crl.getEncoded()));
    }
    return dir;
  }

  @Test
  void aRevokedOrdererCertificateDoesNotCount(@TempDir Path dir) throws Exception {
    AuditFixtures.Pki org = AuditFixtures.ordererOrg();
    X509Certificate orderer0 = AuditFixtures.orderer().cert();
    X509v2CRLBuilder crl = new X509v2CRLBuilder(X500Name.getInstance(org.ca().getSubjectX500Principal().getEncoded()),
        new Date(System.currentTimeMillis() - 1000));
    crl.addCRLEntry(orderer0.getSerialNumber(), new Date(System.currentTimeMillis() - 1000), CRLReason.keyCompromise);
    X509CRL revoked = new JcaX509CRLConverter().getCRL(crl.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(org.caKeys().getPrivate())));
    assertTrue(revoked.isRevoked(orderer0));
    networkFolder(dir, org, revoked);
    Files.write(dir.resolve("lethe.block"), BlockSignaturesTest.configBlock("lethe", "etcdraft", List.of()));
    OrgCas loaded = OrgCas.load(dir);
    // a block orderer0's (compromised, revoked) key signed after the revocation
    BlockSignatures.Result r = check(block, loaded);
    assertFalse(r.ok(), "orderer0 is revoked: " + r.reason());
    assertTrue(r.reason().contains("is revoked by OrdererMSP's CA"), r.reason());
    // a CRL that the orderer CA did not sign revokes nothing
    X509CRL forged = new JcaX509CRLConverter().getCRL(crl.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(ec().getPrivate())));
    Files.writeString(dir.resolve("crypto/ordererOrganizations/orderer.lethe.local/msp/crls/crl.pem"),
        pem("X509 CRL", forged.getEncoded()));
    r = check(block, OrgCas.load(dir));
    assertTrue(r.ok(), r.reason());
  }

  @Test
  void theOrdererCaCertificateItselfIsNotASigner() throws Exception {
    KeyPair caKeys = ec();
    X500Name name = new X500Name("CN=ca.orderer.lethe.local");
    X509Certificate ca = cert(name, caKeys.getPrivate(), name.toString(), caKeys.getPublic(),
        new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L), true);
    OrgCas withCa = cas.withOrderer("OrdererMSP", ca);
    byte[] signedByCa = TestBlocks.ordered(block, new TestBlocks.Party("OrdererMSP", ca, caKeys.getPrivate()));
    assertFalse(check(signedByCa, withCa).ok(), "Fabric: 'An X509 certificate with Basic Constraint: Certificate"
        + " Authority equals true cannot be used as an identity'");
  }

  @Test
  void anOrdererCaCertificateWithoutANodeOuIsNotAMember() throws Exception {
    TestBlocks.Party noOu = AuditFixtures.sameCa("OrdererMSP", AuditFixtures.ordererOrg(), "CN=build-bot.orderer.test");
    assertFalse(check(TestBlocks.ordered(block, noOu), cas).ok());
  }

  @Test
  void aBlockSignedBeforeTheOrdererCertificateExpiredStillVerifies() throws Exception {
    AuditFixtures.Pki org = AuditFixtures.ordererOrg();
    KeyPair keys = ec();
    long now = System.currentTimeMillis();
    X509Certificate expired = cert(X500Name.getInstance(org.ca().getSubjectX500Principal().getEncoded()),
        org.caKeys().getPrivate(), "OU=orderer,CN=orderer9.orderer.test", keys.getPublic(), new Date(now - 2 * 86_400_000L),
        new Date(now - 86_400_000L), false);
    assertTrue(check(TestBlocks.ordered(block, new TestBlocks.Party("OrdererMSP", expired, keys.getPrivate())), cas)
        .ok());
  }

  @Test
  void anOrdererOrgAdminOrClientSignatureCountsAsInFabric() throws Exception {
    // tried and not a break: LetheRaft's BlockValidation is ANY Writers = OR('OrdererMSP.member'), which any valid
    // OrdererMSP identity satisfies (admin, client, orderer); Fabric peers accept such a block as Lethe does.
    // Note for the threat model: "signed by the ordering service" means "by any OrdererMSP key", the admin's included.
    for (String subject : List.of("OU=admin,CN=Admin@orderer.test", "OU=client,CN=User1@orderer.test")) {
      TestBlocks.Party p = AuditFixtures.sameCa("OrdererMSP", AuditFixtures.ordererOrg(), subject);
      BlockSignatures.Result r = check(TestBlocks.ordered(block, p), cas);
      assertTrue(r.ok(), subject + ": " + r.reason());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Finding 6: which rule applies (Raft's one signature or SmartBFT's quorum) is chosen by whatever
  // *.block files the network folder holds: the first one (by file name) naming the channel wins,
  // and none at all means Raft's rule — a SmartBFT channel then accepts one orderer-org signature.
  // ------------------------------------------------------------------------------------------------

  @Nested
  class ConfigBlocks {
    private final List<TestBlocks.Party> consenters = new ArrayList<>();

    @BeforeEach
    void consenters() throws Exception {
      for (int i = 0; i < 4; i++) {
        consenters.add(AuditFixtures.sameCa("OrdererMSP", AuditFixtures.ordererOrg(),
            "OU=orderer,CN=orderer" + i + ".orderer.test"));
      }
    }

    private Path folder(Path dir) throws Exception {
      networkFolder(dir, AuditFixtures.ordererOrg(), null);
      Files.write(dir.resolve("lethe.block"), BlockSignaturesTest.configBlock("lethe", "BFT", consenters));
      return dir;
    }

    @Test
    void theChannelsOwnConfigBlockNeedsAQuorum(@TempDir Path dir) throws Exception {
      // the baseline: with lethe.block alone one consenter's signature does not pass a SmartBFT block
      BlockSignatures.Result r = check(TestBlocks.ordered(block, consenters.get(0)), OrgCas.load(folder(dir)));
      assertFalse(r.ok(), r.reason());
    }

    @Test
    void anotherConfigBlockForTheChannelDoesNotDowngradeSmartBft(@TempDir Path dir) throws Exception {
      folder(dir);
      Files.write(dir.resolve("lethe-raft.block"), BlockSignaturesTest.configBlock("lethe", "etcdraft", List.of()));
      BlockSignatures.Result r = check(block, OrgCas.load(dir)); // signed Raft-style by orderer0, no consenter
      assertFalse(r.ok(), "one signature on a SmartBFT channel: " + r.reason());
      assertTrue(OrgCas.load(dir).ordererConfig("lethe").bft());
      // nor does a Raft config of channel lethe under any other name replace a missing lethe.block
      Files.delete(dir.resolve("lethe.block"));
      r = check(block, OrgCas.load(dir));
      assertFalse(r.ok(), r.reason());
      assertTrue(r.reason().contains("no config block for channel lethe"), r.reason());
    }

    @Test
    void withoutTheChannelsConfigBlockOneConsenterCannotForgeASmartBftBlock(@TempDir Path dir) throws Exception {
      networkFolder(dir, AuditFixtures.ordererOrg(), null); // network.sh always writes <channel>.block; lost here
      BlockSignatures.Result r = check(TestBlocks.ordered(block, consenters.get(0)), OrgCas.load(dir));
      assertFalse(r.ok(), "one consenter's signature: " + r.reason());
      assertTrue(r.reason().contains("no config block for channel lethe in the network folder: cannot tell which"
          + " block-validation rule applies"), r.reason());
      // a <channel>.block that does not parse is no config either, and the reason names it
      Files.write(dir.resolve("lethe.block"), new byte[] {1, 2, 3});
      r = check(TestBlocks.ordered(block, consenters.get(0)), OrgCas.load(dir));
      assertFalse(r.ok(), r.reason());
      assertTrue(r.reason().contains("lethe.block is not a config block of channel lethe"), r.reason());
    }
  }
}
