package io.lethe.audit;

import io.lethe.ledger.Inputs;
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
 * ledger"). Re-verifying a {@code cascade} bundle needs the chaincode's {@code k_s}
 * (α·discount over the DAG); the auditor does not recompute those yet, so such a bundle is
 * listed as not re-verified.
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

  public record Evidence(List<Outcome> rewrites) {}

  public static CheckResult check(String channel, String requestId, List<Rewrite> rewrites,
      Map<ChunkKind, VerifyingKey> keys) {
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
      String vkHash = vk == null ? null : FieldBytes.toHex(new BigInteger(1, vk.sha256()));
      if (kind != ChunkKind.DELTA || vk == null) {
        String why = vk == null ? "the auditor was given no verifying key " + kind.keyId() + " (--verifying-key; the ledger "
            + "keeps only its hash)"
            : "re-verifying a " + kind.keyId() + " bundle needs the chaincode's k_s, not recomputed by the auditor yet";
        out.add(new Outcome(r.fabricTxId(), r.model(), r.nextVersion(), kind.keyId(), Verdict.NOT_CHECKED.name(), why,
            vkHash));
        unchecked++;
        continue;
      }
      String reason;
      try {
        reason = verifyDelta(channel, requestId, r, vk);
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
    Evidence ev = new Evidence(out);
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

  private static List<BigInteger> subroots(List<String> hex, int expected, String what) {
    if (hex == null || hex.size() != expected) {
      throw new IllegalArgumentException(what + " must list " + expected + " subroots");
    }
    return hex.stream().map(FieldBytes::fromHex).toList();
  }
}
