package io.lethe.contracts.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.TransientFields;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.ZkDigest;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proofs gate parallel redactions (DESIGN §5), with real gnark chunk proofs
 * ({@code prover-native/engine/fixtures_test.go}): start {@code s} proves its Δ, {@code y}
 * (refs s and o, so k = round(½·2¹⁶)) proves its cascade step. Every forgery — a proof for
 * another model or request, a flipped byte, a missing or extra chunk proof, subroots of other
 * weights, a Δ other than the recorded one, a k other than the chaincode's — is refused and
 * leaves world state and private data byte-identical.
 */
class RedactionProofsTest {
  static final String REQUEST = "r1";
  private LedgerFixture f;
  private JsonNode fx;
  private long n;

  @BeforeEach
  void setUp() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/zk/redaction-fixture.json")) {
      fx = Json.MAPPER.readTree(in);
    }
    n = fx.get("weights").asLong();
    f = new LedgerFixture();
    f.setKey();
    register("chunk-delta", fx.get("vkDelta").asText());
    register("chunk-cascade", fx.get("vkCascade").asText());
    f.publish("user1", model("s", raw("ws"), List.of()), f.model("o", List.of()));
    // z (refs s) keeps r1 open after s and y are rewritten
    f.publish("user2", model("y", raw("wy"), List.of("s", "o")), f.model("z", List.of("s")));
    f.openRequest("user1", LedgerFixture.requestJson(REQUEST, List.of("s"), "classes:3", "gradient-ascent", "parallel"));
  }

  private void register(String keyId, String vk) {
    f.govern("vk-" + keyId, new Governance.Action("register-verifying-key", null, null, null, keyId, vk, null, null,
        null));
  }

  private void setParameter(String key, String value) {
    f.govern("param-" + key + value, new Governance.Action("set-parameter", null, null, null, null, null, key, value,
        null));
  }

  private long[] raw(String field) {
    JsonNode a = fx.get(field);
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  private NewModel model(String id, long[] weights, List<String> refs) {
    return LedgerRequests.newModel(f.pk, LedgerFixture.CHANNEL, id, "bafy-" + id,
        FieldBytes.toBytes32(ZkDigest.digest(weights)), refs, f.rnd);
  }

  private static List<String> hex(List<BigInteger> xs) {
    return xs.stream().map(FieldBytes::toHex).toList();
  }

  private ProofBundle deltaBundle() {
    long[] ws = raw("ws");
    long[] wsNew = raw("wsNew");
    long[] delta = new long[ws.length];
    for (int i = 0; i < ws.length; i++) {
      delta[i] = wsNew[i] - ws[i];
    }
    return new ProofBundle("delta", n, hex(ZkDigest.chunkSubroots(ws)), hex(ZkDigest.chunkSubroots(wsNew)),
        hex(ZkDigest.chunkSubroots(delta)), List.of(new ChunkProof(0, fx.get("deltaProof0").asText())));
  }

  private ProofBundle cascadeBundle() {
    return new ProofBundle("cascade", n, hex(ZkDigest.chunkSubroots(raw("wy"))),
        hex(ZkDigest.chunkSubroots(raw("wyNew"))), null, List.of(new ChunkProof(0, fx.get("cascadeProof0").asText())));
  }

  /** A committee-signed redaction of the given models to the given weights, each with its bundle. */
  private Redaction redaction(String requestId, Map<String, long[]> weights, Map<String, ProofBundle> bundles) {
    return redaction(requestId, weights, bundles, "v1");
  }

  private Redaction redaction(String requestId, Map<String, long[]> weights, Map<String, ProofBundle> bundles,
      String tag) {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    Map<String, LiveTransaction> txs = new HashMap<>();
    Map<Long, LiveBlock> blocks = new HashMap<>();
    weights.forEach((id, w) -> {
      updates.put(id, new NewPayload("bafy-" + id + "-" + tag, FieldBytes.toBytes32(ZkDigest.digest(w))));
      LiveTransaction t = f.tx(id);
      txs.put(id, t);
      blocks.put(t.block(), f.block(t.block()));
    });
    Redaction r = LedgerRequests.redaction(LedgerFixture.CHANNEL, requestId, updates, txs, blocks,
        (k, ctx, c, msg) -> InProcessCommittee.adapt(f.committee.publicKey(), f.committee.shares().subList(0, 2), ctx, c,
            msg, f.rnd).randomness());
    List<Rewrite> rewrites = new ArrayList<>();
    for (Rewrite rw : r.rewrites()) {
      rewrites.add(new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest(), rw.refs(), rw.r(), rw.s(), bundles.get(rw.id())));
    }
    return new Redaction(r.requestId(), rewrites, r.headers(), null);
  }

  private Redaction both(UnaryOperator<ProofBundle> onDelta, UnaryOperator<ProofBundle> onCascade) {
    Map<String, long[]> weights = new LinkedHashMap<>();
    weights.put("s", raw("wsNew"));
    weights.put("y", raw("wyNew"));
    Map<String, ProofBundle> bundles = new HashMap<>();
    bundles.put("s", onDelta.apply(deltaBundle()));
    bundles.put("y", onCascade.apply(cascadeBundle()));
    return redaction(REQUEST, weights, bundles);
  }

  private String submit(Redaction r) {
    return f.committee(Map.of(TransientFields.REDACTION, Json.string(r)), f.live::RedactBatch);
  }


  private static ProofBundle withProofs(ProofBundle b, List<ChunkProof> chunks) {
    return new ProofBundle(b.kind(), b.weights(), b.oldSubroots(), b.newSubroots(), b.deltaSubroots(), chunks);
  }

  private static String flipByte(String base64, int at) {
    byte[] b = Base64.getDecoder().decode(base64);
    b[at] ^= 1;
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void aProvenParallelRedactionCommitsAndRecordsTheStartsDelta() {
    JsonNode result = LedgerFixture.json(submit(both(b -> b, b -> b)));
    JsonNode rewritten = result.get("rewritten");
    assertEquals("delta", rewritten.get(0).get("proof").get("statement").asText());
    assertEquals(1, rewritten.get(0).get("proof").get("chunksProven").asInt());
    assertEquals(1, rewritten.get(0).get("proof").get("chunksUnchanged").asInt());
    assertEquals("cascade", rewritten.get(1).get("proof").get("statement").asText());
    assertEquals(1, f.tx("y").version());
    assertTrue(f.peer.snapshotState().keySet().stream().anyMatch(k -> k.contains("lethe.delta")));
    // each verified bundle is kept in public state, so the block's endorsed write set carries it for the auditor
    var proofs = f.peer.snapshotState().entrySet().stream().filter(e -> e.getKey().contains(LedgerState.PROOF)).toList();
    assertEquals(2, proofs.size());
    for (var e : proofs) {
      var p = io.lethe.ledger.Json.read(e.getValue(), io.lethe.ledger.Records.ProvenRewrite.class);
      assertEquals(1, p.version());
      assertEquals(p.modelId().equals("s") ? "delta" : "cascade", p.bundle().kind());
    }
  }

  @Test
  void proofsForAnotherModelRequestOrStatementAreRefused() {
    // the start's delta proof presented as y's (another model: bind and subroots differ)
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of y", () -> submit(both(b -> b,
        b -> withProofs(b, List.of(new ChunkProof(0, fx.get("deltaProof0").asText()))))));
    // the right statement for the wrong model kind
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "proves 'delta'", () -> submit(both(b -> cascadeBundle(), b -> b)));
    // the same bundles replayed under another request over the same models
    f.openRequest("user1", LedgerFixture.requestJson("r2", List.of("s"), "classes:4", "gradient-ascent", "parallel"));
    Map<String, long[]> weights = new LinkedHashMap<>();
    weights.put("s", raw("wsNew"));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of s",
        () -> submit(redaction("r2", weights, Map.of("s", deltaBundle()))));
  }

  @Test
  void aTamperedProofOrSubrootIsRefused() {
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of s", () -> submit(both(
        b -> withProofs(b, List.of(new ChunkProof(0, flipByte(fx.get("deltaProof0").asText(), 100)))), b -> b)));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of y", () -> submit(both(b -> b,
        b -> withProofs(b, List.of(new ChunkProof(0, flipByte(fx.get("cascadeProof0").asText(), 200)))))));
    // subroots of other weights: they no longer rebuild the stored digest
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "old subroots", () -> submit(both(
        b -> new ProofBundle(b.kind(), b.weights(), b.newSubroots(), b.newSubroots(), b.deltaSubroots(), b.chunks()),
        b -> b)));
    // a Δ other than the proven one (chunk 1 claimed changed: needs a proof it does not have)
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "need a proof", () -> submit(both(b -> {
      List<String> d = new ArrayList<>(b.deltaSubroots());
      d.set(1, d.get(0));
      return new ProofBundle(b.kind(), b.weights(), b.oldSubroots(), b.newSubroots(), d, b.chunks());
    }, b -> b)));
    // chunk 0's Δ subroot swapped: the proof was for the real one
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of s", () -> submit(both(b -> {
      List<String> d = new ArrayList<>(b.deltaSubroots());
      d.set(0, FieldBytes.toHex(BigInteger.ONE));
      return new ProofBundle(b.kind(), b.weights(), b.oldSubroots(), b.newSubroots(), d, b.chunks());
    }, b -> b)));
  }

  @Test
  void exactlyTheNeededChunksCarryProofs() {
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "need a proof", () -> submit(both(b -> withProofs(b, List.of()),
        b -> b)));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "must not carry a proof", () -> submit(both(b -> b,
        b -> withProofs(b, List.of(b.chunks().get(0), new ChunkProof(1, b.chunks().get(0).proof()))))));
  }

  @Test
  void theCascadeUsesTheChaincodesCoefficientAndTheRecordedDelta() {
    // y before its start's Δ is recorded
    Map<String, long[]> onlyY = new LinkedHashMap<>();
    onlyY.put("y", raw("wyNew"));
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "rewrite the starting models first",
        () -> submit(redaction(REQUEST, onlyY, Map.of("y", cascadeBundle()))));
    // governance halves α: the proof made with k = ½ no longer matches the chaincode's k = ¼
    setParameter(GovernanceParameters.UNLEARNING_ALPHA, "0.5");
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of y", () -> submit(both(b -> b, b -> b)));
    setParameter(GovernanceParameters.UNLEARNING_ALPHA, "1");
    submit(both(b -> b, b -> b));
  }

  @Test
  void theNetworkCanRequireProofsAndSequentialRewritesCarryNone() {
    setParameter(GovernanceParameters.ZK_REQUIRED, "true");
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "carries no proof bundle", () -> submit(both(b -> b, b -> null)));
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "true or false", () -> f.admin(io.lethe.ledger.Orgs.COMMITTEE1,
        ctx -> f.governance.propose(ctx, "bad", Json.string(new Governance.Action("set-parameter", null, null, null,
            null, null, GovernanceParameters.ZK_REQUIRED, "yes", null)))));
    f.openRequest("user2", LedgerFixture.requestJson("seq", List.of("y"), "classes:4", "retrain", "sequential"));
    Map<String, long[]> weights = new LinkedHashMap<>();
    weights.put("y", raw("wyNew"));
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "sequential rewrites have no proof statement", () -> f.committee(
        Map.of(TransientFields.REDACTION, Json.string(redaction("seq", weights, Map.of("y", cascadeBundle())))),
        f.live::RedactOne));
    // and none goes unproven while proofs are required
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "sequential rewrites have no proof statement", () -> f.committee(
        Map.of(TransientFields.REDACTION, Json.string(redaction("seq", weights, Map.of()))), f.live::RedactOne));
    submit(both(b -> b, b -> b));
  }

  @Test
  void withoutARegisteredKeyNothingVerifies() {
    LedgerFixture fresh = f;
    f = new LedgerFixture();
    f.setKey();
    f.publish("user1", model("s", raw("ws"), List.of()));
    f.openRequest("user1", LedgerFixture.requestJson(REQUEST, List.of("s"), "classes:3", "gradient-ascent", "parallel"));
    Map<String, long[]> weights = new LinkedHashMap<>();
    weights.put("s", raw("wsNew"));
    f.refusedUnchanged(ErrorCode.NOT_FOUND, "chunk-delta", () -> submit(redaction(REQUEST, weights, Map.of("s",
        deltaBundle()))));
    f = fresh;
  }

  // Red-team findings (fresh-context review of the proof gating), each failing before its fix.

  /**
   * A cascade step (or a start's Δ) applies once per request. Before: nothing stopped the
   * committee from rewriting y again under r1 with a fresh proof of w″ = w′ + round(k·Δ/2¹⁶)
   * (Δ applied twice, or any number of times), nor from rewriting s again, which overwrote the
   * recorded Δ so that descendants not yet rewritten would inherit only the last (e.g. tiny)
   * step instead of the forgetting step. The refusal must come before any proof is checked.
   */
  @Test
  void aParallelRewriteAppliesOncePerRequest() {
    setParameter(GovernanceParameters.ZK_REQUIRED, "true");
    submit(both(b -> b, b -> b));
    assertEquals("OPEN", LedgerFixture.json(f.query(io.lethe.ledger.Orgs.COMMITTEE1,
        ctx -> f.live.GetRequest(ctx, REQUEST))).get("status").asText());
    // y again: its second cascade step would apply s's Δ a second time
    Map<String, long[]> y = new LinkedHashMap<>();
    y.put("y", raw("wsNew")); // any new weights; the refusal must not depend on the proof
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "already rewritten under request " + REQUEST,
        () -> submit(redaction(REQUEST, y, Map.of("y", cascadeBundle()), "v2")));
    // s again: a second Δ would replace the recorded one that z has not inherited yet
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("s", raw("wy"));
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "already rewritten under request " + REQUEST,
        () -> submit(redaction(REQUEST, s, Map.of("s", deltaBundle()), "v2")));
  }

  /**
   * Anyone may publish models that reference a starting model after its request opened. The
   * cascade proof's discounts were computed over the whole current DAG below each start (up to
   * Dag.HARD_MAX_CASCADE models, each a range read), so a stranger publishing 16,385 children
   * of s made every cascade rewrite of r1 fail with an uncaught Dag.CascadeTooLarge (a
   * RuntimeException, no error code) and made each one walk the stranger's models. The
   * discounts must come from the request's own cascade, fixed at opening.
   */
  @Test
  void strangersWideningAStartAfterOpeningDoNotBlockTheCascade() {
    int children = io.lethe.ledger.Dag.HARD_MAX_CASCADE + 1;
    for (int batch = 0; batch < children; batch += 512) {
      List<NewModel> wide = new ArrayList<>();
      for (int i = batch; i < Math.min(children, batch + 512); i++) {
        wide.add(f.model("w" + i, List.of("s")));
      }
      f.publish("stranger", wide.toArray(NewModel[]::new));
    }
    JsonNode result = LedgerFixture.json(submit(both(b -> b, b -> b)));
    assertEquals("cascade", result.get("rewritten").get(1).get("proof").get("statement").asText());
  }

  /**
   * zk.required = true left zero-shot rewrites unproven: before the obs statement was wired, a
   * zero-shot request let the committee rewrite any cascade model to anything without a proof.
   * A network that requires proofs refuses a zero-shot rewrite without its obs bundle
   * ({@link ObsRedactionProofsTest} checks the proven path).
   */
  @Test
  void zkRequiredAlsoGatesZeroShotRewrites() {
    setParameter(GovernanceParameters.ZK_REQUIRED, "true");
    f.openRequest("user1", LedgerFixture.requestJson("zs", List.of("s"), "classes:3", "obs", "zero-shot"));
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("s", raw("wsNew"));
    Map<String, ProofBundle> none = new HashMap<>();
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "carries no proof bundle",
        () -> submit(redaction("zs", s, none, "zs")));
  }
}
