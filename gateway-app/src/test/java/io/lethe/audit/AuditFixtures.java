package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Public data of a real request (r-par: a parallel request that rewrote 12 models in one
 * RedactBatch) recorded from a dev network: both exports, the request record, the two blocks
 * of its transactions and the committee orgs' CA certificates; plus a test PKI for the auditor
 * and a test orderer org. The recorded network's orderer CA was not kept (its blocks are signed by
 * orderer0 of a CA no longer on record), so {@link #block} serves the recorded blocks signed by the
 * test orderer instead; {@code BlockSignaturesTest} checks the recorded orderer signature itself.
 */
final class AuditFixtures {
  static final ObjectMapper M = new ObjectMapper();
  static final String REQUEST = "r-par";

  private AuditFixtures() {}

  static JsonNode json(String name) throws IOException {
    try (InputStream in = AuditFixtures.class.getResourceAsStream("/audit/" + name)) {
      return M.readTree(in);
    }
  }

  /** A JSON array of fixed-point raws (a fixture's weights). */
  static long[] raws(JsonNode fixture, String field) {
    JsonNode a = fixture.get(field);
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  /** Field elements as the ledger's hex. */
  static List<String> hex(List<BigInteger> xs) {
    return xs.stream().map(io.lethe.zk.FieldBytes::toHex).toList();
  }

  static byte[] bytes(String name) throws IOException {
    try (InputStream in = AuditFixtures.class.getResourceAsStream("/audit/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  /** The recorded block of {@code tx}, its orderer signature replaced by the test orderer's ({@link #orderer}). */
  static byte[] block(String tx) throws Exception {
    return TestBlocks.ordered(bytes(tx + ".block"), orderer());
  }

  private static Pki ordererOrg;

  /** The test orderer org's CA and its orderer0 ({@code OU=orderer}), one per test run. */
  static synchronized Pki ordererOrg() throws Exception {
    if (ordererOrg == null) {
      ordererOrg = pki("orderer", "OU=orderer,CN=orderer0.orderer.test");
    }
    return ordererOrg;
  }

  /** orderer0 of the test orderer org, as OrdererMSP: the signer of every test block. */
  static TestBlocks.Party orderer() {
    try {
      return TestBlocks.Party.of("OrdererMSP", ordererOrg());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> pinned(JsonNode live) {
    List<String> keys = new ArrayList<>();
    live.get("chPublicKeys").forEach(k -> keys.add(k.asText()));
    return keys;
  }

  static List<ChainAudit.Change> changes(JsonNode request) {
    List<ChainAudit.Change> out = new ArrayList<>();
    for (JsonNode c : request.get("changes")) {
      out.add(new ChainAudit.Change(c.get("txId").asText(), c.get("fromVersion").asLong(), c.get("toVersion").asLong(),
          c.get("fabricTxId").asText()));
    }
    return out;
  }

  /** A CA and a leaf certificate it signed, P-256 keys. */
  record Pki(KeyPair caKeys, X509Certificate ca, KeyPair leafKeys, X509Certificate leaf) {}

  static Pki pki(String org) throws Exception {
    return pki(org, "CN=User1@" + org + ".test");
  }

  /** A CA of {@code org} and a leaf of subject {@code subject} (e.g. {@code OU=peer,CN=peer0...}). */
  static Pki pki(String org, String subject) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair caKeys = g.generateKeyPair();
    KeyPair leafKeys = g.generateKeyPair();
    X500Name caName = new X500Name("CN=ca." + org + ".test");
    Date from = new Date(System.currentTimeMillis() - 60_000);
    Date to = new Date(System.currentTimeMillis() + 86_400_000L);
    X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName,
        BigInteger.ONE, from, to, caName, caKeys.getPublic()).build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    return new Pki(caKeys, ca, leafKeys, issue(ca, caKeys, subject, leafKeys));
  }

  /**
   * The committee and users CAs of the recorded network, {@code auditorCa} as AuditorMSP's and the test
   * orderer org's CA as OrdererMSP's, channel {@code lethe} on Raft ({@link #raft}).
   */
  static OrgCas cas(X509Certificate auditorCa) throws Exception {
    Map<String, X509Certificate> m = new TreeMap<>();
    for (String msp : List.of("Committee1MSP", "Committee2MSP", "Committee3MSP", "UsersMSP")) {
      try (InputStream in = AuditFixtures.class.getResourceAsStream("/audit/cas/" + msp + ".pem")) {
        m.put(msp, (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
    }
    m.put("AuditorMSP", auditorCa);
    return OrgCas.of(m).withOrderer("OrdererMSP", ordererOrg().ca()).withChannel(raft());
  }

  /**
   * Channel {@code lethe} on Raft (the network's LetheRaft profile), as its config block states it: the
   * block-validation rule of every test block; without a channel config no block signature verifies.
   */
  static OrdererConfig raft() {
    return new OrdererConfig("lethe", false, List.of());
  }

  /** A leaf of {@code pki}'s CA with {@code subject} and a fresh key: the same org, another identity. */
  static TestBlocks.Party sameCa(String msp, Pki pki, String subject) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    return new TestBlocks.Party(msp, issue(pki.ca(), pki.caKeys(), subject, keys), keys.getPrivate());
  }

  /** A certificate of {@code subject} for {@code leafKeys}, signed by {@code ca}, valid for a day. */
  private static X509Certificate issue(X509Certificate ca, KeyPair caKeys, String subject, KeyPair leafKeys)
      throws Exception {
    Date from = new Date(System.currentTimeMillis() - 60_000);
    Date to = new Date(System.currentTimeMillis() + 86_400_000L);
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        new X500Name(ca.getSubjectX500Principal().getName()), new BigInteger(64, new java.security.SecureRandom()),
        from, to, new X500Name(subject), leafKeys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
  }

  /**
   * The parties of a test block: the three committee orgs' CAs with one peer each
   * ({@code OU=peer}), a users CA with one user, and the auditor's trust in those four CAs and the
   * test orderer org's, channel {@code lethe} on Raft.
   */
  record TestNetwork(OrgCas cas, TestBlocks.Party[] peers, TestBlocks.Party user, Pki users) {
    /** Another identity of the users' CA, with its own key. */
    TestBlocks.Party anotherUser(String subject) throws Exception {
      return sameCa("UsersMSP", users, subject);
    }
  }

  static TestNetwork testNetwork(String userSubject) throws Exception {
    Map<String, X509Certificate> roots = new TreeMap<>();
    TestBlocks.Party[] peers = new TestBlocks.Party[3];
    for (int i = 0; i < 3; i++) {
      String org = "committee" + (i + 1);
      Pki p = pki(org, "OU=peer,CN=peer0." + org + ".test");
      peers[i] = TestBlocks.Party.of("Committee" + (i + 1) + "MSP", p);
      roots.put("Committee" + (i + 1) + "MSP", p.ca());
    }
    Pki users = pki("users", userSubject);
    roots.put("UsersMSP", users.ca());
    return new TestNetwork(OrgCas.of(roots).withOrderer("OrdererMSP", ordererOrg().ca()).withChannel(raft()), peers,
        TestBlocks.Party.of("UsersMSP", users), users);
  }
}
