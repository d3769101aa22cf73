package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.LedgerClient;
import io.lethe.fl.data.Dataset;
import io.lethe.json.JsonText;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Records;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.store.ContentStore;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.VerifyingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code lethe audit report}: gathers the evidence of one request as the auditor (ledger
 * exports, the blocks of its transactions through QSCC, the content stores, its own test data),
 * runs every check and writes the signed report folder:
 * <pre>
 *   report.json            the signed AuditReport
 *   report.html            the same for people (template, inline charts)
 *   live-export.json       the live chain as exported (re-verified by `audit verify`)
 *   archive-export.json    the archive chain as exported
 *   ledger/TXID.block      each block holding one of the request's transactions (QSCC bytes), the
 *                          provider's RecordMask transactions of its obs bundles' masks included
 *   masks/MODEL-vN.json    for each obs bundle, the provider's mask and block Fisher recorded for
 *                          the model's version N as the auditor's gateway read them (GetMask), or
 *                          why none was read ({@link ProofAudit.MaskRead})
 * </pre>
 */
public final class AuditRun {
  /**
   * Inputs the ledger does not give: where the stores are, the auditor's data, trust anchors;
   * {@code members}: the owner's forgotten training images for membership inference, or null.
   */
  public record Sources(ContentStore live, ContentStore archive, Dataset heldOut, ForgetSpec forget, Dataset members,
      List<String> pinnedKeys, OrgCas cas, BehaviourAudit.Bounds bounds, Map<ChunkKind, byte[]> verifyingKeys) {}

  /** Reads QSCC blocks; a function so tests and other transports can stand in. */
  public interface Blocks {
    byte[] blockOf(String fabricTxId) throws Exception;
  }

  private AuditRun() {}

  public static SignedReport run(String requestId, LedgerClient auditor, Blocks blocks, Sources in,
      AuditReport.Auditor who, X509Certificate cert, PrivateKey key, Path out, JsonNode liveExport,
      JsonNode archiveExport) throws Exception {
    JsonNode req = auditor.evaluate("GetRequest", requestId);
    JsonNode live = liveExport != null ? liveExport : auditor.evaluate("ExportLive");
    JsonNode archive = archiveExport != null ? archiveExport : auditor.evaluateArchive("ExportArchive");
    List<String> pinned = in.pinnedKeys() != null ? in.pinnedKeys() : governancePinned(auditor.evaluate("GetCommittee"));
    return assemble(requestId, req, live, archive, pinned, alpha(auditor), blocks, masks(auditor, requestId), in, who,
        cert, key, out);
  }

