package io.lethe.audit;

import io.lethe.fixedpoint.CascadeStep;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Rational;
import io.lethe.zk.ChunkBind;
import io.lethe.zk.ChunkBundle;
import io.lethe.zk.ChunkBundleVerifier;
import io.lethe.zk.ChunkKind;
import io.lethe.zk.FieldBytes;
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
 * start's own delta bundle of the same request.
 */
public final class ProofAudit {
  public static final String NAME = "proofs";
  public static final String NO_BUNDLE = "no proof bundle on the ledger";

  private ProofAudit() {}

  /** One rewrite of the request with what its proof must bind. */
  public record Rewrite(String fabricTxId, String model, long nextVersion, String oldZkDigest, String newZkDigest,
      Inputs.ProofBundle proof) {}

  public record Outcome(String fabricTxId, String model, long version, String kind, String verdict, String reason,
      String verifyingKeySha256) {}

  /** The request's DAG as the cascade statement needs it; {@code alpha} the governance parameter as text. */
  public record Dag(List<String> starts, List<String> cascade, Map<String, List<String>> refs, String alpha) {}

  public record Evidence(List<String> starts, List<String> cascade, String alpha, List<Outcome> rewrites) {}

  /** Starts one cascade chunk proof covers (the circuit's fixed width, as the chaincode's). */
  static final int MAX_STARTS = 4;

  public static CheckResult check(String channel, String requestId, List<Rewrite> rewrites,
      Map<ChunkKind, VerifyingKey> keys, Dag dag) {
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
      VerifyingKey vk = keys.get(kind);
      String vkHash = vk == null ? null : java.util.HexFormat.of().formatHex(vk.sha256());
      if (kind == ChunkKind.OBS || vk == null) {
        String why = vk == null ? "the auditor was given no verifying key " + kind.keyId() + " (--verifying-key; the ledger "
            + "keeps only its hash)"
            : "the obs statement's mask is kept in the requests collection (it can reveal the forgotten class), "
                + "which the auditor cannot read; the block carries only its hash";
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), kind.keyId(), Verdict.NOT_CHECKED.name(), why,
            vkHash));
        unchecked++;
        continue;
      }
      String reason;
      try {
        reason = kind == ChunkKind.DELTA ? verifyDelta(channel, requestId, r, vk)
            : verifyCascade(channel, requestId, r, vk, dag, startDeltas);
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
    Evidence ev = new Evidence(dag.starts(), dag.cascade(), dag.alpha(), out);
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
}
