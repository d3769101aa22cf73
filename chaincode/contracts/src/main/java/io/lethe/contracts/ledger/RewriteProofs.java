package io.lethe.contracts.ledger;

import io.lethe.contracts.Check;
import io.lethe.contracts.system.SystemContract;
import io.lethe.contracts.zk.ZkRegistry;
import io.lethe.fixedpoint.CascadeStep;
import io.lethe.ledger.Dag;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Rational;
import io.lethe.ledger.Records.Payload;
import io.lethe.ledger.Records.StartDelta;
import io.lethe.ledger.Records.UnlearningRequest;
import io.lethe.zk.ChunkBind;
import io.lethe.zk.ChunkBundle;
import io.lethe.zk.ChunkBundleVerifier;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import io.lethe.zk.VerifyingKey;
import io.lethe.zk.ZkDigest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The proof a rewrite carries (DESIGN §5), checked with every public input taken from the
 * ledger: the old digest from the stored payload, the new one from the rewrite, {@code bind}
 * from (channel, request, model, new version), and the statement's own inputs from the
 * request. Parallel requests: a starting model proves {@code delta} (Δ = W′ − W, whose chunk
 * subroots are recorded for the request) and an inheriting model proves {@code cascade} with
 * the chaincode's own {@code k_s = round(α·discount_s·2¹⁶)} and the recorded Δ of each start.
 * Zero-shot requests: every model proves {@code obs} under the mask the provider recorded for
 * (request, model, current version) ({@link ZeroShotMasks}) and the digest of the block Fisher
 * the provider recorded with it (a chunk proof committing to another H is refused).
 * Sequential rewrites have no statement (the re-training is the client's); a bundle for one is
 * refused. With the governance parameter {@code zk.required = true} every rewrite without a
 * bundle is refused (so sequential rewrites cannot happen while it is on).
 */
final class RewriteProofs {
  /** Starts one cascade chunk proof covers (the circuit's fixed width). */
  static final int MAX_STARTS = 4;
  static final int MAX_PROOF_BYTES = 4096;

  /** What one rewrite proved; null fields when it carried no proof. */
  record Proven(String kind, int chunksProven, int chunksUnchanged) {
    static final Proven NONE = new Proven(null, 0, 0);
  }

  private final LedgerState state;
  private final UnlearningRequest request;
  private final Paradigm paradigm;
  private final String channel;
  private final boolean required;
  private final Map<ChunkKind, VerifyingKey> keys = new HashMap<>();
  private final Map<String, Map<String, Rational>> discounts = new HashMap<>();
  /** Δs recorded by this transaction: Fabric does not let a transaction read its own writes. */
  private final Map<String, StartDelta> recordedNow = new HashMap<>();
  private final Map<String, List<String>> refsOf = new HashMap<>();
  private Rational alpha;

  RewriteProofs(LedgerState state, UnlearningRequest request, String channel) {
    this.state = state;
    this.request = request;
    this.paradigm = Paradigm.parse(request.paradigm());
    this.channel = channel;
    this.required = SystemContract.value(state.stub(), GovernanceParameters.ZK_REQUIRED).map("true"::equals)
        .orElse(false);
  }

  /** Checks the bundle of one rewrite (and records a start's Δ); refuses with a clear reason. */
  Proven check(String modelId, long nextVersion, Payload old, byte[] newDigest, ProofBundle in) {
    if (in == null) {
      // zk.required means no unproven rewrite: sequential rewrites have no statement, so while it is on they are refused.
      Check.require(!required, ErrorCode.VERIFICATION_FAILED,
          "rewrite of " + modelId + " carries no proof bundle; this network requires one (" + GovernanceParameters.ZK_REQUIRED
              + ")" + (paradigm == Paradigm.SEQUENTIAL ? "; sequential rewrites have no proof statement" : ""));
      return Proven.NONE;
    }
    Check.require(paradigm != Paradigm.SEQUENTIAL, ErrorCode.INVALID_ARGUMENT,
        "sequential rewrites have no proof statement (the re-training is the client's); send none");
    // Once per request: a second delta would replace the recorded Δ that descendants not yet
    // rewritten must inherit, and a second cascade step would apply the same Δ again.
    Check.require(request.changes().stream().noneMatch(c -> c.txId().equals(modelId)), ErrorCode.FAILED_PRECONDITION,
        modelId + " was already rewritten under request " + request.id()
            + "; a proven rewrite (a start's Δ, a cascade step, an obs step) applies once per request");
    boolean zeroShot = paradigm == Paradigm.ZERO_SHOT;
    boolean start = request.startingModels().contains(modelId);
    ChunkKind expectedKind = zeroShot ? ChunkKind.OBS : start ? ChunkKind.DELTA : ChunkKind.CASCADE;
    Check.require(expectedKind.word().equals(in.kind()), ErrorCode.INVALID_ARGUMENT,
        "the rewrite of " + (zeroShot ? "zero-shot" : start ? "starting" : "inheriting") + " model " + modelId
            + " proves '" + expectedKind.word() + "', the bundle says '" + in.kind() + "'");
    ChunkBundle bundle = parse(in, modelId, expectedKind);
    long n = bundle.weights();
    BigInteger bind = ChunkBind.bind(channel, request.id(), modelId, nextVersion);
    BigInteger oldDigest = FieldBytes.fromHex(old.zkDigest());
    BigInteger newZk = new BigInteger(1, newDigest);
    ChunkBundleVerifier.Expected expected;
    List<BigInteger> deltaSubroots = null;
    if (zeroShot) {
      Check.require(in.deltaSubroots() == null, ErrorCode.INVALID_ARGUMENT,
          "deltaSubroots belong to a starting model's bundle, not to " + modelId + "'s");
      expected = obs(modelId, nextVersion - 1, oldDigest, newZk, bind, in);
    } else if (start) {
      deltaSubroots = subroots(in.deltaSubroots(), "deltaSubroots of " + modelId, ZkDigest.chunkCount(n));
      List<BigInteger> delta = deltaSubroots;
      expected = new ChunkBundleVerifier.Expected(oldDigest, newZk, bind, i -> List.of(delta.get(i)),
          i -> !delta.get(i).equals(ZkDigest.zeroChunkSubroot(n, i)));
    } else {
      Check.require(in.deltaSubroots() == null, ErrorCode.INVALID_ARGUMENT,
          "deltaSubroots belong to a starting model's bundle, not to " + modelId + "'s");
      expected = cascade(modelId, n, oldDigest, newZk, bind);
    }
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(key(expectedKind), bundle, expected);
    Check.require(v.valid(), ErrorCode.VERIFICATION_FAILED,
        "proof bundle of " + modelId + " version " + nextVersion + " refused: " + v.reason());
    // the mask record the obs bundle was checked against, by hash: the auditor re-verifies with that record only
    String maskSha256 = zeroShot ? java.util.HexFormat.of().formatHex(state.maskHash(request.id(), modelId,
        nextVersion - 1)) : null;
    state.putProof(new io.lethe.ledger.Records.ProvenRewrite(request.id(), modelId, nextVersion, in, maskSha256));
    if (start && !zeroShot) {
      StartDelta d = new StartDelta(request.id(), modelId, nextVersion, n,
          deltaSubroots.stream().map(FieldBytes::toHex).toList());
      state.putDelta(d);
      recordedNow.put(modelId, d);
    }
    return new Proven(expectedKind.word(), v.chunksProven(), v.chunksUnchanged());
  }

  /**
   * The {@code obs} statement of {@code modelId}: the provider's mask recorded for its current
   * version under this request (none recorded: refused), and per chunk the digest of the
   * provider's recorded block Fisher ({@link ObsFisher#chunkDigest}).
   */
  private ChunkBundleVerifier.Expected obs(String modelId, long version, BigInteger oldDigest, BigInteger newDigest,
      BigInteger bind, ProofBundle in) {
    Check.require(state.maskRecorded(request.id(), modelId, version), ErrorCode.FAILED_PRECONDITION,
        "no provider mask is recorded for " + modelId + " version " + version + " under request " + request.id()
            + "; an obs proof is checked against the provider's mask only (lethe unlearn mask --request "
            + request.id() + " --as provider)");
    io.lethe.ledger.Records.RecordedMask recorded = state.mask(request.id(), modelId, version);
    Check.require(recorded != null, ErrorCode.FAILED_PRECONDITION,
        "the mask of " + modelId + " version " + version + " is not on this peer");
    ObsMask mask;
    try {
      mask = ObsMask.parse(recorded.mask());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.FAILED_PRECONDITION, "the recorded mask of " + modelId + " is unreadable: " + e.getMessage());
    }
    ObsFisher fisher;
    try {
      fisher = ObsFisher.parse(recorded.fisher());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.FAILED_PRECONDITION, "the recorded Fisher of " + modelId + " is unreadable: " + e.getMessage());
    }
    Map<Integer, BigInteger> expectedFisher = new HashMap<>();
    for (ChunkProof p : in.chunks() == null ? List.<ChunkProof>of() : in.chunks()) {
      byte[] b = Check.hex(p.fisherDigest(), "fisherDigest of chunk " + p.index() + " of " + modelId, 32);
      BigInteger claimed = new BigInteger(1, b);
      Check.require(claimed.compareTo(io.lethe.zk.Bls12381.SCALAR_FIELD_ORDER) < 0, ErrorCode.INVALID_ARGUMENT,
          "fisherDigest of chunk " + p.index() + " of " + modelId + " is not a BLS12-381 scalar");
      if (!mask.touches(p.index())) {
        continue; // a proof of an untouched chunk is refused by the bundle check, with that reason
      }
      BigInteger recordedDigest = expectedFisher.computeIfAbsent(p.index(), fisher::chunkDigest);
      // the circuit would refuse it too (the digest is a public input); this names the cause
      Check.require(claimed.equals(recordedDigest), ErrorCode.VERIFICATION_FAILED,
          "chunk proof " + p.index() + " of " + modelId + " commits to a block Fisher other than the one the provider"
              + " recorded; the compensation must use the recorded H");
    }
    return ChunkBundleVerifier.Expected.obs(oldDigest, newDigest, bind, mask,
        i -> expectedFisher.computeIfAbsent(i, fisher::chunkDigest));
  }

  private ChunkBundleVerifier.Expected cascade(String modelId, long n, BigInteger oldDigest, BigInteger newDigest,
      BigInteger bind) {
    List<String> starts = request.startingModels();
    Check.require(starts.size() <= MAX_STARTS, ErrorCode.FAILED_PRECONDITION,
        "a cascade proof covers at most " + MAX_STARTS + " starting models; request " + request.id() + " has "
            + starts.size());
    long[] k = new long[MAX_STARTS];
    List<List<BigInteger>> deltas = new ArrayList<>();
    for (int s = 0; s < MAX_STARTS; s++) {
      if (s >= starts.size()) {
        deltas.add(null);
        continue;
      }
      String start = starts.get(s);
      Rational d = discounts(start).getOrDefault(modelId, Rational.ZERO);
      Rational scaled = alpha().times(d);
      k[s] = CascadeStep.coefficient(scaled.numerator(), scaled.denominator());
      if (k[s] == 0) {
        deltas.add(null);
        continue;
      }
      StartDelta recorded = recordedNow.containsKey(start) ? recordedNow.get(start) : state.delta(request.id(), start);
      Check.require(recorded != null, ErrorCode.FAILED_PRECONDITION,
          "starting model " + start + " has no proven Δ under request " + request.id()
              + "; rewrite the starting models first");
      Check.require(recorded.weights() == n, ErrorCode.VERIFICATION_FAILED,
          modelId + " has " + n + " weights, the Δ of " + start + " " + recorded.weights());
      deltas.add(recorded.subroots().stream().map(FieldBytes::fromHex).toList());
    }
    return ChunkBundleVerifier.Expected.cascade(oldDigest, newDigest, bind, n, k, deltas);
  }

  /**
   * {@code Σ_paths ∏ 1/N_j} from {@code start} to every model of the request's cascade
   * ({@link Dag#discountsAlong}). Only the cascade fixed at opening is walked: walking the whole
   * DAG let anyone who publishes children of a start make every cascade proof slow, or fail with
   * an uncaught {@link Dag.CascadeTooLarge}.
   */
  private Map<String, Rational> discounts(String start) {
    return discounts.computeIfAbsent(start, s -> Dag.discountsAlong(request.cascade(), s, this::refs));
  }

  private List<String> refs(String id) {
    return refsOf.computeIfAbsent(id, m -> state.requireTx(m).refs());
  }

  private Rational alpha() {
    if (alpha == null) {
      alpha = GovernanceParameters.alpha(
          SystemContract.value(state.stub(), GovernanceParameters.UNLEARNING_ALPHA).orElse("1"));
    }
    return alpha;
  }

  private VerifyingKey key(ChunkKind kind) {
    return keys.computeIfAbsent(kind, k -> {
      try {
        return VerifyingKey.parse(ZkRegistry.registered(state.stub(), k.keyId()));
      } catch (IllegalArgumentException e) {
        throw Check.fail(ErrorCode.FAILED_PRECONDITION, "registered key " + k.keyId() + " is malformed: " + e.getMessage());
      }
    });
  }

  private static ChunkBundle parse(ProofBundle in, String modelId, ChunkKind kind) {
    Check.require(in.weights() != null && in.weights() >= 1
            && in.weights() <= (long) ChunkBundleVerifier.MAX_CHUNKS * ChunkBundleVerifier.CHUNK_WEIGHTS,
        ErrorCode.INVALID_ARGUMENT, "weights of " + modelId + "'s bundle must be 1.."
            + (long) ChunkBundleVerifier.MAX_CHUNKS * ChunkBundleVerifier.CHUNK_WEIGHTS);
    int chunks = ZkDigest.chunkCount(in.weights());
    List<BigInteger> oldSubroots = subroots(in.oldSubroots(), "oldSubroots of " + modelId, chunks);
    List<BigInteger> newSubroots = subroots(in.newSubroots(), "newSubroots of " + modelId, chunks);
    List<ChunkProof> proofs = in.chunks() == null ? List.of() : in.chunks();
    Check.require(proofs.size() <= chunks, ErrorCode.INVALID_ARGUMENT,
        modelId + "'s bundle has " + proofs.size() + " proofs for " + chunks + " chunks");
    List<ChunkBundle.ChunkProof> parsed = new ArrayList<>();
    for (ChunkProof p : proofs) {
      Check.require(p != null && p.index() != null && p.proof() != null, ErrorCode.INVALID_ARGUMENT,
          "a chunk proof of " + modelId + " lacks its index or proof");
      Check.require((kind == ChunkKind.OBS) == (p.fisherDigest() != null), ErrorCode.INVALID_ARGUMENT,
          "chunk proof " + p.index() + " of " + modelId + (kind == ChunkKind.OBS
              ? " carries no fisherDigest; an obs proof commits to the provider's recorded block Fisher"
              : " carries a fisherDigest; only obs proofs have one"));
      Check.require(p.proof().length() <= MAX_PROOF_BYTES * 4 / 3 + 4, ErrorCode.INVALID_ARGUMENT,
          "chunk proof " + p.index() + " of " + modelId + " is too long");
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(p.proof());
      } catch (IllegalArgumentException e) {
        throw Check.fail(ErrorCode.INVALID_ARGUMENT, "chunk proof " + p.index() + " of " + modelId + " is not base64");
      }
      parsed.add(new ChunkBundle.ChunkProof(p.index(), bytes));
    }
    return new ChunkBundle(kind, in.weights(), oldSubroots, newSubroots, parsed);
  }

  private static List<BigInteger> subroots(List<String> hex, String what, int expected) {
    Check.require(hex != null && hex.size() == expected, ErrorCode.INVALID_ARGUMENT,
        what + " must list " + expected + " chunk subroots" + (hex == null ? "" : ", got " + hex.size()));
    List<BigInteger> out = new ArrayList<>(expected);
    for (String h : hex) {
      byte[] b = Check.hex(h, what, 32);
      BigInteger x = new BigInteger(1, b);
      Check.require(x.compareTo(io.lethe.zk.Bls12381.SCALAR_FIELD_ORDER) < 0, ErrorCode.INVALID_ARGUMENT,
          what + ": a subroot is not a BLS12-381 scalar");
      out.add(x);
    }
    return out;
  }
}
