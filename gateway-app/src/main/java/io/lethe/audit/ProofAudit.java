package io.lethe.audit;

import io.lethe.fixedpoint.CascadeStep;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Rational;
import io.lethe.ledger.Records;
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
import java.util.List;
import java.util.Map;

/**
 * Check {@code proofs}: each rewrite's proof bundle, as the redaction transaction carried it
 * on the ledger, re-verified with the chaincode's {@link ChunkBundleVerifier} under the key
 * registered for its statement, every public input taken from the ledger (old digest from the
 * archived version, new digest from the rewrite, bind from channel, request, model and
 * version). A rewrite without a bundle leaves the check NOT_CHECKED ("no proof bundle on the
 * ledger"). A {@code cascade} bundle is checked with the chaincode's own inputs recomputed by
 * the auditor: {@code k_s = round(α·discount_s·2¹⁶)} ({@link CascadeStep}) with the discounts
 * walked over the request's cascade and the models' refs, and each start's Δ subroots from the
 * start's own delta bundle of the same request. An {@code obs} bundle is checked as the
 * chaincode's {@code RewriteProofs} checks it: against the mask and block Fisher the zero-shot
 * provider recorded for the model's previous version under the request (read through the
 * auditor's gateway, {@code LiveLedger:GetMask}, and given here as {@link MaskRead}s), the Fisher
 * input of each touched chunk being the recorded Fisher's {@link ObsFisher#chunkDigest}, never
 * the digest the bundle claims, and the record being the one whose hash the redaction's endorsed
 * write names ({@link Records.ProvenRewrite#recordedMaskSha256}: a mask the chaincode did not check
 * the bundle against fails, whoever hands it over). No recorded mask for an obs rewrite fails the
 * check, naming it.
 */
public final class ProofAudit {
  public static final String NAME = "proofs";
  public static final String NO_BUNDLE = "no proof bundle on the ledger";

  private ProofAudit() {}

  /**
   * One rewrite of the request with what its proof must bind; {@code recordedMaskSha256}: for an
   * obs bundle, the hash of the mask record the chaincode checked it against, from the redaction's
   * endorsed write ({@link Records.ProvenRewrite}), else null.
   */
  public record Rewrite(String fabricTxId, String model, long nextVersion, String oldZkDigest, String newZkDigest,
      Inputs.ProofBundle proof, String recordedMaskSha256) {
    public Rewrite(String fabricTxId, String model, long nextVersion, String oldZkDigest, String newZkDigest,
        Inputs.ProofBundle proof) {
      this(fabricTxId, model, nextVersion, oldZkDigest, newZkDigest, proof, null);
    }
  }

  public record Outcome(String fabricTxId, String model, long version, String kind, String verdict, String reason,
      String verifyingKeySha256) {}

  /**
   * The request's DAG as the statements need it: its paradigm (which statement each rewrite must
   * prove, as the chaincode requires; null when unknown), starts, cascade, refs, and {@code alpha}
   * the governance parameter as text.
   */
  public record Dag(Paradigm paradigm, List<String> starts, List<String> cascade, Map<String, List<String>> refs,
      String alpha) {}

  public record Evidence(String paradigm, List<String> starts, List<String> cascade, String alpha,
      List<Outcome> rewrites) {}

  /**
   * What the auditor's gateway answered for the provider's mask of ({@code model},
   * {@code version}) under the request: the record, or ({@code recorded} null) why there is none.
   */
  public record MaskRead(String model, long version, Records.RecordedMask recorded, String missing) {
    public static MaskRead of(Records.RecordedMask m) {
      return new MaskRead(m.modelId(), m.version(), m, null);
    }

    public static MaskRead missing(String model, long version, String why) {
      return new MaskRead(model, version, null, why);
    }
  }

  /** Starts one cascade chunk proof covers (the circuit's fixed width, as the chaincode's). */
  static final int MAX_STARTS = 4;

  /** Reads the provider's mask of (model, version) under the audited request: the auditor's gateway, or a test. */
  public interface MaskReader {
    MaskRead read(String model, long version);
  }

  /** The recorded masks the obs bundles among {@code rewrites} are checked against: each of the model's previous version. */
  public static List<MaskRead> masksFor(List<Rewrite> rewrites, MaskReader reader) {
    List<MaskRead> out = new ArrayList<>();
    for (Rewrite r : rewrites) {
      if (r.proof() != null && ChunkKind.OBS.word().equals(r.proof().kind())) {
        out.add(reader.read(r.model(), r.nextVersion() - 1));
      }
    }
    return out;
  }