  /** The provider's recorded masks through the auditor's gateway ({@code LiveLedger:GetMask}); a refusal is kept as the reason. */
  static ProofAudit.MaskReader masks(LedgerClient auditor, String requestId) {
    return (model, version) -> {
      try {
        JsonNode m = auditor.evaluate("GetMask", requestId, model, Long.toString(version));
        // named by what was asked, never by the answer (a record of another model is a FAIL in ProofAudit, and the
        // kept file's name comes from the ledger's change list)
        return new ProofAudit.MaskRead(model, version, Json.MAPPER.treeToValue(m, Records.RecordedMask.class), null);
      } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
        return ProofAudit.MaskRead.missing(model, version, e.getMessage());
      }
    };
  }

  /** The committee keys whose epoch governance set: a majority of committee orgs approved each. */
  static List<String> governancePinned(JsonNode committee) {
    List<String> keys = new ArrayList<>();
    for (JsonNode k : committee.get("keys")) {
      Set<String> orgs = new LinkedHashSet<>(List.of(k.path("setBy").asText("").split(",")));
      orgs.retainAll(Orgs.COMMITTEE);
      if (orgs.size() < Governance.REQUIRED_APPROVALS || k.path("fabricTxId").asText("").isEmpty()) {
        break; // an epoch not set by governance pins nothing, nor anything after it
      }
      keys.add(k.get("publicKey").asText());
    }
    return keys;
  }

  /** The governance parameter {@code unlearning.alpha} the chaincode's cascade statements use ("1" when unset). */
  static String alpha(LedgerClient auditor) {
    try {
      byte[] p = auditor.gateway().contract("System").evaluateTransaction("GetParameter",
          io.lethe.ledger.GovernanceParameters.UNLEARNING_ALPHA);
      return Json.MAPPER.readTree(p).path("value").asText("1");
    } catch (Exception e) {
      return "1"; // NOT_FOUND: the chaincode's default
    }
  }

  /** The paradigm a request (or a report's evidence) names; null if none or an unknown word. */
  static Paradigm paradigmOf(String word) {
    try {
      return Paradigm.parse(word);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The request's DAG for the cascade statement: starts and cascade from the request, refs from the live export. */
  static ProofAudit.Dag dag(Paradigm paradigm, List<String> starts, List<String> cascade, JsonNode live, String alpha) {
    Map<String, List<String>> refs = new LinkedHashMap<>();
    for (JsonNode b : live.get("blocks")) {
      for (JsonNode t : b.get("transactions")) {
        List<String> r = new ArrayList<>();
        t.get("refs").forEach(x -> r.add(x.asText()));
        refs.put(t.get("txId").asText(), r);
      }
    }
    return new ProofAudit.Dag(paradigm, starts, cascade, refs, alpha);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static SignedReport assemble(String requestId, JsonNode req, JsonNode live, JsonNode archive, List<String> pinned,
      String alpha, Blocks blocks, ProofAudit.MaskReader masks, Sources in, AuditReport.Auditor who, X509Certificate cert,
      PrivateKey key, Path out) throws Exception {
    Files.createDirectories(out.resolve("ledger"));
    Map<String, String> files = new TreeMap<>();
    write(out, "live-export.json", JsonText.PRETTY.writeValueAsBytes(live), files);
    write(out, "archive-export.json", JsonText.PRETTY.writeValueAsBytes(archive), files);
    String channel = live.get("channel").asText();

    List<ChainAudit.Change> changes = new ArrayList<>();
    for (JsonNode c : req.get("changes")) {
      changes.add(new ChainAudit.Change(c.get("txId").asText(), c.get("fromVersion").asLong(),
          c.get("toVersion").asLong(), c.get("fabricTxId").asText()));
    }
    List<CheckResult> checks = new ArrayList<>();
    checks.add(ChainAudit.check(live, archive, pinned, requestId, changes));

    // the files of each rewrite, read off the exports (not off the chain check, which may have failed)
    RequestVersions versions = RequestVersions.of(live, archive, changes);
    checks.add(StoreAudit.check(versions.superseded(), versions.current(), in.live(), in.archive()));
    List<BehaviourAudit.Rewrite> rewrites = new ArrayList<>();
    for (RequestVersions.Pair p : versions.pairs()) {
      rewrites.add(new BehaviourAudit.Rewrite(p.model(), p.before().cid(), in.archive(), p.after().cid(),
          p.afterSuperseded() ? in.archive() : in.live()));
    }
    checks.add(BehaviourAudit.check(rewrites, in.forget(), in.heldOut(), in.members(), in.bounds()));

    // the request's transactions, from the blocks that hold them
    Set<String> txIds = new LinkedHashSet<>();
    if (req.hasNonNull("openedIn")) {
      txIds.add(req.get("openedIn").asText());
    }
    changes.forEach(c -> txIds.add(c.fabricTxId()));
    List<LedgerTransaction> txs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String tx : txIds) {
      keepBlockOf(tx, blocks, out, files, txs, missing);
    }
    List<LedgerTransaction> redactions = txs.stream().filter(t -> t.function().startsWith("Redact")).toList();
    checks.add(EndorsementAudit.check(redactions, in.cas()));
    List<ProofAudit.Rewrite> proven = proofRewrites(redactions, versions, changes);
    List<ProofAudit.MaskRead> read = ProofAudit.masksFor(proven, masks);
    for (ProofAudit.MaskRead m : read) {
      write(out, maskFile(m.model(), m.version()), JsonText.PRETTY.writeValueAsBytes(m), files);
      // the provider's RecordMask transaction is one of the request's too (timeline); what ties the mask to
      // the proof is its hash in the redaction's endorsed write (ProofAudit), not this block
      String recordedIn = m.recorded() == null ? null : m.recorded().fabricTxId();
      if (recordedIn != null && txIds.add(recordedIn)) {
        keepBlockOf(recordedIn, blocks, out, files, txs, missing);
      }
    }
    checks.add(ProofAudit.check(channel, requestId, proven, keys(in.verifyingKeys(), out, files),
        dag(paradigmOf(req.path("paradigm").asText()), texts(req.get("startingModels")), texts(req.get("cascade")), live,
            alpha), read));
    checks.add(TimelineAudit.check(txs, missing, channel, in.cas()));

    AuditReport body = new AuditReport(AuditReport.FORMAT, requestId, channel, Instant.now().toString(), who,
        in.forget() == null ? null : in.forget().toString(), AuditReport.TRUSTED,
        Verdict.overall(checks.stream().map(CheckResult::verdict).toList()), checks, null);
    String evidence = JsonText.PRETTY.writeValueAsString(checks);
    write(out, "report.html", ReportHtml.render(body, evidence).getBytes(StandardCharsets.UTF_8), files);
    AuditReport signedBody = new AuditReport(body.format(), body.request(), body.channel(), body.generatedAt(), who,
        body.forget(), body.trusted(), body.verdict(), body.checks(), files);
    SignedReport signed = SignedReport.sign(signedBody, cert, key);
    Files.write(out.resolve("report.json"), signed.toJson());
    return signed;
  }

  /** Composite-key object type under which the chaincode keeps a verified bundle (contracts' LedgerState.PROOF). */
  static final String PROOF_KEY_TYPE = "lethe.proof";

  /**
   * Each rewrite with the proof bundle its redaction transaction wrote (the chaincode keeps every
   * bundle it verified in public state) or carried in its arguments, if any.
   */
  static List<ProofAudit.Rewrite> proofRewrites(List<LedgerTransaction> redactions, RequestVersions versions,
      List<ChainAudit.Change> changes) {
    Map<String, Inputs.ProofBundle> bundles = new LinkedHashMap<>();
    Map<String, String> maskHashes = new LinkedHashMap<>();
    for (LedgerTransaction t : redactions) {
      // the bundles the chaincode verified and kept (Records.ProvenRewrite under lethe.proof~request~model~version):
      // in the endorsed write set, so the block alone carries them
      for (LedgerTransaction.Write w : t.writes()) {
        if (!w.key().startsWith("\u0000" + PROOF_KEY_TYPE + "\u0000")) {
          continue;
        }
        try {
          Records.ProvenRewrite p = Json.read(w.value(), Records.ProvenRewrite.class);
          if (p != null && p.bundle() != null) {
            bundles.put(t.fabricTxId() + "/" + p.modelId(), p.bundle());
            maskHashes.put(t.fabricTxId() + "/" + p.modelId(), p.recordedMaskSha256());
          }
        } catch (RuntimeException e) {
          // not a proof record: no bundle in it
        }
      }
      for (String arg : t.args().subList(Math.min(1, t.args().size()), t.args().size())) {
        try {
          Inputs.Redaction r = Json.read(arg.getBytes(StandardCharsets.UTF_8), Inputs.Redaction.class);
          if (r != null && r.rewrites() != null) {
            r.rewrites().forEach(w -> bundles.put(t.fabricTxId() + "/" + w.id(), w.proof()));
          }
        } catch (RuntimeException e) {
          // not a redaction input (e.g. a request id argument): no bundle in it
        }
      }
    }
    // one entry per rewrite the ledger records, whatever the archive holds (the chains check judges that)
    Map<String, RequestVersions.Pair> pairs = new LinkedHashMap<>();
    versions.pairs().forEach(p -> pairs.put(p.model(), p));
    List<ProofAudit.Rewrite> out = new ArrayList<>();
    for (ChainAudit.Change c : changes) {
      RequestVersions.Pair p = pairs.get(c.model());
      out.add(new ProofAudit.Rewrite(c.fabricTxId(), c.model(), c.toVersion(), p == null ? null : p.before().zkDigest(),
          p == null ? null : p.after().zkDigest(), bundles.get(c.fabricTxId() + "/" + c.model()),
          maskHashes.get(c.fabricTxId() + "/" + c.model())));
    }
    return out;
  }

  /** The verifying keys, parsed, each kept in the folder ({@code keys/KEYID.vk}) for {@code audit verify}. */
  private static Map<ChunkKind, VerifyingKey> keys(Map<ChunkKind, byte[]> raw, Path out, Map<String, String> files)
      throws IOException {
    Map<ChunkKind, VerifyingKey> keys = new java.util.EnumMap<>(ChunkKind.class);
    for (Map.Entry<ChunkKind, byte[]> e : raw.entrySet()) {
      keys.put(e.getKey(), VerifyingKey.parse(e.getValue()));
      write(out, "keys/" + e.getKey().keyId() + ".vk", e.getValue(), files);
    }
    return keys;
  }

  /** Keeps the block holding {@code tx} as {@code ledger/TX.block} and adds the transaction to {@code txs}, or says why not. */
  private static void keepBlockOf(String tx, Blocks blocks, Path out, Map<String, String> files,
      List<LedgerTransaction> txs, List<String> missing) {
    try {
      byte[] block = blocks.blockOf(tx);
      write(out, "ledger/" + tx + ".block", block, files);
      txs.add(LedgerTransaction.fromBlock(block, tx));
    } catch (Exception e) {
      missing.add(tx + ": no block holds it (" + e.getMessage() + ")");
    }
  }

  /** A model id has no '/' ({@code [A-Za-z0-9._:-]}), so this is one file of {@code masks/}. */
  static String maskFile(String model, long version) {
    return "masks/" + model + "-v" + version + ".json";
  }

  /** The masks an earlier report kept in its folder: each {@code masks/} file its signed list names. */
  static List<ProofAudit.MaskRead> keptMasks(Path dir, JsonNode signedFiles) throws IOException {
    List<ProofAudit.MaskRead> out = new ArrayList<>();
    for (java.util.Iterator<String> names = signedFiles.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.startsWith("masks/") && name.endsWith(".json") && name.indexOf('/', 6) < 0) {
        out.add(Json.MAPPER.readValue(Files.readAllBytes(dir.resolve(name)), ProofAudit.MaskRead.class));
      }
    }
    return out;
  }

  /** The keys an earlier report kept in its folder. */
  static Map<ChunkKind, VerifyingKey> keptKeys(Path dir) throws IOException {
    Map<ChunkKind, VerifyingKey> keys = new java.util.EnumMap<>(ChunkKind.class);
    for (ChunkKind k : ChunkKind.values()) {
      Path f = dir.resolve("keys").resolve(k.keyId() + ".vk");
      if (Files.isRegularFile(f)) {
        keys.put(k, VerifyingKey.parse(Files.readAllBytes(f)));
      }
    }
    return keys;
  }

  private static void write(Path dir, String name, byte[] bytes, Map<String, String> files) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, bytes);
    files.put(name, sha256(bytes));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
