package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.VerifyingKey;
import io.lethe.zk.ZkDigest;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proofs check with the Groth16 fixture of the chaincode's proof-gated redaction test
 * (a delta proof of starting model "s" of request "r1" on channel "lethe", version 1). The obs
 * cases: {@link ObsProofAuditTest}.
 */
class ProofAuditTest {
  private JsonNode fx;
  private Map<ChunkKind, VerifyingKey> keys;

  @BeforeEach
  void setUp() throws Exception {
    fx = AuditFixtures.json("redaction-fixture.json");
    keys = Map.of(ChunkKind.DELTA, VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkDelta").asText())),
        ChunkKind.CASCADE, VerifyingKey.parse(Base64.getDecoder().decode(fx.get("vkCascade").asText())));
  }

  private long[] raw(String field) {
    return AuditFixtures.raws(fx, field);
  }

  private static List<String> hex(List<BigInteger> xs) {
    return AuditFixtures.hex(xs);
  }

  private ProofAudit.Rewrite rewrite(String proofBase64) {
    long[] ws = raw("ws");
    long[] wsNew = raw("wsNew");
    long[] delta = new long[ws.length];
    for (int i = 0; i < ws.length; i++) {
      delta[i] = wsNew[i] - ws[i];
    }
    ProofBundle b = new ProofBundle("delta", fx.get("weights").asLong(), hex(ZkDigest.chunkSubroots(ws)),
        hex(ZkDigest.chunkSubroots(wsNew)), hex(ZkDigest.chunkSubroots(delta)), List.of(new ChunkProof(0, proofBase64)));
    return new ProofAudit.Rewrite("tx1", "s", 1, FieldBytes.toHex(ZkDigest.digest(ws)),
        FieldBytes.toHex(ZkDigest.digest(wsNew)), b);
  }

  /** The fixture's DAG: s and o published alone, y refs (s, o), z refs (s); request r1 starts at s. */
  private static final ProofAudit.Dag DAG = new ProofAudit.Dag(Paradigm.PARALLEL, List.of("s"), List.of("s", "y", "z"),
      Map.of("s", List.of(), "o", List.of(), "y", List.of("s", "o"), "z", List.of("s")), "1");

  private CheckResult check(ProofAudit.Rewrite... r) {
    return ProofAudit.check(fx.get("channel").asText(), fx.get("request").asText(), List.of(r), keys, DAG, List.of());
  }

  private ProofAudit.Rewrite cascade(String proofBase64) {
    ProofBundle b = new ProofBundle("cascade", fx.get("weights").asLong(), hex(ZkDigest.chunkSubroots(raw("wy"))),
        hex(ZkDigest.chunkSubroots(raw("wyNew"))), null, List.of(new ChunkProof(0, proofBase64)));
    return new ProofAudit.Rewrite("tx1", "y", 1, FieldBytes.toHex(ZkDigest.digest(raw("wy"))),
        FieldBytes.toHex(ZkDigest.digest(raw("wyNew"))), b);
  }

  @Test
  void theAuditorRecomputesTheChaincodesK() {
    // y inherits half of s (refs s and o): k = round(1 · 1/2 · 2^16), the fixture's k
    assertEquals(fx.get("k").asLong(), io.lethe.fixedpoint.CascadeStep.coefficient(
        ProofAudit.discounts(DAG, "s").get("y").numerator(), ProofAudit.discounts(DAG, "s").get("y").denominator()));
  }

  @Test
  void aCascadeBundleReVerifiesWithTheStartsDelta() {
    CheckResult r = check(rewrite(fx.get("deltaProof0").asText()), cascade(fx.get("cascadeProof0").asText()));
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
    assertTrue(r.reason().startsWith("2 proof bundle(s) re-verified"), r.reason());
  }

