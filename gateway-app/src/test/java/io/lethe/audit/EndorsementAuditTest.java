package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endorsements check on redactions built by test code: the three committee orgs' peers pass;
 * an endorsement by a key of a committee org that is not a peer's (a client or admin certificate
 * of the same CA), by a CA the auditor does not trust, or with a signature over other bytes fails.
 */
class EndorsementAuditTest {
  private final Map<String, AuditFixtures.Pki> peers = new java.util.HashMap<>();
  private OrgCas cas;
  private TestBlocks.Party user;

  @BeforeEach
  void setUp() throws Exception {
    Map<String, java.security.cert.X509Certificate> roots = new java.util.HashMap<>();
    for (String org : List.of("committee1", "committee2", "committee3")) {
      AuditFixtures.Pki p = AuditFixtures.pki(org, "OU=peer,CN=peer0." + org + ".test");
      peers.put(org, p);
      roots.put(msp(org), p.ca());
    }
    AuditFixtures.Pki users = AuditFixtures.pki("users", "OU=client,CN=User1@users.test");
    roots.put("UsersMSP", users.ca());
    cas = OrgCas.of(roots);
    user = TestBlocks.Party.of("UsersMSP", users);
  }

  private static String msp(String org) {
    return Character.toUpperCase(org.charAt(0)) + org.substring(1) + "MSP";
  }

  private TestBlocks.Party peer(String org) {
    return TestBlocks.Party.of(msp(org), peers.get(org));
  }

  /** A leaf of {@code org}'s own CA with another subject: the same org, another role. */
  private TestBlocks.Party sameCa(String org, String subject) throws Exception {
    return AuditFixtures.sameCa(msp(org), peers.get(org), subject);
  }

  private CheckResult check(TestBlocks.Party... endorsers) throws Exception {
    return EndorsementAudit.check(List.of(TestBlocks.tx("tx1", "RedactBatch", 0, user, endorsers)), cas);
  }

  @Test
  void theThreeCommitteePeersPass() throws Exception {
    CheckResult r = check(peer("committee1"), peer("committee2"), peer("committee3"));
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Test
  void aClientOrAdminKeyOfACommitteeOrgIsNotAnEndorser() throws Exception {
    for (String subject : List.of("OU=client,CN=User1@committee2.test", "OU=admin,CN=Admin@committee2.test",
        "CN=peer0.committee2.test")) {
      CheckResult r = check(peer("committee1"), sameCa("committee2", subject), peer("committee3"));
      assertEquals(Verdict.FAIL, r.verdict(), subject);
      assertTrue(r.reason().contains("is not a peer") && r.reason().contains("no valid endorsement of Committee2MSP"),
          r.reason());
    }
    // a peer certificate of the same CA passes: the role, not the CA, was the difference
    assertEquals(Verdict.PASS, check(peer("committee1"), sameCa("committee2", "OU=peer,CN=peer1.committee2.test"),
        peer("committee3")).verdict());
  }

  @Test
  void aForgersOwnCaOrAMissingOrgFails() throws Exception {
    TestBlocks.Party forged = TestBlocks.Party.of("Committee2MSP",
        AuditFixtures.pki("committee2", "OU=peer,CN=peer0.committee2.test"));
    CheckResult r = check(peer("committee1"), forged, peer("committee3"));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("no valid endorsement of Committee2MSP"), r.reason());
    r = check(peer("committee1"), peer("committee3"));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("no valid endorsement of Committee2MSP"), r.reason());
  }
}
