package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.ledger.Paradigm;
import io.lethe.json.JsonText;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.Json;
import io.lethe.ledger.Records.RecordedMask;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import io.lethe.zk.VerifyingKey;
import io.lethe.zk.ZkDigest;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proofs check on an obs bundle, with the real chunk-obs proof of the chaincode's zero-shot
 * redaction test ({@code obs-fixture.json}: request r2 on channel lethe, model z version 0 → 1,
 * 1,100 weights, removed weights in chunk 0 only): re-verified against the mask and block Fisher
 * the provider recorded, as the chaincode's RewriteProofs does; every alteration of the record
 * or the bundle, and a missing record, fails with its reason.
 */
class ObsProofAuditTest {
  static final Path FIXTURE = Path.of("../chaincode/contracts/src/test/resources/zk/obs-fixture.json");
  private JsonNode fx;
  private Map<ChunkKind, VerifyingKey> keys;
  private ProofAudit.Dag dag;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ObjectMapper().readTree(Files.readAllBytes(FIXTURE));
    keys = Map.of(ChunkKind.OBS, VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkObs").asText())));
    dag = new ProofAudit.Dag(Paradigm.ZERO_SHOT, List.of("z"), List.of("z", "y"), Map.of("z", List.of(), "y", List.of("z")), "1");
  }

  private long[] raw(String field) {
    return AuditFixtures.raws(fx, field);
  }

  private static List<String> hex(List<BigInteger> xs) {
    return AuditFixtures.hex(xs);
  }

  /** The 64 Fisher blocks of chunk 0 the fixture's proof commits to, as the provider recorded them. */
  private ObsFisher provenFisher() {
    TreeMap<Integer, long[]> blocks = new TreeMap<>();
    JsonNode all = fx.get("fisherBlocks0");
    for (int b = 0; b < all.size(); b++) {
      long[] h = new long[all.get(b).size()];
      for (int e = 0; e < h.length; e++) {
        h[e] = all.get(b).get(e).asLong();
      }
      blocks.put(b, h);
    }
    return new ObsFisher(blocks);
  }

  private ProofAudit.MaskRead recorded(String request, String model, long version, String mask, ObsFisher fisher) {
    return ProofAudit.MaskRead.of(new RecordedMask(request, model, version, fx.get("weights").asLong(),
        ObsMask.parse(mask).removed().length, mask, fisher.encode(), "UsersMSP::provider", "tx-mask", 0L));
  }

  private ProofAudit.MaskRead honestMask(String model) {
    return recorded("r2", model, 0, fx.get("mask").asText(), provenFisher());
  }

  private ProofAudit.Rewrite rewrite(String model, String proofBase64, String fisherDigest) {
    ProofBundle b = new ProofBundle("obs", fx.get("weights").asLong(), hex(ZkDigest.chunkSubroots(raw("w"))),
        hex(ZkDigest.chunkSubroots(raw("wNew"))), null, List.of(new ChunkProof(0, proofBase64, fisherDigest)));
    return new ProofAudit.Rewrite("tx-zs", model, 1, FieldBytes.toHex(ZkDigest.digest(raw("w"))),
        FieldBytes.toHex(ZkDigest.digest(raw("wNew"))), b);
  }

  private ProofAudit.Rewrite honest() {
    return rewrite("z", fx.get("obsProof0").asText(), fx.get("fisherDigest0").asText());
  }

