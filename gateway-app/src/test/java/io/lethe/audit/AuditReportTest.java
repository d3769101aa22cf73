package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.json.JsonText;
import io.lethe.store.FileSystemContentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole report folder made from a real request's public data, signed by a test auditor
 * identity, then re-checked by {@link ReportVerifier}: untouched it verifies; each edit fails
 * exactly the check that covers it.
 */
class AuditReportTest {
  @TempDir Path tmp;
  private Path dir;
  private AuditFixtures.Pki auditor;
  private OrgCas cas;
  private SignedReport signed;

  @BeforeEach
  void setUp() throws Exception {
    auditor = AuditFixtures.pki("auditor");
    cas = AuditFixtures.cas(auditor.ca());
    dir = tmp.resolve("report");
    JsonNode live = AuditFixtures.json("live-export.json");
    AuditRun.Sources src = new AuditRun.Sources(new FileSystemContentStore(tmp.resolve("live")),
        new FileSystemContentStore(tmp.resolve("archive")), null, null, null, null, cas, BehaviourAudit.Bounds.defaults(),
        Map.of());
    signed = AuditRun.assemble(AuditFixtures.REQUEST, AuditFixtures.json("request.json"), live,
        AuditFixtures.json("archive-export.json"), AuditFixtures.pinned(live), "1", AuditFixtures::block,
        (model, version) -> ProofAudit.MaskRead.missing(model, version, "no zero-shot request"), src, new AuditReport.Auditor("auditor", "AuditorMSP", auditor.leaf().getSubjectX500Principal().getName()),
        auditor.leaf(), auditor.leafKeys().getPrivate(), dir);
  }

  private static Map<String, Verdict> verdicts(ReportVerifier.Result r) {
    return r.checks().stream().collect(Collectors.toMap(CheckResult::name, CheckResult::verdict, (a, b) -> a,
        TreeMap::new));
  }

  private static List<String> failed(ReportVerifier.Result r) {
    return r.checks().stream().filter(c -> c.verdict() == Verdict.FAIL).map(CheckResult::name).toList();
  }