  @Test
  void aFlippedCascadeProofByteFails() {
    byte[] p = Base64.getDecoder().decode(fx.get("cascadeProof0").asText());
    p[200] ^= 1;
    CheckResult r = check(rewrite(fx.get("deltaProof0").asText()), cascade(Base64.getEncoder().encodeToString(p)));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("y v1"), r.reason());
  }

  @Test
  void aCascadeUnderAnotherAlphaFails() {
    ProofAudit.Dag other = new ProofAudit.Dag(DAG.paradigm(), DAG.starts(), DAG.cascade(), DAG.refs(), "0.5");
    CheckResult r = ProofAudit.check("lethe", "r1", List.of(rewrite(fx.get("deltaProof0").asText()),
        cascade(fx.get("cascadeProof0").asText())), keys, other, List.of());
    assertEquals(Verdict.FAIL, r.verdict());
  }

  @Test
  void aCascadeWithoutItsStartsBundleFails() {
    CheckResult r = check(cascade(fx.get("cascadeProof0").asText()));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("has no delta bundle"), r.reason());
  }

  /** The request's statement is the chaincode's choice, not the bundle's: a valid proof of another statement fails. */
  private CheckResult checkUnder(ProofAudit.Dag dag, ProofAudit.Rewrite... r) {
    return ProofAudit.check(fx.get("channel").asText(), fx.get("request").asText(), List.of(r), keys, dag, List.of());
  }

  @Test
  void aValidDeltaProofOnAZeroShotRewriteFails() {
    ProofAudit.Dag zeroShot = new ProofAudit.Dag(Paradigm.ZERO_SHOT, DAG.starts(), DAG.cascade(), DAG.refs(), "1");
    CheckResult r = checkUnder(zeroShot, rewrite(fx.get("deltaProof0").asText()));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("must prove 'obs', the bundle proves 'delta'"), r.reason());
  }

  @Test
  void aBundleOnASequentialRewriteFails() {
    ProofAudit.Dag sequential = new ProofAudit.Dag(Paradigm.SEQUENTIAL, DAG.starts(), DAG.cascade(), DAG.refs(), "1");
    CheckResult r = checkUnder(sequential, rewrite(fx.get("deltaProof0").asText()));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("sequential request's rewrites have no proof statement"), r.reason());
  }

  @Test
  void aValidDeltaProofOnAnInheritingModelFails() {
    // the same valid delta bundle, but s is not a start of this request: its rewrite must prove the cascade step
    ProofAudit.Dag otherStart = new ProofAudit.Dag(Paradigm.PARALLEL, List.of("o"), DAG.cascade(), DAG.refs(), "1");
    CheckResult r = checkUnder(otherStart, rewrite(fx.get("deltaProof0").asText()));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("inheriting model s must prove 'cascade', the bundle proves 'delta'"), r.reason());
  }

  @Test
  void aSecondProvenRewriteOfAModelFails() {
    ProofAudit.Rewrite ok = rewrite(fx.get("deltaProof0").asText());
    CheckResult r = check(ok, ok);
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("a second proven rewrite of s"), r.reason());
  }

  @Test
  void anUnknownParadigmFails() {
    ProofAudit.Dag unknown = new ProofAudit.Dag(null, DAG.starts(), DAG.cascade(), DAG.refs(), "1");
    assertEquals(Verdict.FAIL, checkUnder(unknown, rewrite(fx.get("deltaProof0").asText())).verdict());
  }

  @Test
  void theBundleOnTheLedgerReVerifies() {
    CheckResult r = check(rewrite(fx.get("deltaProof0").asText()));
    assertEquals(Verdict.PASS, r.verdict(), r.reason());
  }

  @Test
  void aFlippedProofByteFails() {
    byte[] p = Base64.getDecoder().decode(fx.get("deltaProof0").asText());
    p[100] ^= 1;
    CheckResult r = check(rewrite(Base64.getEncoder().encodeToString(p)));
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("s v1"), r.reason());
  }

  @Test
  void aProofBoundToAnotherVersionFails() {
    ProofAudit.Rewrite ok = rewrite(fx.get("deltaProof0").asText());
    ProofAudit.Rewrite other = new ProofAudit.Rewrite(ok.fabricTxId(), ok.model(), 2, ok.oldZkDigest(), ok.newZkDigest(),
        ok.proof());
    assertEquals(Verdict.FAIL, check(other).verdict());
  }

  @Test
  void noBundleIsNotChecked() {
    ProofAudit.Rewrite ok = rewrite(fx.get("deltaProof0").asText());
    CheckResult r = check(new ProofAudit.Rewrite(ok.fabricTxId(), ok.model(), 1, ok.oldZkDigest(), ok.newZkDigest(), null));
    assertEquals(Verdict.NOT_CHECKED, r.verdict());
    assertEquals(ProofAudit.NO_BUNDLE, r.reason());
  }

  @Test
  void noKeyIsNotChecked() {
    CheckResult r = ProofAudit.check("lethe", "r1", List.of(rewrite(fx.get("deltaProof0").asText())), Map.of(), DAG,
        List.of());
    assertEquals(Verdict.NOT_CHECKED, r.verdict());
  }
}
