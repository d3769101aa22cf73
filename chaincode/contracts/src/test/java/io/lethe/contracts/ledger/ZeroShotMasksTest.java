package io.lethe.contracts.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.contracts.system.SystemContract;
import io.lethe.contracts.system.SystemInfo;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.RecordMask;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.TransientFields;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.FisherDigest;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import io.lethe.zk.ZkDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider's masks on zero-shot requests ({@code LiveLedger:RecordMask}): only the identity
 * governance names records one, once per (request, model, version), for a model of an open
 * zero-shot request's cascade at its current version, of the model's own size, in the mask's
 * canonical encoding. Every forgery is refused with its code and leaves world state and private
 * data byte-identical.
 */
class ZeroShotMasksTest {
  static final String REQUEST = "zs";
  static final int N = 1_100;
  private final SystemContract system = new SystemContract();
  private LedgerFixture f;
  private String provider;

  @BeforeEach
  void setUp() {
    f = new LedgerFixture();
    f.setKey();
    f.publish("user1", model("a", weights(1), List.of()), model("o", weights(2), List.of()));
    f.publish("user2", model("b", weights(3), List.of("a")));
    f.openRequest("user1", LedgerFixture.requestJson(REQUEST, List.of("a"), "classes:3", "obs", "zero-shot"));
    provider = identity("provider");
    setParameter(GovernanceParameters.ZEROSHOT_PROVIDER, provider);
  }

  /** The full identity of a UsersMSP client as the chaincode sees it (what {@code lethe system info} prints). */
  private String identity(String name) {
    SystemInfo info = system.info(f.peer.proposal(Orgs.USERS, name, Orgs.COMMITTEE1).context());
    return info.getMspId() + "::" + info.getClientId();
  }

  private void setParameter(String key, String value) {
    f.govern("param-" + key + value.hashCode(), new Governance.Action("set-parameter", null, null, null, null, null, key,
        value, null));
  }

  private static long[] weights(int seed) {
    long[] w = new long[N];
    for (int i = 0; i < N; i++) {
      w[i] = ((i * 7919L + seed * 104729L) % 20001) - 10000;
    }
    return w;
  }

  private NewModel model(String id, long[] w, List<String> refs) {
    return LedgerRequests.newModel(f.pk, LedgerFixture.CHANNEL, id, "bafy-" + id, FieldBytes.toBytes32(ZkDigest.digest(w)),
        refs, f.rnd);
  }

  private static ObsMask mask(long n) {
    return new ObsMask(n, new int[] {3, 17, 40}, new int[] {4, 5});
  }

  private static List<String> subroots(long[] w) {
    return ZkDigest.chunkSubroots(w).stream().map(FieldBytes::toHex).toList();
  }

  /** A Fisher covering the touched blocks of {@code mask}: H = I (raws 2^16 on the diagonal). */
  static ObsFisher fisher(ObsMask mask) {
    java.util.TreeMap<Integer, long[]> blocks = new java.util.TreeMap<>();
    for (int p : mask.removed()) {
      long[] h = new long[FisherDigest.ENTRIES];
      for (int r = 0; r < FisherDigest.BLOCK; r++) {
        h[FisherDigest.upper(r, r)] = 1L << 16;
      }
      blocks.put(p / FisherDigest.BLOCK, h);
    }
    return new ObsFisher(blocks);
  }

  private static String input(String request, String model, long version, String mask, List<String> subroots) {
    return input(request, model, version, mask, subroots, fisher(safe(mask)).encode());
  }

  /** {@code mask} if it parses, else a one-weight mask (the Fisher of a malformed mask does not matter). */
  private static ObsMask safe(String mask) {
    try {
      return ObsMask.parse(mask);
    } catch (IllegalArgumentException e) {
      return new ObsMask(N, new int[] {3}, new int[] {});
    }
  }

  private static String input(String request, String model, long version, String mask, List<String> subroots,
      String fisher) {
    return Json.string(new RecordMask(request, model, version, mask, subroots, fisher));
  }

  private String good(String model, long[] w) {
    return input(REQUEST, model, 0, mask(N).encode(), subroots(w));
  }

