package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.json.JsonText;
import io.lethe.ledger.Orgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code lethe audit verify DIR}: re-checks a report folder. {@code signature}: the auditor's
 * signature over report.json and its certificate chaining to the Auditor org's CA (from the
 * network's crypto material, never from the folder); {@code html} and {@code evidence}: every
 * file the report lists hashes to what the signed report says; then each check that needs only
 * the folder's public data is recomputed — {@code chains} from the exports, {@code
 * endorsements}, {@code proofs} (with the keys and recorded masks the folder keeps) and {@code timeline}
 * from the blocks — and must come out exactly
 * as the report states it. {@code stores} and {@code models} need the content stores and the
 * auditor's test data: NOT_CHECKED here.
 */
public final class ReportVerifier {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportVerifier() {}

  public record Result(String request, Verdict reportVerdict, Verdict verdict, List<CheckResult> checks) {}

  public static Result verify(Path dir, OrgCas cas) throws IOException {
    List<CheckResult> out = new ArrayList<>();
    SignedReport signed;
    try {
      signed = SignedReport.read(Files.readAllBytes(dir.resolve("report.json")));
    } catch (IOException e) {
      out.add(CheckResult.fail("signature", "report.json unreadable: " + e.getMessage(), null));
      return new Result(null, null, Verdict.FAIL, out);
    }
    JsonNode r = signed.report();
    out.add(signature(signed, cas));
    out.add(files(dir, r.path("files"), true));
    out.add(files(dir, r.path("files"), false));
    try {
      recompute(dir, r, cas, out);
    } catch (RuntimeException | IOException e) {
      out.add(CheckResult.fail("evidence", "the folder's evidence is unreadable: " + e, null));
    }
    out.add(CheckResult.notChecked(StoreAudit.NAME, "needs the live and archive content stores (run audit report)", null));
    out.add(CheckResult.notChecked(BehaviourAudit.NAME, "needs the model files and the auditor's test data", null));
    Verdict reportVerdict = r.hasNonNull("verdict") ? Verdict.valueOf(r.get("verdict").asText()) : null;
    return new Result(r.path("request").asText(null), reportVerdict,
        Verdict.overall(out.stream().map(CheckResult::verdict).toList()), out);
  }

  private static CheckResult signature(SignedReport s, OrgCas cas) {
    String problem = s.signatureProblem();
    if (problem == null) {
      try {
        problem = cas.problem(Orgs.AUDITOR, s.certificate());
        if (problem != null) {
          problem = "the signer is not an Auditor-org identity: " + problem;
        }
      } catch (GeneralSecurityException e) {
        problem = "the signer's certificate does not parse: " + e.getMessage();
      }
    }
    return problem == null
        ? CheckResult.pass("signature", "ECDSA signature over report.json verifies under an AuditorMSP certificate", null)
        : CheckResult.fail("signature", problem, null);
  }

