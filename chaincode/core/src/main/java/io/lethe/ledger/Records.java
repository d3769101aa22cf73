package io.lethe.ledger;

import java.util.List;

/** What the contracts store. Byte fields are lower-case hex. */
public final class Records {
  private Records() {}

  /** Public state of one live transaction (the payload itself is private, see {@link Payload}). */
  public record LiveTransaction(
      String id,
      String owner,
      long block,
      int index,
      String c,
      String r,
      String s,
      long version,
      List<String> refs,
      int keyIndex,
      String payloadHash,
      String publishedIn,
      String writtenIn,
      String lastRequestId) {}

  /**
   * Live payload {@code T = (modelUri, zkDigest, refs)} of one version, kept in the {@code live}
   * collection, with the version and the request that wrote it (empty at publish): both are
   * inside the chameleon-hashed message.
   */
  public record Payload(String modelUri, String zkDigest, List<String> refs, long version, String requestId) {}

  /** A live block: header, immutable header digest chCurr and current randomness. */
  public record LiveBlock(
      long height,
      String parentHash,
      String merkleRoot,
      long timestamp,
      long version,
      String chCurr,
      String rCurrR,
      String rCurrS,
      int keyIndex,
      List<String> txIds,
      String fabricTxId) {}

  public record LiveHead(long blocks, String lastChCurr) {}

  /**
   * A committed {@code Publish} not sealed into a live block yet: its Fabric transaction id and
   * timestamp (together its place in the seal order), the committee key index its models were
   * hashed under, and its models in input order. Its transactions carry {@code block = -1}
   * until {@code SealBlock} records their position.
   */
  public record PendingPublish(String fabricTxId, long timestamp, int keyIndex, List<String> txIds) {}

  /** Where {@code SealBlock} put a model: its live block and index there. */
  public record Position(long block, int index) {}

  /** One committee public key and when it took effect. */
  public record KeyEpoch(int index, String publicKey, long since, String fabricTxId, String setBy, String reason) {}

  public record CommitteeConfig(List<KeyEpoch> keys, int threshold) {
    public KeyEpoch current() {
      return keys.get(keys.size() - 1);
    }
  }

  /** One rewrite done under a request; the payload hashes stay public after the old payload is purged. */
  public record Change(
      String txId, long fromVersion, long toVersion, String fromPayloadHash, String toPayloadHash, String fabricTxId, long at) {}

  /**
   * An unlearning request as public state. {@code forgetCommitment}: the hash of the forget
   * specification (its text is in the {@code requests} collection, see {@link ForgetRecord}).
   */
  public record UnlearningRequest(
      String id,
      String owner,
      List<String> startingModels,
      List<String> cascade,
      String forgetCommitment,
      String method,
      String paradigm,
      String status,
      List<Change> changes,
      long openedAt,
      String openedIn,
      Long closedAt) {}

  /**
   * The update Δ = W′ − W of a starting model of a parallel request, as its delta proof bound it:
   * the chunk subroots of Δ, which every inheriting model's cascade proof must use.
   */
  public record StartDelta(String requestId, String startId, long version, long weights, List<String> subroots) {}

  /**
   * A proof bundle the chaincode verified for a rewrite, kept in public state (key
   * {@code lethe.proof~request~model~version}) so the redaction's block carries it in its
   * endorsed write set: an auditor re-verifies it from the block alone. For an {@code obs} bundle,
   * {@code recordedMaskSha256} is the SHA-256 (hex) of the provider's mask record the bundle was
   * checked against, as the endorsing peer's committed state holds it (the private-data hash of its
   * key in the {@code requests} collection); null for the other statements. The auditor re-verifies
   * an obs bundle only with a mask record of that hash.
   */
  public record ProvenRewrite(String requestId, String modelId, long version, Inputs.ProofBundle bundle,
      String recordedMaskSha256) {}

  /**
   * The zero-shot provider's mask for one model version under a request, in the {@code requests}
   * collection beside the forget text (the mask can reveal the forgotten class): written once
   * by the provider ({@code LiveLedger:RecordMask}), the only mask the model's {@code obs} proof
   * may use. {@code mask}: {@link io.lethe.zk.ObsMask} encoding; {@code removed}: its size;
   * {@code fisher}: the provider's block Fisher ({@link io.lethe.zk.ObsFisher} encoding), the
   * only {@code H} the model's chunk proofs may commit to.
   */
  public record RecordedMask(String requestId, String modelId, long version, long weights, int removed, String mask,
      String fisher, String provider, String fabricTxId, long at) {}

  /** The forget specification of a request and its salt, in the {@code requests} collection. */
  public record ForgetRecord(String requestId, String forget, String salt) {}

  /**
   * One superseded version. {@code payloadRequestId}: the request id inside its payload (empty
   * for version 0); {@code requestId}: the request that superseded it. {@code r}, {@code s}: the randomness that opened the model's
   * (unchanged) digest C to this version, so an auditor can check offline that the archived
   * payload is exactly the version the live chain committed to.
   */
  public record ArchiveEntry(
      String txId, long version, String payloadRequestId, String modelUri, String zkDigest, String r, String s,
      String requestId, String fabricTxId, long time) {}

  public record ArchiveBlock(
      long height, String prevHash, String hash, long timestamp, List<ArchiveEntry> entries, String fabricTxId) {}

  public record ArchiveHead(long blocks, String lastHash) {}
}