  private String record(String who, String input) {
    return f.submit(Orgs.USERS, who, "client", Map.of(TransientFields.MASK, input), LedgerFixture.ALL_COMMITTEE,
        f.live::RecordMask);
  }

  private JsonNode getMask(String msp, String who, String model) {
    return LedgerFixture.json(f.query(msp, who, ctx -> f.live.GetMask(ctx, REQUEST, model, 0)));
  }


  @Test
  void theProviderRecordsOneMaskPerModelVersionKeptPrivate() {
    JsonNode out = LedgerFixture.json(record("provider", good("a", weights(1))));
    assertEquals(3, out.get("removed").asInt());
    assertEquals(N, out.get("weights").asLong());
    record("provider", good("b", weights(3)));
    // the clients that compensate, the committee and the requester read it back
    JsonNode m = getMask(Orgs.USERS, "user2", "b");
    assertEquals(mask(N).encode(), m.get("mask").asText());
    assertEquals(provider, m.get("provider").asText());
    assertEquals(fisher(mask(N)).encode(), m.get("fisher").asText());
    assertEquals(mask(N).encode(), getMask(Orgs.COMMITTEE2, "member", "a").get("mask").asText());
    assertEquals(mask(N).encode(), getMask(Orgs.USERS, "user1", "a").get("mask").asText());
    // the mask is private data, beside the forget text; public state holds no copy of it
    assertTrue(f.peer.snapshotPrivate().get(LedgerState.REQUESTS_COLLECTION).keySet().stream()
        .anyMatch(k -> k.contains(LedgerState.MASK)));
    assertTrue(f.peer.snapshotState().values().stream()
        .noneMatch(v -> new String(v, StandardCharsets.UTF_8).contains(mask(N).encode())));
    // the auditor reads it to re-verify the obs proofs (lethe audit report)
    JsonNode audited = getMask(Orgs.AUDITOR, "auditor", "a");
    assertEquals(mask(N).encode(), audited.get("mask").asText());
    assertEquals(fisher(mask(N)).encode(), audited.get("fisher").asText());
    // an FL user outside the request and its cascade may not read it (even with the auditor's name),
    // and a model without one says which command records it
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "readable by", () -> getMask(Orgs.USERS, "user9", "a"));
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "readable by", () -> getMask(Orgs.USERS, "auditor", "b"));
    f.refusedUnchanged(ErrorCode.NOT_FOUND, "lethe unlearn mask --request zs", () -> f.query(Orgs.COMMITTEE1,
        ctx -> f.live.GetMask(ctx, REQUEST, "a", 1)));
  }

  /**
   * The auditor ties a mask it reads to the one an obs redaction was checked against by hash
   * (ProvenRewrite.recordedMaskSha256, the private-data hash of the stored record): the stored value
   * is exactly the canonical JSON of the record GetMask returns, so the SHA-256 of the one is the
   * SHA-256 of the other.
   */
  @Test
  void theStoredMaskIsTheCanonicalJsonOfWhatGetMaskReturns() throws Exception {
    record("provider", good("a", weights(1)));
    List<byte[]> stored = f.peer.snapshotPrivate().get(LedgerState.REQUESTS_COLLECTION).entrySet().stream()
        .filter(e -> e.getKey().contains(LedgerState.MASK)).map(java.util.Map.Entry::getValue).toList();
    assertEquals(1, stored.size());
    io.lethe.ledger.Records.RecordedMask read = Json.MAPPER.treeToValue(getMask(Orgs.AUDITOR, "auditor", "a"),
        io.lethe.ledger.Records.RecordedMask.class);
    assertEquals(new String(stored.get(0), StandardCharsets.UTF_8), new String(Json.bytes(read), StandardCharsets.UTF_8));
  }

  @Test
  void theProviderReadsTheForgetTextOfZeroShotRequestsOnly() {
    assertEquals("classes:3", LedgerFixture.json(f.query(Orgs.USERS, "provider", ctx -> f.live.GetForget(ctx, REQUEST)))
        .get("forget").asText());
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "zero-shot provider", () -> f.query(Orgs.USERS, "user2",
        ctx -> f.live.GetForget(ctx, REQUEST)));
    f.openRequest("user1", LedgerFixture.requestJson("par", List.of("a"), "classes:4", "gradient-ascent", "parallel"));
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "zero-shot provider", () -> f.query(Orgs.USERS, "provider",
        ctx -> f.live.GetForget(ctx, "par")));
  }

  @Test
  void onlyTheNamedProviderRecordsAMask() {
    // the requester itself, another user, a committee member: not the provider
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "only the zero-shot provider", () -> record("user1", good("a", weights(1))));
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "only the zero-shot provider", () -> record("user2", good("b", weights(3))));
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "only the zero-shot provider", () -> f.submit(Orgs.COMMITTEE1, "provider",
        "client", Map.of(TransientFields.MASK, good("a", weights(1))), LedgerFixture.ALL_COMMITTEE, f.live::RecordMask));
    // a certificate with the provider's name from another issuer is another identity
    f.refusedUnchanged(ErrorCode.ACCESS_DENIED, "only the zero-shot provider", () -> f.submit(Orgs.USERS, "provider",
        "client", "rogue-ca", Map.of(TransientFields.MASK, good("a", weights(1))), LedgerFixture.ALL_COMMITTEE,
        f.live::RecordMask));
    // governance accepts only a full identity as the provider
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "full identity", () -> f.admin(Orgs.COMMITTEE1,
        ctx -> f.governance.propose(ctx, "bad-provider", Json.string(new Governance.Action("set-parameter", null, null,
            null, null, null, GovernanceParameters.ZEROSHOT_PROVIDER, "user1", null)))));
  }

  @Test
  void withoutANamedProviderNobodyRecordsAMask() {
    LedgerFixture fresh = new LedgerFixture();
    fresh.setKey();
    LedgerFixture kept = f;
    f = fresh;
    f.publish("user1", model("a", weights(1), List.of()));
    f.openRequest("user1", LedgerFixture.requestJson(REQUEST, List.of("a"), "classes:3", "obs", "zero-shot"));
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, GovernanceParameters.ZEROSHOT_PROVIDER,
        () -> record("provider", good("a", weights(1))));
    f = kept;
  }

  @Test
  void aMaskIsWrittenOnce() {
    record("provider", good("a", weights(1)));
    f.refusedUnchanged(ErrorCode.ALREADY_EXISTS, "written once", () -> record("provider", good("a", weights(1))));
    f.refusedUnchanged(ErrorCode.ALREADY_EXISTS, "written once", () -> record("provider",
        input(REQUEST, "a", 0, new ObsMask(N, new int[] {9}, new int[] {}).encode(), subroots(weights(1)))));
  }

  @Test
  void onlyModelsOfAnOpenZeroShotRequestsCascadeAtTheirCurrentVersion() {
    // o is not below a
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "not in the cascade", () -> record("provider", good("o", weights(2))));
    // wrong version: the model is at 0
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "is at version 0", () -> record("provider",
        input(REQUEST, "a", 1, mask(N).encode(), subroots(weights(1)))));
    // no such request
    f.refusedUnchanged(ErrorCode.NOT_FOUND, "no unlearning request", () -> record("provider",
        input("nope", "a", 0, mask(N).encode(), subroots(weights(1)))));
    // a parallel request over the same model
    f.openRequest("user1", LedgerFixture.requestJson("par", List.of("a"), "classes:4", "gradient-ascent", "parallel"));
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "masks belong to zero-shot requests", () -> record("provider",
        input("par", "a", 0, mask(N).encode(), subroots(weights(1)))));
    // a closed zero-shot request
    f.openRequest("user1", LedgerFixture.requestJson("closed", List.of("a"), "classes:5", "obs", "zero-shot"));
    f.govern("close", new Governance.Action("close-request", null, null, "stopped", null, null, null, null, "closed"));
    f.refusedUnchanged(ErrorCode.FAILED_PRECONDITION, "is CLOSED", () -> record("provider",
        input("closed", "a", 0, mask(N).encode(), subroots(weights(1)))));
  }

  @Test
  void theMaskHasTheModelsSizeAndItsCanonicalEncoding() {
    long[] w = weights(1);
    // a mask for 1,101 weights, with subroots of 1,101 weights: they do not rebuild the model's digest
    long[] longer = java.util.Arrays.copyOf(w, N + 1);
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "do not rebuild the model's zkDigest", () -> record("provider",
        input(REQUEST, "a", 0, mask(N + 1).encode(), subroots(longer))));
    // the right size with another model's subroots
    f.refusedUnchanged(ErrorCode.VERIFICATION_FAILED, "do not rebuild the model's zkDigest", () -> record("provider",
        input(REQUEST, "a", 0, mask(N).encode(), subroots(weights(3)))));
    // a subroot count that does not fit the mask's size
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "must list 2 chunk subroots", () -> record("provider",
        input(REQUEST, "a", 0, mask(N).encode(), subroots(w).subList(0, 1))));
    // malformed encodings
    String enc = mask(N).encode();
    for (String bad : List.of("", "not a mask", enc.substring(0, enc.length() / 2), enc + ".",
        "obs2" + enc.substring(4), enc.replace("." + N + ".", ".0" + N + "."), enc + "=")) {
      f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "mask", () -> record("provider",
          input(REQUEST, "a", 0, bad, subroots(w))));
    }
    // an empty mask removes nothing
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "mask", () -> record("provider",
        input(REQUEST, "a", 0, new ObsMask(N, new int[] {}, new int[] {}).encode(), subroots(w))));
    // no version, no transient field
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "version", () -> record("provider",
        "{\"requestId\":\"zs\",\"modelId\":\"a\",\"mask\":\"" + enc + "\",\"subroots\":[]}"));
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "mask", () -> f.submit(Orgs.USERS, "provider", "client", Map.of(),
        LedgerFixture.ALL_COMMITTEE, f.live::RecordMask));
    record("provider", good("a", w));
  }

  @Test
  void theFisherCoversEveryTouchedBlockInItsCanonicalEncoding() {
    long[] w = weights(1);
    String enc = mask(N).encode();
    ObsFisher good = fisher(mask(N));
    // none: the client would compensate with an H of its own choosing
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "needs the provider's block Fisher", () -> record("provider",
        input(REQUEST, "a", 0, enc, subroots(w), null)));
    // longer than the 3 MiB bound, refused before it is parsed
    String oversized = "fis1.1." + "A".repeat(ZeroShotMasks.MAX_FISHER_CHARS);
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "needs the provider's block Fisher", () -> record("provider",
        input(REQUEST, "a", 0, enc, subroots(w), oversized)));
    // a touched block (removed weight 40, block 2) without H
    java.util.TreeMap<Integer, long[]> partial = new java.util.TreeMap<>();
    for (int b : good.indices()) {
      if (b != 2) {
        partial.put(b, good.block(b));
      }
    }
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "holds removed weight 40 but has no recorded H", () -> record(
        "provider", input(REQUEST, "a", 0, enc, subroots(w), new ObsFisher(partial).encode())));
    // a block past the model's 69 blocks
    java.util.TreeMap<Integer, long[]> past = new java.util.TreeMap<>(partial);
    past.put(2, good.block(2));
    past.put(69, good.block(2));
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "past the model's", () -> record("provider",
        input(REQUEST, "a", 0, enc, subroots(w), new ObsFisher(past).encode())));
    // malformed or non-canonical text: truncated, another version, padded, a leading zero, a count
    // that does not match, blocks out of order, a raw past 2^40
    String text = good.encode();
    String[] parts = text.split("\\.");
    byte[] payload = java.util.Base64.getUrlDecoder().decode(parts[2]);
    byte[] swapped = payload.clone();
    int blockBytes = 4 + 8 * FisherDigest.ENTRIES;
    System.arraycopy(payload, 0, swapped, blockBytes, blockBytes);
    System.arraycopy(payload, blockBytes, swapped, 0, blockBytes);
    byte[] huge = payload.clone();
    java.nio.ByteBuffer.wrap(huge).putLong(4, 1L << 40);
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    for (String bad : List.of("", "fis1", text.substring(0, text.length() - 3), "fis2" + text.substring(4), text + "=",
        "fis1.0" + parts[1] + "." + parts[2], "fis1." + (Integer.parseInt(parts[1]) + 1) + "." + parts[2],
        "fis1." + parts[1] + "." + b64.encodeToString(swapped), "fis1." + parts[1] + "." + b64.encodeToString(huge))) {
      f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "Fisher", () -> record("provider",
          input(REQUEST, "a", 0, enc, subroots(w), bad)));
    }
    JsonNode out = LedgerFixture.json(record("provider", input(REQUEST, "a", 0, enc, subroots(w), text)));
    assertEquals(3, out.get("removed").asInt());
  }

  @Test
  void aFisherAtAScaleOrWithACouplingTheCircuitCannotProveIsRefused() {
    long[] w = weights(1);
    ObsMask mask = mask(N);
    String enc = mask.encode();
    ObsFisher good = fisher(mask);
    // 100·I and I/128: as good a Fisher for OBS (scale-free), but every honest client's proof
    // would miss the circuit's absolute tolerances, leaving the request unprovable
    for (long diag : new long[] {100L << 16, 1L << 9}) {
      java.util.TreeMap<Integer, long[]> m = new java.util.TreeMap<>();
      good.indices().forEach(b -> {
        long[] h = new long[FisherDigest.ENTRIES];
        for (int r = 0; r < FisherDigest.BLOCK; r++) {
          h[FisherDigest.upper(r, r)] = diag;
        }
        m.put(b, h);
      });
      f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "scaled to mean diagonal", () -> record("provider",
          input(REQUEST, "a", 0, enc, subroots(w), new ObsFisher(m).encode())));
    }
    // the model's last block (N = 1,100 weights: block 68 holds 12 real weights and 4 padding
    // coordinates) with padding coupled to a real weight: the padding row of C could not be zero
    long last = (N - 1) / FisherDigest.BLOCK;
    ObsMask lastBlock = new ObsMask(N, new int[] {3, (int) last * FisherDigest.BLOCK + 2}, new int[] {});
    ObsFisher lastGood = fisher(lastBlock);
    java.util.TreeMap<Integer, long[]> coupled = new java.util.TreeMap<>();
    lastGood.indices().forEach(b -> coupled.put(b, lastGood.block(b)));
    long[] h = lastGood.block((int) last);
    h[FisherDigest.upper(2, 14)] = 1L << 12;
    coupled.put((int) last, h);
    f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "couples padding coordinate 14", () -> record("provider",
        input(REQUEST, "a", 0, lastBlock.encode(), subroots(w), new ObsFisher(coupled).encode())));
    JsonNode out = LedgerFixture.json(record("provider", input(REQUEST, "a", 0, lastBlock.encode(), subroots(w),
        lastGood.encode())));
    assertEquals(2, out.get("removed").asInt());
  }

  @Test
  void aSingularOrIllConditionedFisherIsRefused() {
    long[] w = weights(1);
    String enc = mask(N).encode();
    ObsFisher good = fisher(mask(N));
    // block 0 (removed weight 3, frozen 4 and 5): weight 7 free, its row of H zero (C[7] would be
    // the client's: any move of weight 7), or its eigenvalue 2^-16 of a trace near 30
    for (long diag : new long[] {0, 1}) {
      java.util.TreeMap<Integer, long[]> m = new java.util.TreeMap<>();
      good.indices().forEach(b -> m.put(b, good.block(b)));
      long[] h = good.block(0);
      h[FisherDigest.upper(7, 7)] = diag;
      m.put(0, h);
      f.refusedUnchanged(ErrorCode.INVALID_ARGUMENT, "Fisher block 0 is not well conditioned", () -> record("provider",
          input(REQUEST, "a", 0, enc, subroots(w), new ObsFisher(m).encode())));
    }
    JsonNode out = LedgerFixture.json(record("provider", input(REQUEST, "a", 0, enc, subroots(w), good.encode())));
    assertEquals(3, out.get("removed").asInt());
  }
}