  /** The HTML ({@code html}) or every other listed file ({@code evidence}) against the signed hashes. */
  private static CheckResult files(Path dir, JsonNode files, boolean html) {
    String name = html ? "html" : "evidence";
    List<String> problems = new ArrayList<>();
    int n = 0;
    Iterator<Map.Entry<String, JsonNode>> it = files.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("report.html") != html) {
        continue;
      }
      n++;
      Path f = dir.resolve(e.getKey()).normalize();
      if (!f.startsWith(dir.normalize())) {
        problems.add(e.getKey() + " lies outside the report folder");
        continue;
      }
      try {
        if (!AuditRun.sha256(Files.readAllBytes(f)).equals(e.getValue().asText())) {
          problems.add(e.getKey() + " was changed after signing (its SHA-256 is not the signed one)");
        }
      } catch (NoSuchFileException ex) {
        problems.add(e.getKey() + " is missing");
      } catch (IOException ex) {
        problems.add(e.getKey() + " unreadable: " + ex.getMessage());
      }
    }
    if (n == 0) {
      return CheckResult.fail(name, "the signed report lists no " + (html ? "report.html" : "evidence file"), null);
    }
    return problems.isEmpty() ? CheckResult.pass(name, n + " file(s) hash to the signed SHA-256", null)
        : CheckResult.fail(name, String.join("; ", problems), null);
  }

  private static void recompute(Path dir, JsonNode r, OrgCas cas, List<CheckResult> out) throws IOException {
    JsonNode live = MAPPER.readTree(dir.resolve("live-export.json").toFile());
    JsonNode archive = MAPPER.readTree(dir.resolve("archive-export.json").toFile());
    JsonNode claimedChains = claimed(r, ChainAudit.NAME);
    JsonNode ev = claimedChains.path("evidence");
    List<String> pinned = new ArrayList<>();
    ev.path("pinnedKeys").forEach(k -> pinned.add(k.asText()));
    List<ChainAudit.Change> changes = new ArrayList<>();
    ev.path("changes").forEach(c -> changes.add(new ChainAudit.Change(c.get("model").asText(),
        c.get("fromVersion").asLong(), c.get("toVersion").asLong(), c.get("fabricTxId").asText())));
    String request = r.path("request").asText();
    out.add(compare(ChainAudit.check(live, archive, pinned, request, changes), claimedChains));
    List<LedgerTransaction> txs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Iterator<String> names = r.path("files").fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (n.startsWith("ledger/") && n.endsWith(".block")) {
        String tx = n.substring("ledger/".length(), n.length() - ".block".length());
        try {
          txs.add(LedgerTransaction.fromBlock(Files.readAllBytes(dir.resolve(n)), tx));
        } catch (IOException | IllegalArgumentException e) {
          missing.add(tx + ": no block holds it (" + e.getMessage() + ")");
        }
      }
    }
    // what the report could not fetch from the ledger stays missing
    for (JsonNode m : claimed(r, TimelineAudit.NAME).path("evidence").path("missing")) {
      missing.add(m.asText());
    }
    List<LedgerTransaction> redactions = txs.stream().filter(t -> t.function().startsWith("Redact")).toList();
    out.add(compare(EndorsementAudit.check(redactions, cas), claimed(r, EndorsementAudit.NAME)));
    RequestVersions versions = RequestVersions.of(live, archive, changes);
    out.add(compare(ProofAudit.check(live.get("channel").asText(), request,
        AuditRun.proofRewrites(redactions, versions, changes), AuditRun.keptKeys(dir), proofDag(claimed(r, ProofAudit.NAME),
        live), AuditRun.keptMasks(dir, r.path("files"))), claimed(r, ProofAudit.NAME)));
    out.add(compare(TimelineAudit.check(txs, missing, live.get("channel").asText(), cas),
        claimed(r, TimelineAudit.NAME)));
  }

  /** The starts, cascade and α the report recorded (signed), with the refs of the folder's live export. */
  private static ProofAudit.Dag proofDag(JsonNode claimedProofs, JsonNode live) {
    JsonNode ev = claimedProofs.path("evidence");
    List<String> starts = new ArrayList<>();
    ev.path("starts").forEach(n -> starts.add(n.asText()));
    List<String> cascade = new ArrayList<>();
    ev.path("cascade").forEach(n -> cascade.add(n.asText()));
    return AuditRun.dag(AuditRun.paradigmOf(ev.path("paradigm").asText()), starts, cascade, live, ev.path("alpha").asText("1"));
  }

  private static JsonNode claimed(JsonNode r, String name) {
    for (JsonNode c : r.path("checks")) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    return MAPPER.createObjectNode();
  }

  /** PASS when the recomputed check is the report's, verdict, reason and evidence alike. */
  private static CheckResult compare(CheckResult recomputed, JsonNode claimed) {
    JsonNode again = JsonText.PRETTY.valueToTree(recomputed);
    // compared as canonical bytes: a number read back from the file is an int where the record had a long
    if (java.util.Arrays.equals(SignedReport.canonical(again), SignedReport.canonical(claimed))) {
      return CheckResult.pass(recomputed.name(), "recomputed from the folder: " + recomputed.verdict() + " as the report "
          + "states (" + recomputed.reason() + ")", null);
    }
    String said = claimed.path("verdict").asText("nothing") + " (" + claimed.path("reason").asText("") + ")";
    return CheckResult.fail(recomputed.name(), "recomputed from the folder: " + recomputed.verdict() + " ("
        + recomputed.reason() + "); the report says " + said, null);
  }
}