  public static CheckResult check(String channel, String requestId, List<Rewrite> rewrites,
      Map<ChunkKind, VerifyingKey> keys, Dag dag, List<MaskRead> masks) {
    Map<String, List<BigInteger>> startDeltas = new java.util.HashMap<>();
    for (Rewrite r : rewrites) {
      if (r.proof() != null && "delta".equals(r.proof().kind()) && r.proof().deltaSubroots() != null) {
        try {
          startDeltas.put(r.model(), r.proof().deltaSubroots().stream().map(FieldBytes::fromHex).toList());
        } catch (RuntimeException e) {
          // malformed: the start's own check reports it; its descendants then find no Δ
        }
      }
    }
    List<Outcome> out = new ArrayList<>();
    int verified = 0;
    int absent = 0;
    int unchecked = 0;
    List<String> failures = new ArrayList<>();
    java.util.Set<String> provenModels = new java.util.HashSet<>();
    for (Rewrite r : rewrites) {
      Inputs.ProofBundle p = r.proof();
      if (p == null) {
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), null, Verdict.NOT_CHECKED.name(), NO_BUNDLE, null));
        absent++;
        continue;
      }
      ChunkKind kind;
      try {
        kind = ChunkKind.parse(p.kind());
      } catch (IllegalArgumentException e) {
        failures.add(r.model() + ": unknown statement " + p.kind());
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), p.kind(), Verdict.FAIL.name(), e.getMessage(), null));
        continue;
      }
      String wrongStatement = wrongStatement(dag, r.model(), kind);
      if (wrongStatement == null && !provenModels.add(r.model())) {
        wrongStatement = "a second proven rewrite of " + r.model() + " under the request (the chaincode applies one per"
            + " model and request)";
      }
      if (wrongStatement != null) {
        failures.add(r.model() + " v" + r.nextVersion() + ": " + wrongStatement);
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), kind.keyId(), Verdict.FAIL.name(), wrongStatement,
            null));
        continue;
      }
      VerifyingKey vk = keys.get(kind);
      String vkHash = vk == null ? null : java.util.HexFormat.of().formatHex(vk.sha256());
      if (vk == null) {
        String why = "the auditor was given no verifying key " + kind.keyId() + " (--verifying-key; the ledger "
            + "keeps only its hash)";
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), kind.keyId(), Verdict.NOT_CHECKED.name(), why,
            vkHash));
        unchecked++;
        continue;
      }
      String reason;
      try {
        reason = switch (kind) {
          case DELTA -> verifyDelta(channel, requestId, r, vk);
          case CASCADE -> verifyCascade(channel, requestId, r, vk, dag, startDeltas);
          case OBS -> verifyObs(channel, requestId, r, vk, maskOf(masks, r.model(), r.nextVersion() - 1));
        };
      } catch (RuntimeException e) {
        reason = "malformed bundle: " + e.getMessage();
      }
      if (reason == null) {
        verified++;
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), kind.keyId(), Verdict.PASS.name(),
            "re-verified", vkHash));
      } else {
        failures.add(r.model() + " v" + r.nextVersion() + ": " + reason);
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), kind.keyId(), Verdict.FAIL.name(), reason, vkHash));
      }
    }
    Evidence ev = new Evidence(dag.paradigm() == null ? null : dag.paradigm().word(), dag.starts(), dag.cascade(),
        dag.alpha(), out);
    if (!failures.isEmpty()) {
      return CheckResult.fail(NAME, "proof bundle(s) refused: " + String.join("; ", failures), ev);
    }
    if (verified == 0) {
      return CheckResult.notChecked(NAME, absent == rewrites.size() ? NO_BUNDLE
          : unchecked + " bundle(s) not re-verified, " + absent + " rewrite(s) without a bundle", ev);
    }
    if (absent + unchecked > 0) {
      return CheckResult.notChecked(NAME, verified + " bundle(s) re-verified; " + (absent + unchecked)
          + " rewrite(s) without a re-verified bundle", ev);
    }
    return CheckResult.pass(NAME, verified + " proof bundle(s) re-verified under the registered keys", ev);
  }

  /** Null if the delta bundle verifies, else why not. */
  static String verifyDelta(String channel, String requestId, Rewrite r, VerifyingKey vk) {
    Inputs.ProofBundle p = r.proof();
    long n = p.weights();
    int chunks = ZkDigest.chunkCount(n);
    List<BigInteger> delta = subroots(p.deltaSubroots(), chunks, "deltaSubroots");
    List<ChunkBundle.ChunkProof> proofs = new ArrayList<>();
    for (Inputs.ChunkProof c : p.chunks()) {
      proofs.add(new ChunkBundle.ChunkProof(c.index(), Base64.getDecoder().decode(c.proof())));
    }
    ChunkBundle bundle = new ChunkBundle(ChunkKind.DELTA, n, subroots(p.oldSubroots(), chunks, "oldSubroots"),
        subroots(p.newSubroots(), chunks, "newSubroots"), proofs);
    ChunkBundleVerifier.Expected expected = new ChunkBundleVerifier.Expected(FieldBytes.fromHex(r.oldZkDigest()),
        FieldBytes.fromHex(r.newZkDigest()), ChunkBind.bind(channel, requestId, r.model(), r.nextVersion()),
        i -> List.of(delta.get(i)), i -> !delta.get(i).equals(ZkDigest.zeroChunkSubroot(n, i)));
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, bundle, expected);
    return v.valid() ? null : v.reason();
  }

  /**
   * Null if {@code kind} is the statement the chaincode requires of this rewrite (RewriteProofs):
   * none for a sequential request, obs for a zero-shot one, delta for a starting model and cascade
   * for an inheriting one of a parallel request; else why not. A bundle of another statement proves
   * nothing about this rewrite (a delta proof holds for any W → W′, its Δ being the prover's).
   */
  static String wrongStatement(Dag dag, String model, ChunkKind kind) {
    if (dag.paradigm() == null) {
      return "the request's paradigm is unknown, so the statement its rewrites must prove is too";
    }
    ChunkKind expected = switch (dag.paradigm()) {
      case SEQUENTIAL -> null;
      case ZERO_SHOT -> ChunkKind.OBS;
      case PARALLEL -> dag.starts().contains(model) ? ChunkKind.DELTA : ChunkKind.CASCADE;
    };
    if (expected == null) {
      return "a sequential request's rewrites have no proof statement; the chaincode refuses a bundle on them";
    }
    return expected == kind ? null
        : "the " + dag.paradigm().word() + " rewrite of " + (dag.paradigm() == Paradigm.PARALLEL
            ? (dag.starts().contains(model) ? "starting" : "inheriting") + " model " : "") + model + " must prove '"
            + expected.word() + "', the bundle proves '" + kind.word() + "'";
  }

  private static MaskRead maskOf(List<MaskRead> masks, String model, long version) {
    for (MaskRead m : masks) {
      if (m.model().equals(model) && m.version() == version) {
        return m;
      }
    }
    return null;
  }

  /**
   * Null if the obs bundle verifies under the provider's mask and block Fisher recorded for the
   * model's previous version under the request, else why not.
   */
  static String verifyObs(String channel, String requestId, Rewrite r, VerifyingKey vk, MaskRead read) {
    long version = r.nextVersion() - 1;
    String which = r.model() + " version " + version + " under request " + requestId;
    if (read == null || read.recorded() == null) {
      return "no provider mask recorded for " + which + " was read (LiveLedger:GetMask"
          + (read == null ? "" : ": " + read.missing()) + "); an obs proof is checked against the recorded mask only";
    }
    Records.RecordedMask rec = read.recorded();
    if (!requestId.equals(rec.requestId()) || !r.model().equals(rec.modelId()) || rec.version() != version) {
      return "the mask read for " + which + " is recorded for " + rec.modelId() + " version " + rec.version()
          + " under request " + rec.requestId();
    }
    // the record must be the one the chaincode checked the bundle against: its hash is in the
    // redaction's write set, which every committee org endorsed from its committed state
    if (r.recordedMaskSha256() == null) {
      return "the redaction's proof record of " + r.model() + " names no recorded mask hash (recordedMaskSha256), so"
          + " no mask read can be tied to the one the chaincode checked";
    }
    if (!r.recordedMaskSha256().equalsIgnoreCase(java.util.HexFormat.of().formatHex(sha256(io.lethe.ledger.Json.bytes(rec))))) {
      return "the mask read for " + which + " is not the record the chaincode checked the bundle against (its SHA-256"
          + " differs from recordedMaskSha256 in the redaction's endorsed write)";
    }
    ObsMask mask;
    ObsFisher fisher;
    try {
      mask = ObsMask.parse(rec.mask());
    } catch (IllegalArgumentException e) {
      return "the recorded mask of " + which + " is unreadable: " + e.getMessage();
    }
    try {
      fisher = ObsFisher.parse(rec.fisher());
    } catch (IllegalArgumentException e) {
      return "the recorded Fisher of " + which + " is unreadable: " + e.getMessage();
    }
    Inputs.ProofBundle p = r.proof();
    if (p.deltaSubroots() != null) {
      return "deltaSubroots belong to a starting model's delta bundle, not to an obs bundle";
    }
    long n = p.weights();
    int chunks = ZkDigest.chunkCount(n);
    Map<Integer, BigInteger> recordedDigest = new java.util.HashMap<>();
    List<ChunkBundle.ChunkProof> proofs = new ArrayList<>();
    for (Inputs.ChunkProof c : p.chunks()) {
      if (c.fisherDigest() == null) {
        return "chunk proof " + c.index() + " carries no fisherDigest; an obs proof commits to the recorded block Fisher";
      }
      // the circuit refuses another H too (the digest is a public input, taken from the record); this names the cause
      if (mask.touches(c.index())
          && !FieldBytes.fromHex(c.fisherDigest()).equals(recordedDigest.computeIfAbsent(c.index(), fisher::chunkDigest))) {
        return "chunk proof " + c.index() + " commits to a block Fisher other than the one the provider recorded";
      }
      proofs.add(new ChunkBundle.ChunkProof(c.index(), Base64.getDecoder().decode(c.proof())));
    }
    ChunkBundle bundle = new ChunkBundle(ChunkKind.OBS, n, subroots(p.oldSubroots(), chunks, "oldSubroots"),
        subroots(p.newSubroots(), chunks, "newSubroots"), proofs);
    ChunkBundleVerifier.Expected expected = ChunkBundleVerifier.Expected.obs(FieldBytes.fromHex(r.oldZkDigest()),
        FieldBytes.fromHex(r.newZkDigest()), ChunkBind.bind(channel, requestId, r.model(), r.nextVersion()), mask,
        i -> recordedDigest.computeIfAbsent(i, fisher::chunkDigest));
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, bundle, expected);
    return v.valid() ? null : v.reason();
  }

  /** Null if the cascade bundle verifies with the recomputed k_s and the starts' Δ, else why not. */
  static String verifyCascade(String channel, String requestId, Rewrite r, VerifyingKey vk, Dag dag,
      Map<String, List<BigInteger>> startDeltas) {
    Inputs.ProofBundle p = r.proof();
    long n = p.weights();
    int chunks = ZkDigest.chunkCount(n);
    if (dag.starts().size() > MAX_STARTS) {
      return "a cascade proof covers at most " + MAX_STARTS + " starting models";
    }
    Rational alpha = GovernanceParameters.alpha(dag.alpha());
    long[] k = new long[MAX_STARTS];
    List<List<BigInteger>> deltas = new ArrayList<>();
    for (int s = 0; s < MAX_STARTS; s++) {
      if (s >= dag.starts().size()) {
        deltas.add(null);
        continue;
      }
      String start = dag.starts().get(s);
      Rational scaled = alpha.times(discounts(dag, start).getOrDefault(r.model(), Rational.ZERO));
      k[s] = CascadeStep.coefficient(scaled.numerator(), scaled.denominator());
      if (k[s] == 0) {
        deltas.add(null);
        continue;
      }
      List<BigInteger> d = startDeltas.get(start);
      if (d == null || d.size() != chunks) {
        return "starting model " + start + " has no delta bundle of " + chunks + " chunks on the ledger under " + requestId;
      }
      deltas.add(d);
    }
    List<ChunkBundle.ChunkProof> proofs = new ArrayList<>();
    for (Inputs.ChunkProof c : p.chunks()) {
      proofs.add(new ChunkBundle.ChunkProof(c.index(), Base64.getDecoder().decode(c.proof())));
    }
    ChunkBundle bundle = new ChunkBundle(ChunkKind.CASCADE, n, subroots(p.oldSubroots(), chunks, "oldSubroots"),
        subroots(p.newSubroots(), chunks, "newSubroots"), proofs);
    ChunkBundleVerifier.Expected expected = ChunkBundleVerifier.Expected.cascade(FieldBytes.fromHex(r.oldZkDigest()),
        FieldBytes.fromHex(r.newZkDigest()), ChunkBind.bind(channel, requestId, r.model(), r.nextVersion()), n, k, deltas);
    ChunkBundleVerifier.Verdict v = ChunkBundleVerifier.check(vk, bundle, expected);
    return v.valid() ? null : v.reason();
  }

  /** {@code Σ_paths ∏ 1/N_j} from {@code start} to each model of the cascade, walked in its order (as the chaincode). */
  static Map<String, Rational> discounts(Dag dag, String start) {
    return io.lethe.ledger.Dag.discountsAlong(dag.cascade(), start, id -> dag.refs().getOrDefault(id, List.of()));
  }

  private static List<BigInteger> subroots(List<String> hex, int expected, String what) {
    if (hex == null || hex.size() != expected) {
      throw new IllegalArgumentException(what + " must list " + expected + " subroots");
    }
    return hex.stream().map(FieldBytes::fromHex).toList();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