  @Test
  void theReportHoldsEveryCheckWithItsEvidence() throws Exception {
    JsonNode r = signed.report();
    Map<String, String> v = new TreeMap<>();
    r.get("checks").forEach(c -> v.put(c.get("name").asText(), c.get("verdict").asText()));
    assertEquals("PASS", v.get("chains"));
    assertEquals("PASS", v.get("endorsements"));
    assertEquals("PASS", v.get("timeline"));
    assertEquals("NOT_CHECKED", v.get("proofs"));
    assertEquals("NOT_CHECKED", v.get("models")); // no --forget given
    assertEquals("FAIL", v.get("stores"));        // the test's stores are empty
    assertEquals("FAIL", r.get("verdict").asText());
    assertEquals(2, r.get("checks").get(5).get("evidence").get("transactions").size());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("request <code>r-par</code>"));
    assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "the HTML references an external resource");
  }

  @Test
  void anUntouchedFolderVerifies() throws Exception {
    ReportVerifier.Result r = ReportVerifier.verify(dir, cas);
    assertEquals(List.of(), failed(r), r.checks().toString());
    Map<String, Verdict> v = verdicts(r);
    assertEquals(Verdict.PASS, v.get("signature"));
    assertEquals(Verdict.PASS, v.get("chains"));
    assertEquals(Verdict.PASS, v.get("endorsements"));
    assertEquals(Verdict.PASS, v.get("proofs"));
    assertEquals(Verdict.PASS, v.get("timeline"));
    assertNull(signed.signatureProblem());
  }

  @Test
  void reportJsonEditedAfterSigningFailsTheSignature() throws Exception {
    ObjectNode root = (ObjectNode) AuditFixtures.M.readTree(dir.resolve("report.json").toFile());
    ((ObjectNode) root.get("report")).put("verdict", "PASS");
    Files.write(dir.resolve("report.json"), JsonText.PRETTY.writeValueAsBytes(root));
    assertEquals(List.of("signature"), failed(ReportVerifier.verify(dir, cas)));
  }

  @Test
  void aReasonEditedInTheJsonFailsTheSignatureAndTheRecomputedCheck() throws Exception {
    ObjectNode root = (ObjectNode) AuditFixtures.M.readTree(dir.resolve("report.json").toFile());
    ((ObjectNode) root.get("report").get("checks").get(0)).put("reason", "all fine");
    Files.write(dir.resolve("report.json"), JsonText.PRETTY.writeValueAsBytes(root));
    assertEquals(List.of("signature", "chains"), failed(ReportVerifier.verify(dir, cas)));
  }

  @Test
  void htmlEditedFailsTheHtmlCheck() throws Exception {
    String html = Files.readString(dir.resolve("report.html"));
    Files.writeString(dir.resolve("report.html"), html.replace("FAIL", "PASS"));
    assertEquals(List.of("html"), failed(ReportVerifier.verify(dir, cas)));
  }

  @Test
  void anArchiveEntryRemovedFromTheFolderFailsEvidenceAndChains() throws Exception {
    ObjectNode a = (ObjectNode) AuditFixtures.M.readTree(dir.resolve("archive-export.json").toFile());
    ((ArrayNode) a.get("blocks").get(0).get("entries")).remove(0);
    Files.write(dir.resolve("archive-export.json"), JsonText.PRETTY.writeValueAsBytes(a));
    assertEquals(List.of("evidence", "chains"), failed(ReportVerifier.verify(dir, cas)));
  }

  @Test
  void anEndorsementSignatureFlippedInABlockFailsEvidenceEndorsementsAndTimeline() throws Exception {
    String tx = "05180c169db5e1f8b835185907aef079c7da53aaddfddfdf6f598d34210ac4bb";
    Path block = dir.resolve("ledger").resolve(tx + ".block");
    byte[] b = Files.readAllBytes(block);
    byte[] sig = LedgerTransaction.fromBlock(b, tx).endorsements().get(1).signature();
    int at = indexOf(b, sig);
    assertTrue(at > 0);
    b[at + sig.length - 3] ^= 1; // inside the signature's s value
    Files.write(block, b);
    // the timeline too: the block's data hash no longer covers the edited transaction
    assertEquals(List.of("evidence", "endorsements", "timeline"), failed(ReportVerifier.verify(dir, cas)));
  }

  @Test
  void aBlockStrippedOfItsOrdererSignatureFailsEvidenceAndTimeline() throws Exception {
    String tx = "c4e43321b69f92a0f6cd49bbe3b4483782fe78ec9c755f1b51473ac0dea3824a";
    Path block = dir.resolve("ledger").resolve(tx + ".block");
    Files.write(block, TestBlocks.withSignatures(Files.readAllBytes(block), TestBlocks.ORDERER_VALUE));
    ReportVerifier.Result r = ReportVerifier.verify(dir, cas);
    assertEquals(List.of("evidence", "timeline"), failed(r));
    assertTrue(r.checks().stream().anyMatch(c -> c.reason().contains("block 20 is not signed by the ordering service:"
        + " the block carries no orderer signature")), r.checks().toString());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aReportSignedByANonAuditorIdentityFails() throws Exception {
    AuditFixtures.Pki other = AuditFixtures.pki("users");
    SignedReport forged = SignedReport.sign(JsonText.PRETTY.treeToValue(signed.report(), AuditReport.class),
        other.leaf(), other.leafKeys().getPrivate());
    Files.write(dir.resolve("report.json"), forged.toJson());
    ReportVerifier.Result r = ReportVerifier.verify(dir, cas);
    assertEquals(List.of("signature"), failed(r));
    assertTrue(r.checks().get(0).reason().contains("not an Auditor-org identity"), r.checks().get(0).reason());
  }

  @Test
  void canonicalBytesIgnoreLayoutNotContent() throws Exception {
    byte[] pretty = dir.resolve("report.json").toFile().exists() ? Files.readAllBytes(dir.resolve("report.json")) : null;
    JsonNode compact = AuditFixtures.M.readTree(new String(pretty, StandardCharsets.UTF_8).replace("\n", " "));
    Files.write(dir.resolve("report.json"), AuditFixtures.M.writeValueAsBytes(compact));
    assertEquals(List.of(), failed(ReportVerifier.verify(dir, cas)));
  }
}
