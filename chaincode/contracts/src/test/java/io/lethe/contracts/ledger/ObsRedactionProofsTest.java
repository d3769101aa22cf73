package io.lethe.contracts.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.contracts.system.SystemContract;
import io.lethe.contracts.system.SystemInfo;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.Inputs.RecordMask;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.ProvenRewrite;
import io.lethe.ledger.TransientFields;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import io.lethe.zk.ZkDigest;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Proofs gate zero-shot redactions (DESIGN §5 obs), with a real gnark {@code chunk-obs} proof
 * ({@code prover-native/engine/fixtures_test.go} TestWriteObsFixture): request {@code r2}
 * rewrites model {@code z} (1,100 weights, two chunks; only chunk 0 holds removed weights) under
 * the mask the provider recorded. The chaincode takes the mask from the ledger, never from the
 * bundle. Every forgery — another model's proof, a flipped byte, a mask recorded other than the
 * proof's, another Fisher digest, a missing or extra chunk proof, no recorded mask, an obs bundle
 * on a parallel request, a delta bundle on a zero-shot one — is refused and leaves world state and
 * private data byte-identical.
 */
class ObsRedactionProofsTest {
  static final String REQUEST = "r2";
  private LedgerFixture f;
  private JsonNode fx;
  private long n;

  @BeforeEach
  void setUp() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/zk/obs-fixture.json")) {
      fx = Json.MAPPER.readTree(in);
    }
    n = fx.get("weights").asLong();
    assertEquals(LedgerFixture.CHANNEL, fx.get("channel").asText());
    assertEquals(REQUEST, fx.get("request").asText());
    assertEquals("z", fx.get("model").asText());
    f = new LedgerFixture();
    f.setKey();
    govern("vk-obs", new Governance.Action("register-verifying-key", null, null, null, "chunk-obs",
        fx.get("vkObs").asText(), null, null, null));
    setParameter(GovernanceParameters.ZEROSHOT_PROVIDER, provider());
    // y (refs z) has z's weights: z's proof presented as y's differs only in its bind
    f.publish("user1", model("z", raw("w"), List.of()));
    f.publish("user2", model("y", raw("w"), List.of("z")));
    f.openRequest("user1", LedgerFixture.requestJson(REQUEST, List.of("z"), "classes:3", "obs", "zero-shot"));
  }

  private String provider() {
    SystemInfo info = new SystemContract().info(f.peer.proposal(Orgs.USERS, "provider", Orgs.COMMITTEE1).context());
    return info.getMspId() + "::" + info.getClientId();
  }

  private void govern(String id, Governance.Action a) {
    f.govern(id, a);
  }

  private void setParameter(String key, String value) {
    govern("param-" + key + value.hashCode(), new Governance.Action("set-parameter", null, null, null, null, null, key,
        value, null));
  }

  private long[] raw(String field) {
    JsonNode a = fx.get(field);
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  private int[] positions(String field) {
    return Arrays.stream(raw(field)).mapToInt(x -> (int) x).toArray();
  }

  private NewModel model(String id, long[] weights, List<String> refs) {
    return LedgerRequests.newModel(f.pk, LedgerFixture.CHANNEL, id, "bafy-" + id,
        FieldBytes.toBytes32(ZkDigest.digest(weights)), refs, f.rnd);
  }

  private static List<String> hex(List<BigInteger> xs) {
    return xs.stream().map(FieldBytes::toHex).toList();
  }

  /** The 64 Fisher blocks of chunk 0 the fixture's proof commits to, as the provider records them. */
  private ObsFisher provenFisher() {
    java.util.TreeMap<Integer, long[]> blocks = new java.util.TreeMap<>();
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

  /** The provider records {@code mask} for {@code model} version 0 under {@code request}, with the proven Fisher. */
  private void recordMask(String request, String model, String mask) {
    recordMask(request, model, mask, provenFisher());
  }

  private void recordMask(String request, String model, String mask, ObsFisher fisher) {
    String in = Json.string(new RecordMask(request, model, 0L, mask, hex(ZkDigest.chunkSubroots(raw("w"))),
        fisher.encode()));
    f.submit(Orgs.USERS, "provider", "client", Map.of(TransientFields.MASK, in), LedgerFixture.ALL_COMMITTEE,
        f.live::RecordMask);
  }

  private ProofBundle obsBundle() {
    return new ProofBundle("obs", n, hex(ZkDigest.chunkSubroots(raw("w"))), hex(ZkDigest.chunkSubroots(raw("wNew"))),
        null, List.of(new ChunkProof(0, fx.get("obsProof0").asText(), fx.get("fisherDigest0").asText())));
  }

  private static ProofBundle withProofs(ProofBundle b, List<ChunkProof> chunks) {
    return new ProofBundle(b.kind(), b.weights(), b.oldSubroots(), b.newSubroots(), b.deltaSubroots(), chunks);
  }

  /** A committee-signed redaction of {@code id} to wNew under {@code request}, carrying {@code bundle}. */
  private Redaction redaction(String request, String id, ProofBundle bundle) {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    updates.put(id, new NewPayload("bafy-" + id + "-v1", FieldBytes.toBytes32(ZkDigest.digest(raw("wNew")))));
    LiveTransaction t = f.tx(id);
    Map<String, LiveTransaction> txs = new HashMap<>(Map.of(id, t));
    Map<Long, LiveBlock> blocks = new HashMap<>(Map.of(t.block(), f.block(t.block())));
    Redaction r = LedgerRequests.redaction(LedgerFixture.CHANNEL, request, updates, txs, blocks,
        (k, ctx, c, msg) -> InProcessCommittee.adapt(f.committee.publicKey(), f.committee.shares().subList(0, 2), ctx, c,
            msg, f.rnd).randomness());
    List<Rewrite> rewrites = new ArrayList<>();
    for (Rewrite rw : r.rewrites()) {
      rewrites.add(new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest(), rw.refs(), rw.r(), rw.s(), bundle));
    }
    return new Redaction(r.requestId(), rewrites, r.headers(), null);
  }

  private String submit(Redaction r) {
    return f.committee(Map.of(TransientFields.REDACTION, Json.string(r)), f.live::RedactBatch);
  }

  private String submitZ(UnaryOperator<ProofBundle> forge) {
    return submit(redaction(REQUEST, "z", forge.apply(obsBundle())));
  }


  private static String flipByte(String base64, int at) {
    byte[] b = Base64.getDecoder().decode(base64);
    b[at] ^= 1;
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void theFixturesFisherIsTheOneItsProofCommitsTo() {
    // known answer: Java's digest of the recorded blocks equals the Go prover's public input
    assertEquals(fx.get("fisherDigest0").asText(), FieldBytes.toHex(provenFisher().chunkDigest(0)));
    assertEquals(provenFisher(), ObsFisher.parse(provenFisher().encode()));
  }

  @Test
  void aProofCommittingToAnotherFisherThanTheRecordedOneIsRefused() {
    // the red-team witness of prover-native/chunks/obs_gap_test.go: a client that compensates with
    // an H of its own (here: block 0 of the proven one, one entry changed) and proves honestly
    // against it. The provider recorded the other H, so the proof's Fisher input is not the ledger's.
    ObsFisher proven = provenFisher();
    java.util.TreeMap<Integer, long[]> recorded = new java.util.TreeMap<>();
    for (int b : proven.indices()) {
      recorded.put(b, proven.block(b));
    }
    recorded.get(0)[1] += 1;
    recordMask(REQUEST, "z", fx.get("mask").asText(), new ObsFisher(recorded));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "other than the one the provider recorded", () -> submitZ(b -> b));
    // the client claims the recorded digest while its proof used its own H: the pairing fails
    String recordedDigest = FieldBytes.toHex(new ObsFisher(recorded).chunkDigest(0));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of z", () -> submitZ(b -> withProofs(b,
        List.of(new ChunkProof(0, fx.get("obsProof0").asText(), recordedDigest)))));
  }

  @Test
  void theFixturesMaskIsTheEncodedOne() {
    ObsMask m = ObsMask.parse(fx.get("mask").asText());
    assertEquals(n, m.weights());
    assertTrue(Arrays.equals(positions("removed"), m.removed()));
    assertTrue(Arrays.equals(positions("frozen"), m.frozen()));
  }

  @Test
  void aProvenZeroShotRewriteUnderTheRecordedMaskCommits() {
    setParameter(GovernanceParameters.ZK_REQUIRED, "true");
    recordMask(REQUEST, "z", fx.get("mask").asText());
    JsonNode proof = LedgerFixture.json(submitZ(b -> b)).get("rewritten").get(0).get("proof");
    assertEquals("obs", proof.get("statement").asText());
    assertEquals(1, proof.get("chunksProven").asInt());
    assertEquals(1, proof.get("chunksUnchanged").asInt());
    assertEquals(1, f.tx("z").version());
    // the verified bundle, with its Fisher digest, is in public state for the auditor
    var kept = f.peer.snapshotState().entrySet().stream().filter(e -> e.getKey().contains(LedgerState.PROOF)).toList();
    assertEquals(1, kept.size());
    ProvenRewrite p = Json.read(kept.get(0).getValue(), ProvenRewrite.class);
    assertEquals("obs", p.bundle().kind());
    assertEquals(fx.get("fisherDigest0").asText(), p.bundle().chunks().get(0).fisherDigest());
    // with the hash of the mask record it was checked against: the stored record's SHA-256
    byte[] record = f.peer.snapshotPrivate().get(LedgerState.REQUESTS_COLLECTION).entrySet().stream()
        .filter(e -> e.getKey().contains(LedgerState.MASK)).findFirst().orElseThrow().getValue();
    assertEquals(java.util.HexFormat.of().formatHex(sha256(record)), p.recordedMaskSha256());
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aProofForAnotherModelOrATamperedProofIsRefused() {
    recordMask(REQUEST, "z", fx.get("mask").asText());
    recordMask(REQUEST, "y", fx.get("mask").asText());
    // z's proof as y's: same weights, same mask, another bind
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of y",
        () -> submit(redaction(REQUEST, "y", obsBundle())));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of z", () -> submitZ(b -> withProofs(b,
        List.of(new ChunkProof(0, flipByte(fx.get("obsProof0").asText(), 100), fx.get("fisherDigest0").asText())))));
    // another Fisher digest than the one the proof committed to (and the provider recorded)
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "other than the one the provider recorded", () -> submitZ(b -> withProofs(b,
        List.of(new ChunkProof(0, fx.get("obsProof0").asText(), FieldBytes.toHex(BigInteger.TWO))))));
    // no Fisher digest, a malformed one
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "carries no fisherDigest", () -> submitZ(b -> withProofs(b,
        List.of(new ChunkProof(0, fx.get("obsProof0").asText())))));
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "fisherDigest of chunk 0", () -> submitZ(b -> withProofs(b,
        List.of(new ChunkProof(0, fx.get("obsProof0").asText(), "ff".repeat(32))))));
    submitZ(b -> b);
  }

  @Test
  void exactlyTheChunksHoldingRemovedWeightsCarryProofs() {
    recordMask(REQUEST, "z", fx.get("mask").asText());
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "need a proof", () -> submitZ(b -> withProofs(b, List.of())));
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "must not carry a proof", () -> submitZ(b -> withProofs(b,
        List.of(b.chunks().get(0), new ChunkProof(1, b.chunks().get(0).proof(), b.chunks().get(0).fisherDigest())))));
    submitZ(b -> b);
  }

  @Test
  void theMaskComesFromTheLedgerNotFromTheClient() {
    // no mask recorded: nothing to check the proof against
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "no provider mask is recorded for z",
        () -> submitZ(b -> b));
    // the provider recorded another mask (one removed weight moved to a free neighbour in its block)
    ObsMask proven = ObsMask.parse(fx.get("mask").asText());
    int[] removed = proven.removed();
    int moved = -1;
    for (int k = 0; k < removed.length && moved < 0; k++) {
      for (int d : new int[] {1, -1}) {
        int c = removed[k] + d;
        int block = removed[k] / ObsMask.FISHER_BLOCK;
        if (c >= 0 && c / ObsMask.FISHER_BLOCK == block && Arrays.binarySearch(removed, c) < 0
            && Arrays.binarySearch(proven.frozen(), c) < 0) {
          removed[k] = c;
          moved = k;
          break;
        }
      }
    }
    assertTrue(moved >= 0, "no removed weight could move");
    Arrays.sort(removed);
    ObsMask other = new ObsMask(n, removed, proven.frozen());
    recordMask(REQUEST, "z", other.encode());
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "proof bundle of z", () -> submitZ(b -> b));
  }

  @Test
  void eachParadigmProvesItsOwnStatement() {
    recordMask(REQUEST, "z", fx.get("mask").asText());
    // a delta bundle on the zero-shot request
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "proves 'obs', the bundle says 'delta'", () -> submitZ(b ->
        new ProofBundle("delta", b.weights(), b.oldSubroots(), b.newSubroots(), b.oldSubroots(),
            List.of(new ChunkProof(0, b.chunks().get(0).proof())))));
    // the obs bundle on a parallel request over the same model
    f.openRequest("user1", LedgerFixture.requestJson("par", List.of("z"), "classes:4", "gradient-ascent", "parallel"));
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "proves 'delta', the bundle says 'obs'",
        () -> submit(redaction("par", "z", obsBundle())));
    // a Fisher digest on a delta proof
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "only obs proofs have one", () -> submit(redaction("par", "z",
        new ProofBundle("delta", n, obsBundle().oldSubroots(), obsBundle().newSubroots(), obsBundle().oldSubroots(),
            obsBundle().chunks()))));
    // while proofs are required, a zero-shot rewrite without a bundle
    setParameter(GovernanceParameters.ZK_REQUIRED, "true");
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "carries no proof bundle", () -> submitZ(b -> null));
    submitZ(b -> b);
  }
}