  private static String sha256(RecordedMask m) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Json.bytes(m)));
  }

  /** {@code r} as the redaction's endorsed write names it: checked by the chaincode against {@code onLedger}. */
  private static ProofAudit.Rewrite checkedAgainst(ProofAudit.Rewrite r, RecordedMask onLedger) throws Exception {
    return new ProofAudit.Rewrite(r.fabricTxId(), r.model(), r.nextVersion(), r.oldZkDigest(), r.newZkDigest(), r.proof(),
        onLedger == null ? null : sha256(onLedger));
  }

  /** The check, the chaincode having checked the bundle against the first mask record read (unless {@code r} names one). */
  private CheckResult check(ProofAudit.Rewrite r, ProofAudit.MaskRead... masks) {
    RecordedMask onLedger = Arrays.stream(masks).map(ProofAudit.MaskRead::recorded).filter(java.util.Objects::nonNull)
        .findFirst().orElse(null);
    try {
      return checkAsGiven(r.recordedMaskSha256() == null ? checkedAgainst(r, onLedger) : r, masks);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private CheckResult checkAsGiven(ProofAudit.Rewrite r, ProofAudit.MaskRead... masks) {
    return ProofAudit.check("lethe", "r2", List.of(r), keys, dag, List.of(masks));
  }

  private static ProofAudit.Outcome outcome(CheckResult r) {
    return ((ProofAudit.Evidence) r.evidence()).rewrites().get(0);
  }

  private static void fails(CheckResult r, String fragment) {
    assertEquals(Verdict.FAIL, r.verdict(), r.reason());
    assertTrue(r.reason().contains("z v1: ") || r.reason().contains("y v1: "), r.reason());
    assertTrue(r.reason().contains(fragment), r.reason());
    assertEquals(Verdict.FAIL.name(), outcome(r).verdict());
  }

  @Test
  void theObsBundleReVerifiesAgainstTheRecordedMaskAndFisher() {
    CheckResult r = check(honest(), honestMask("z"));
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
    assertTrue(r.reason().startsWith("1 proof bundle(s) re-verified"), r.reason());
    assertEquals("re-verified", outcome(r).reason());
    assertEquals(ChunkKind.OBS.keyId(), outcome(r).kind());
  }

  @Test
  void theMasksRequestedAreThoseOfTheModelsPreviousVersions() {
    List<ProofAudit.MaskRead> asked = ProofAudit.masksFor(List.of(honest()),
        (model, version) -> ProofAudit.MaskRead.missing(model, version, "asked"));
    assertEquals(List.of(ProofAudit.MaskRead.missing("z", 0, "asked")), asked);
  }

  @Test
  void aRecordedMaskWithOneRemovedBitMovedFails() {
    ObsMask mask = ObsMask.parse(fx.get("mask").asText());
    ObsMask moved = movedMask();
    assertEquals(mask.removed().length, moved.removed().length);
    fails(check(honest(), recorded("r2", "z", 0, moved.encode(), provenFisher())), "pairing");
  }

  /** The proven Fisher with the first raw of block 0 raised by one. */
  private ObsFisher fisherWithOneRawChanged() {
    ObsFisher proven = provenFisher();
    TreeMap<Integer, long[]> blocks = new TreeMap<>();
    proven.indices().forEach(b -> blocks.put(b, proven.block(b)));
    long[] h = blocks.get(0).clone();
    h[0] += 1;
    blocks.put(0, h);
    return new ObsFisher(blocks);
  }

  @Test
  void aRecordedFisherChangedByOneRawFails() {
    ObsFisher changed = fisherWithOneRawChanged();
    // the bundle claims the digest of the H its proof used: not the recorded one
    fails(check(honest(), recorded("r2", "z", 0, fx.get("mask").asText(), changed)),
        "commits to a block Fisher other than the one the provider recorded");
    // a bundle claiming the changed record's digest: the proof does not verify with it as input
    ProofAudit.Rewrite claims = rewrite("z", fx.get("obsProof0").asText(), FieldBytes.toHex(changed.chunkDigest(0)));
    fails(check(claims, recorded("r2", "z", 0, fx.get("mask").asText(), changed)), "pairing");
  }

  @Test
  void theDigestTheBundleClaimsIsNeverTheInput() {
    // an honest record, a bundle claiming another digest: refused, whatever the proof
    ProofAudit.Rewrite claims = rewrite("z", fx.get("obsProof0").asText(),
        FieldBytes.toHex(FieldBytes.fromHex(fx.get("fisherDigest0").asText()).add(BigInteger.ONE)));
    fails(check(claims, honestMask("z")), "other than the one the provider recorded");
  }

  @Test
  void aFlippedProofByteFails() {
    byte[] p = Base64.getDecoder().decode(fx.get("obsProof0").asText());
    p[100] ^= 1;
    CheckResult r = check(rewrite("z", Base64.getEncoder().encodeToString(p), fx.get("fisherDigest0").asText()),
        honestMask("z"));
    assertEquals(Verdict.FAIL, r.verdict(), r.reason());
    assertTrue(r.reason().contains("z v1: "), r.reason());
  }

  @Test
  void theBundleOfAnotherModelFails() {
    // z's bundle presented as y's, with y's mask recorded as z's: the proof binds z
    ProofAudit.Rewrite z = honest();
    ProofAudit.Rewrite asY = new ProofAudit.Rewrite(z.fabricTxId(), "y", 1, z.oldZkDigest(), z.newZkDigest(), z.proof());
    fails(check(asY, honestMask("y")), "pairing");
  }

  @Test
  void noRecordedMaskFailsNamingIt() {
    fails(check(honest()), "no provider mask recorded for z version 0 under request r2 was read");
    CheckResult refused = check(honest(), ProofAudit.MaskRead.missing("z", 0, "ACCESS_DENIED: the masks of request r2 "
        + "are readable by ..."));
    fails(refused, "LiveLedger:GetMask: ACCESS_DENIED");
    // a mask of another version, or one recorded under another request, is not the statement's
    fails(check(honest(), recorded("r2", "z", 1, fx.get("mask").asText(), provenFisher())), "no provider mask recorded");
    ProofAudit.MaskRead otherRequest = recorded("r9", "z", 0, fx.get("mask").asText(), provenFisher());
    fails(check(honest(), otherRequest), "is recorded for z version 0 under request r9");
  }

  @Test
  void anUnreadableRecordFails() {
    ProofAudit.MaskRead good = honestMask("z");
    RecordedMask m = good.recorded();
    fails(check(honest(), ProofAudit.MaskRead.of(new RecordedMask(m.requestId(), m.modelId(), m.version(), m.weights(),
        m.removed(), "obs1.garbage", m.fisher(), m.provider(), m.fabricTxId(), m.at()))), "recorded mask of z");
    fails(check(honest(), ProofAudit.MaskRead.of(new RecordedMask(m.requestId(), m.modelId(), m.version(), m.weights(),
        m.removed(), m.mask(), "fis1.garbage", m.provider(), m.fabricTxId(), m.at()))), "recorded Fisher of z");
  }

  @Test
  void withoutTheObsKeyItIsNotChecked() {
    CheckResult r = ProofAudit.check("lethe", "r2", List.of(honest()), Map.of(), dag, List.of(honestMask("z")));
    assertEquals(Verdict.NOT_CHECKED, r.verdict());
    assertTrue(outcome(r).reason().contains("no verifying key chunk-obs"), outcome(r).reason());
  }

  /** The fixture's mask with its first removed weight moved to the next free weight of its block. */
  private ObsMask movedMask() {
    ObsMask mask = ObsMask.parse(fx.get("mask").asText());
    int[] removed = mask.removed().clone();
    for (int k = 0; k < removed.length; k++) {
      int p = removed[k] + 1;
      if (p / 16 == removed[k] / 16 && Arrays.binarySearch(removed, p) < 0 && Arrays.binarySearch(mask.frozen(), p) < 0) {
        removed[k] = p;
        break;
      }
    }
    return new ObsMask(mask.weights(), removed, mask.frozen());
  }

  // --- the mask read must be the record the chaincode checked the bundle against (its hash in the redaction's write)

  @Test
  void aMaskTheBundleProvesButTheChaincodeDidNotCheckItAgainstFails() throws Exception {
    // the provider recorded another mask (or Fisher); a dishonest auditor, a lying gateway or an edited
    // folder hands over the one the proof verifies with: refused by the hash the committee endorsed
    RecordedMask proven = honestMask("z").recorded();
    RecordedMask movedOnLedger = recorded("r2", "z", 0, movedMask().encode(), provenFisher()).recorded();
    fails(checkAsGiven(checkedAgainst(honest(), movedOnLedger), honestMask("z")),
        "not the record the chaincode checked the bundle against");
    RecordedMask otherH = recorded("r2", "z", 0, proven.mask(), fisherWithOneRawChanged()).recorded();
    fails(checkAsGiven(checkedAgainst(honest(), otherH), honestMask("z")), "differs from recordedMaskSha256");
    // one field of the record changed (another provider named): another hash
    RecordedMask otherProvider = new RecordedMask(proven.requestId(), proven.modelId(), proven.version(),
        proven.weights(), proven.removed(), proven.mask(), proven.fisher(), "UsersMSP::someone-else",
        proven.fabricTxId(), proven.at());
    fails(checkAsGiven(checkedAgainst(honest(), otherProvider), honestMask("z")), "not the record the chaincode checked");
    // the honest pair passes
    assertEquals(Verdict.PASS, checkAsGiven(checkedAgainst(honest(), proven), honestMask("z")).verdict());
  }

  @Test
  void aRedactionRecordThatNamesNoMaskHashFails() {
    fails(checkAsGiven(honest(), honestMask("z")), "names no recorded mask hash");
  }

  @Test
  void theMasksKeptInTheFolderReadBackForAuditVerify(@TempDir Path dir) throws Exception {
    ProofAudit.MaskRead good = honestMask("z");
    ProofAudit.MaskRead none = ProofAudit.MaskRead.missing("y..1", 0, "NOT_FOUND: no mask is recorded");
    ObjectMapper m = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode files = m.createObjectNode();
    for (ProofAudit.MaskRead r : List.of(good, none)) {
      Path f = dir.resolve(AuditRun.maskFile(r.model(), r.version()));
      Files.createDirectories(f.getParent());
      Files.write(f, JsonText.PRETTY.writeValueAsBytes(r));
      files.put(AuditRun.maskFile(r.model(), r.version()), "sha");
    }
    files.put("masks/../report.json", "sha"); // never read outside masks/
    List<ProofAudit.MaskRead> back = AuditRun.keptMasks(dir, files);
    assertEquals(2, back.size());
    assertTrue(back.contains(good) && back.contains(none), back.toString());
    assertEquals(JsonText.PRETTY.valueToTree(check(honest(), good)), JsonText.PRETTY.valueToTree(
        check(honest(), back.toArray(ProofAudit.MaskRead[]::new))));
  }
}
