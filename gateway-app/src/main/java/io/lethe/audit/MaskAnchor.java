package io.lethe.audit;

import io.lethe.ledger.Json;
import io.lethe.ledger.MaskKey;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ties a recorded mask, as the auditor's gateway returned it ({@code LiveLedger:GetMask}) or as a
 * report folder kept it, to the ledger, so that {@code audit verify} does not take the mask on the
 * word of whoever kept it. The {@code RecordMask} transaction the record names must be in a block
 * of the evidence, valid, submitted from the provider's org, and endorsed by a committee peer (a
 * signature that verifies under a certificate of its org's CA: these peers hold the collection);
 * and among the private writes its endorsers signed there must be {@link MaskKey#of} the record's
 * request, model and version in collection {@value MaskKey#COLLECTION}, with the SHA-256 of exactly
 * the record's canonical JSON ({@link Json#bytes}, what the chaincode stored) as its value hash.
 */
public final class MaskAnchor {
  private final Map<String, LedgerTransaction> byTxId = new HashMap<>();
  private final OrgCas cas;

  private MaskAnchor(List<LedgerTransaction> txs, OrgCas cas) {
    txs.forEach(t -> byTxId.put(t.fabricTxId(), t));
    this.cas = cas;
  }

  /** Over the transactions read from the evidence's blocks, with the orgs' CAs as trust anchors. */
  public static MaskAnchor of(List<LedgerTransaction> txs, OrgCas cas) {
    return new MaskAnchor(txs, cas);
  }

  /** Null if {@code rec} is what its RecordMask transaction wrote on the ledger, else why not. */
  public String problem(Records.RecordedMask rec) {
    String tx = rec.fabricTxId();
    LedgerTransaction t = tx == null ? null : byTxId.get(tx);
    if (t == null) {
      return "the block of its RecordMask transaction " + tx + " is not in the evidence";
    }
    if (!"RecordMask".equals(t.function())) {
      return "transaction " + tx + " is a " + t.function() + ", not a RecordMask";
    }
    if (!t.valid()) {
      return "its RecordMask transaction " + tx + " was committed invalid (validation code " + t.validationCode() + ")";
    }
    String providerMsp = rec.provider() == null ? "" : rec.provider().split("::", 2)[0];
    if (!t.creator().mspId().equals(providerMsp) || cas.problem(t.creator().mspId(), t.creator().certificate()) != null) {
      return "its RecordMask transaction " + tx + " was submitted by " + t.creator().mspId() + " ("
          + t.creator().subject() + "), not by an identity of the provider's org " + providerMsp;
    }
    boolean endorsed = t.endorsements().stream().anyMatch(e -> Orgs.COMMITTEE.contains(e.endorser().mspId())
        && cas.problem(e.endorser().mspId(), e.endorser().certificate()) == null
        && EndorsementAudit.signatureValid(t, e));
    if (!endorsed) {
      return "its RecordMask transaction " + tx + " carries no endorsement of a committee peer that verifies";
    }
    byte[] key = sha256(MaskKey.of(rec.requestId(), rec.modelId(), rec.version()).getBytes(StandardCharsets.UTF_8));
    byte[] value = sha256(Json.bytes(rec));
    for (LedgerTransaction.PrivateWriteHash w : t.privateWrites()) {
      if (MaskKey.COLLECTION.equals(w.collection()) && Arrays.equals(key, w.keyHash()) && !w.delete()) {
        return Arrays.equals(value, w.valueHash()) ? null
            : "it is not the mask its RecordMask transaction " + tx + " wrote (the SHA-256 of the record differs from"
                + " the value hash on the ledger)";
      }
    }
    return "its RecordMask transaction " + tx + " wrote no mask of " + rec.modelId() + " version " + rec.version()
        + " under request " + rec.requestId();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
