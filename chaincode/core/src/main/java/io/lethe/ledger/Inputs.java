package io.lethe.ledger;

import java.util.List;

/** JSON the callers pass in (through the transient map where it carries payloads). */
public final class Inputs {
  private Inputs() {}

  /** One new model: id chosen by the publisher, payload fields, digest C and randomness (R, s). */
  public record NewModel(String id, String modelUri, String zkDigest, List<String> refs, String c, String r, String s) {}

  /** Randomness for a header digest: {@code R} (SEC1 compressed) and {@code s} (32 bytes). */
  public record HeaderRandomness(String r, String s) {}

  /**
   * Transient key {@code publish}: the models of one publish. {@code LiveLedger:Publish} leaves
   * them pending (a later {@code SealBlock} puts them in a block) and refuses a {@code header};
   * only the bench's {@code PublishBaselineHotKey} seals at once and needs one.
   */
  public record Publish(List<NewModel> models, HeaderRandomness header) {}

  /** One pending publish, named by its place in the seal order: Fabric timestamp and transaction id. */
  public record PendingRef(long timestamp, String fabricTxId) {}

  /**
   * Argument of {@code LiveLedger:SealBlock}: the oldest pending publishes in seal order (none
   * skipped, none added) and the sealer's fresh header randomness for the new block.
   */
  public record Seal(List<PendingRef> publishes, HeaderRandomness header) {}

  /**
   * A model rewrite: new payload, collision randomness, and the proof bundle of DESIGN §5
   * ({@code proof}, null where the request's paradigm has no statement).
   */
  public record Rewrite(String id, String modelUri, String zkDigest, List<String> refs, String r, String s,
      ProofBundle proof) {
    /** A rewrite without a proof bundle. */
    public Rewrite(String id, String modelUri, String zkDigest, List<String> refs, String r, String s) {
      this(id, modelUri, zkDigest, refs, r, s, null);
    }
  }

  /**
   * The chunk proofs of one rewrite: statement kind ({@code delta|cascade|obs}), weight count,
   * old and new chunk subroots (32-byte hex each), for {@code delta} the subroots of Δ = W′ − W,
   * and one gnark proof (base64) per chunk that needs one.
   */
  public record ProofBundle(String kind, Long weights, List<String> oldSubroots, List<String> newSubroots,
      List<String> deltaSubroots, List<ChunkProof> chunks) {}

  /**
   * One chunk's proof (gnark encoding, base64). For {@code obs} it also carries the chunk's Fisher
   * digest, the commitment to the block Fisher H the proof used (32-byte hex, a canonical
   * BLS12-381 scalar: {@code chunks.FisherDigest}); null for the other kinds.
   */
  public record ChunkProof(Integer index, String proof, String fisherDigest) {
    /** A proof without a Fisher digest ({@code delta}, {@code cascade}). */
    public ChunkProof(Integer index, String proof) {
      this(index, proof, null);
    }
  }

  /**
   * Transient key {@code mask}: the zero-shot provider's mask for one model of a request, for the
   * model's current {@code version}: {@code mask} in {@link io.lethe.zk.ObsMask}'s encoding, and
   * {@code subroots} the chunk subroots of the model's current weights (32-byte hex each), which
   * must rebuild its zkDigest with the mask's weight count, so the mask's size is the model's;
   * {@code fisher} the provider's block Fisher in {@link io.lethe.zk.ObsFisher}'s encoding, with
   * an {@code H} for every block that has a removed weight (the client compensates with it).
   */
  public record RecordMask(String requestId, String modelId, Long version, String mask, List<String> subroots,
      String fisher) {}

  public record HeaderAdapt(long height, String r, String s) {}

  /** Transient key {@code redaction}: rewrites plus one adapted header per affected block. */
  public record Redaction(String requestId, List<Rewrite> rewrites, List<HeaderAdapt> headers, Boolean close) {}

  /**
   * Transient key {@code request}: an unlearning request. The forget specification stays off
   * public state: the ledger keeps {@code SHA-256(lp("lethe.forget.v1") ‖ lp(salt) ‖ lp(spec))}
   * publicly and the text in the {@code requests} collection; {@code forgetSalt} (32 random
   * bytes, hex) keeps a small spec space (e.g. ten classes) from being guessed from the hash.
   */
  public record OpenRequest(
      String id, List<String> startingModels, String forget, String method, String paradigm, String forgetSalt) {}
}
