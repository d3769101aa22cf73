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
import io.lethe.ledger.MaskKey;
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
  private RecordMaskBlock.Party provider;
  private RecordMaskBlock.Party committeePeer;
  private OrgCas cas;

  @BeforeEach
  void setUp() throws Exception {
    AuditFixtures.Pki users = AuditFixtures.pki("users");
    AuditFixtures.Pki committee1 = AuditFixtures.pki("committee1");
    provider = RecordMaskBlock.Party.of("UsersMSP", users);
    committeePeer = RecordMaskBlock.Party.of("Committee1MSP", committee1);
    cas = OrgCas.of(Map.of("UsersMSP", users.ca(), "Committee1MSP", committee1.ca()));
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
        ObsMask.parse(mask).removed().length, mask, fisher.encode(), "UsersMSP::provider",
        "tx-mask-" + request + "-" + model + "-" + version, 0L));
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

  /** The block of the provider's RecordMask transaction that wrote {@code m} (committed valid, a committee peer endorsing). */
  private LedgerTransaction recording(RecordedMask m) throws Exception {
    return RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 0, provider, committeePeer, MaskKey.COLLECTION,
        MaskKey.of(m.requestId(), m.modelId(), m.version()), Json.bytes(m));
  }

  /** The check with each mask read anchored by the block that recorded exactly it. */
  private CheckResult check(ProofAudit.Rewrite r, ProofAudit.MaskRead... masks) {
    List<LedgerTransaction> ledger = new java.util.ArrayList<>();
    for (ProofAudit.MaskRead m : masks) {
      if (m.recorded() != null) {
        try {
          ledger.add(recording(m.recorded()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return check(r, ledger, masks);
  }

  private CheckResult check(ProofAudit.Rewrite r, List<LedgerTransaction> ledger, ProofAudit.MaskRead... masks) {
    return ProofAudit.check("lethe", "r2", List.of(r), keys, dag, List.of(masks), MaskAnchor.of(ledger, cas));
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

  @Test
  void aRecordedFisherChangedByOneRawFails() {
    ObsFisher proven = provenFisher();
    TreeMap<Integer, long[]> blocks = new TreeMap<>();
    proven.indices().forEach(b -> blocks.put(b, proven.block(b)));
    long[] h = blocks.get(0).clone();
    h[0] += 1;
    blocks.put(0, h);
    ObsFisher changed = new ObsFisher(blocks);
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
    CheckResult r = ProofAudit.check("lethe", "r2", List.of(honest()), Map.of(), dag, List.of(honestMask("z")),
        MaskAnchor.of(List.of(), cas));
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

  // --- the mask read is anchored to the provider's RecordMask transaction (MaskAnchor)

  @Test
  void aMaskTheBundleProvesButTheProviderDidNotRecordFails() throws Exception {
    // the provider recorded another mask; the client proved the fixture's mask, and the gateway (or
    // a report folder) hands the auditor the proven one: its proof verifies, but the ledger's hash is
    // of the recorded one
    ProofAudit.MaskRead proven = honestMask("z");
    RecordedMask p = proven.recorded();
    RecordedMask onLedger = new RecordedMask(p.requestId(), p.modelId(), p.version(), p.weights(), p.removed(),
        movedMask().encode(), p.fisher(), p.provider(), p.fabricTxId(), p.at());
    fails(check(honest(), List.of(recording(onLedger)), proven), "not the provider's record on the ledger");
    fails(check(honest(), List.of(recording(onLedger)), proven), "value hash");
    // the same with the Fisher: the ledger's record has another H, the proven one is presented
    ObsFisher proven2 = provenFisher();
    TreeMap<Integer, long[]> blocks = new TreeMap<>();
    proven2.indices().forEach(b -> blocks.put(b, proven2.block(b)));
    long[] h = blocks.get(0).clone();
    h[0] += 1;
    blocks.put(0, h);
    RecordedMask otherH = new RecordedMask(p.requestId(), p.modelId(), p.version(), p.weights(), p.removed(), p.mask(),
        new ObsFisher(blocks).encode(), p.provider(), p.fabricTxId(), p.at());
    fails(check(honest(), List.of(recording(otherH)), proven), "value hash");
  }

  @Test
  void aMaskWithoutItsRecordingBlockFails() {
    fails(check(honest(), List.of(), honestMask("z")), "is not in the evidence");
  }

  @Test
  void aRecordingThatIsNotAValidRecordMaskFails() throws Exception {
    RecordedMask m = honestMask("z").recorded();
    byte[] value = Json.bytes(m);
    String key = MaskKey.of(m.requestId(), m.modelId(), m.version());
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 11, provider, committeePeer,
        MaskKey.COLLECTION, key, value)), honestMask("z")), "committed invalid (validation code 11)");
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RedactBatch", 0, provider, committeePeer,
        MaskKey.COLLECTION, key, value)), honestMask("z")), "is a RedactBatch, not a RecordMask");
    // written under another version's key, or into another collection
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 0, provider, committeePeer,
        MaskKey.COLLECTION, MaskKey.of(m.requestId(), m.modelId(), 1), value)), honestMask("z")),
        "wrote no mask of z version 0 under request r2");
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 0, provider, committeePeer,
        "live", key, value)), honestMask("z")), "wrote no mask of z");
  }

  @Test
  void aRecordingOutsideTheProvidersOrgOrWithoutACommitteeEndorsementFails() throws Exception {
    RecordedMask m = honestMask("z").recorded();
    byte[] value = Json.bytes(m);
    String key = MaskKey.of(m.requestId(), m.modelId(), m.version());
    // submitted by a committee identity, not the provider's org
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 0, committeePeer, committeePeer,
        MaskKey.COLLECTION, key, value)), honestMask("z")), "not by an identity of the provider's org UsersMSP");
    // "endorsed" by the provider itself (a UsersMSP key): no committee peer signed the write set
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 0, provider, provider,
        MaskKey.COLLECTION, key, value)), honestMask("z")), "no endorsement of a committee peer that verifies");
    // a forger's own CA naming itself Committee1MSP
    RecordMaskBlock.Party forged = RecordMaskBlock.Party.of("Committee1MSP", AuditFixtures.pki("committee1"));
    fails(check(honest(), List.of(RecordMaskBlock.tx(m.fabricTxId(), "RecordMask", 0, provider, forged,
        MaskKey.COLLECTION, key, value)), honestMask("z")), "no endorsement of a committee peer that verifies");
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
