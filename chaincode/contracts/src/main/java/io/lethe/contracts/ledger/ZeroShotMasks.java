package io.lethe.contracts.ledger;

import io.lethe.contracts.Callers;
import io.lethe.contracts.Check;
import io.lethe.contracts.InputJson;
import io.lethe.contracts.system.Access;
import io.lethe.contracts.system.SystemContract;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.GovernanceParameters;
import io.lethe.ledger.Inputs.RecordMask;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Paradigm;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.Payload;
import io.lethe.ledger.Records.RecordedMask;
import io.lethe.ledger.Records.UnlearningRequest;
import io.lethe.ledger.TransientFields;
import io.lethe.zk.Bls12381;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import io.lethe.zk.ZkDigest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;

/**
 * The zero-shot provider's masks (DESIGN §5 obs, §7 provider). The provider — the one identity
 * governance names in {@link GovernanceParameters#ZEROSHOT_PROVIDER} — computes on its own
 * reference data, for each model of an open zero-shot request's cascade, which weights to remove
 * and which to freeze, and records it here for the model's current version, once. A client's
 * {@code obs} proof is checked against this recorded mask and no other, so no client chooses
 * what it forgets. The mask can reveal the forgotten class (most removed weights sit in its
 * output row), so it is kept beside the forget text in the {@code requests} collection (the
 * committee peers that endorse redactions, the auditor that re-verifies the obs proofs and the
 * FL users can read it; only its hash is on the ledger).
 */
final class ZeroShotMasks {
  private ZeroShotMasks() {}

  /** Checks and writes the mask of transient field {@code mask} ({@link RecordMask}); returns the record. */
  static RecordedMask record(Context ctx) {
    LedgerState state = new LedgerState(ctx.getStub());
    String provider = SystemContract.value(state.stub(), GovernanceParameters.ZEROSHOT_PROVIDER).orElseThrow(
        () -> Check.fail(ErrorCode.FAILED_PRECONDITION, "no zero-shot provider is named on this channel; the committee"
            + " admins set governance parameter " + GovernanceParameters.ZEROSHOT_PROVIDER + " first"));
    String caller = Callers.owner(ctx);
    Check.require(caller.equals(provider), ErrorCode.ACCESS_DENIED,
        "access denied: only the zero-shot provider (" + GovernanceParameters.ZEROSHOT_PROVIDER
            + ") records masks, not " + caller);
    RecordMask in = InputJson.parse(ctx.getStub().getTransient().get(TransientFields.MASK), RecordMask.class,
        "transient field 'mask'");
    String requestId = Check.id(in.requestId(), "request id");
    String modelId = Check.id(in.modelId(), "model id");
    Check.require(in.version() != null, ErrorCode.INVALID_ARGUMENT, "the mask names no model version");
    long version = in.version();
    UnlearningRequest req = state.request(requestId);
    Check.require(req != null, ErrorCode.NOT_FOUND, "no unlearning request " + requestId);
    Check.require(Paradigm.ZERO_SHOT.word().equals(req.paradigm()), ErrorCode.FAILED_PRECONDITION,
        "request " + requestId + " follows the " + req.paradigm() + " paradigm; masks belong to zero-shot requests");
    Check.require("OPEN".equals(req.status()), ErrorCode.FAILED_PRECONDITION,
        "request " + requestId + " is " + req.status() + "; masks are recorded on open requests");
    Check.require(req.cascade().contains(modelId), ErrorCode.FAILED_PRECONDITION,
        "model " + modelId + " is not in the cascade of request " + requestId);
    LiveTransaction t = state.requireTx(modelId);
    Check.require(t.version() == version, ErrorCode.FAILED_PRECONDITION,
        "model " + modelId + " is at version " + t.version() + ", the mask names version " + version
            + "; a mask is recorded for the version the model will be rewritten from");
    Check.require(req.changes().stream().noneMatch(c -> c.txId().equals(modelId)), ErrorCode.FAILED_PRECONDITION,
        modelId + " was already rewritten under request " + requestId);
    Check.require(!state.maskRecorded(requestId, modelId, version), ErrorCode.ALREADY_EXISTS,
        "a mask is already recorded for " + modelId + " version " + version + " under request " + requestId
            + "; it is written once");
    Check.require(in.mask() != null && in.mask().length() <= MAX_MASK_CHARS, ErrorCode.INVALID_ARGUMENT,
        "the mask must be 1.." + MAX_MASK_CHARS + " characters of ObsMask's encoding");
    ObsMask mask;
    try {
      mask = ObsMask.parse(in.mask());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "the mask of " + modelId + " is malformed: " + e.getMessage());
    }
    Check.require(mask.removed().length > 0, ErrorCode.INVALID_ARGUMENT,
        "the mask of " + modelId + " removes no weight; a zero-shot rewrite removes at least one");
    Check.require(mask.encode().equals(in.mask()), ErrorCode.INVALID_ARGUMENT,
        "the mask of " + modelId + " is not in ObsMask's canonical encoding");
    Check.require(in.fisher() != null && in.fisher().length() <= MAX_FISHER_CHARS, ErrorCode.INVALID_ARGUMENT,
        "the mask of " + modelId + " needs the provider's block Fisher: 1.." + MAX_FISHER_CHARS
            + " characters of ObsFisher's encoding");
    try {
      ObsFisher fisher = ObsFisher.parse(in.fisher());
      fisher.requireCovers(mask);
      fisher.requireWellConditioned();
      fisher.requireProvableScale(mask.weights());
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "the Fisher of " + modelId + " is malformed: " + e.getMessage());
    }
    Payload p = state.payload(modelId, version);
    Check.require(p != null && p.version() == version, ErrorCode.FAILED_PRECONDITION,
        "payload of " + modelId + " version " + version + " is not on this peer");
    List<BigInteger> subroots = subroots(in.subroots(), modelId, mask.weights());
    Check.require(ZkDigest.fromChunkSubroots(subroots, mask.weights()).equals(FieldBytes.fromHex(p.zkDigest())),
        ErrorCode.VERIFICATION_FAILED, "the mask of " + modelId + " is for " + mask.weights()
            + " weights, but the given chunk subroots with that count do not rebuild the model's zkDigest");
    RecordedMask out = new RecordedMask(requestId, modelId, version, mask.weights(), mask.removed().length, in.mask(),
        in.fisher(), caller, ctx.getStub().getTxId(), LiveLedger.millis(ctx.getStub()));
    state.putMask(out);
    return out;
  }

  /** Longest mask text accepted (two bitmaps of the largest model a bundle covers, base64, with margin). */
  static final int MAX_MASK_CHARS = 3 << 20;

  /**
   * Longest Fisher text accepted: 3 MiB, about 2,160 blocks of H (1,456 characters each), so up
   * to about 4,300 removed weights at two per block. The whole transient field (mask, subroots
   * and Fisher) is capped at {@link io.lethe.contracts.InputJson#MAX_BYTES} anyway.
   */
  static final int MAX_FISHER_CHARS = 3 << 20;

  /**
   * The recorded mask of (request, model, version), for the committee, the auditor (it re-verifies
   * the obs proofs with it), the provider, the request's owner and the owners of the request's
   * cascade (the clients that compensate). Reading only: {@link #record} stays the provider's.
   */
  static RecordedMask get(Context ctx, String requestId, String modelId, long version) {
    LedgerState state = new LedgerState(ctx.getStub());
    UnlearningRequest req = state.request(Check.id(requestId, "request id"));
    Check.require(req != null, ErrorCode.NOT_FOUND, "no unlearning request " + requestId);
    Check.id(modelId, "model id");
    String caller = Callers.owner(ctx);
    String msp = Access.callerMsp(ctx);
    boolean allowed = Orgs.isCommittee(msp) || Orgs.AUDITOR.equals(msp) || req.owner().equals(caller)
        || SystemContract.value(state.stub(), GovernanceParameters.ZEROSHOT_PROVIDER).map(caller::equals).orElse(false)
        || req.cascade().stream().anyMatch(m -> state.requireTx(m).owner().equals(caller));
    Check.require(allowed, ErrorCode.ACCESS_DENIED, "access denied: the masks of request " + requestId
        + " are readable by the committee, the auditor, the provider, the request's owner and its cascade's owners");
    boolean recorded = state.maskRecorded(requestId, modelId, version);
    Check.require(recorded, ErrorCode.NOT_FOUND, "no mask is recorded for " + modelId + " version " + version
        + " under request " + requestId + " (the provider records it: lethe unlearn mask --request " + requestId
        + " --as provider)");
    RecordedMask m = state.mask(requestId, modelId, version);
    Check.require(m != null, ErrorCode.FAILED_PRECONDITION,
        "the mask of " + modelId + " version " + version + " is not on this peer");
    return m;
  }

  private static List<BigInteger> subroots(List<String> hex, String modelId, long n) {
    int expected = ZkDigest.chunkCount(n);
    Check.require(hex != null && hex.size() == expected, ErrorCode.INVALID_ARGUMENT, "subroots of " + modelId
        + " must list " + expected + " chunk subroots for " + n + " weights" + (hex == null ? "" : ", got " + hex.size()));
    List<BigInteger> out = new ArrayList<>(expected);
    for (String h : hex) {
      BigInteger x = new BigInteger(1, Check.hex(h, "subroot of " + modelId, 32));
      Check.require(x.compareTo(Bls12381.SCALAR_FIELD_ORDER) < 0, ErrorCode.INVALID_ARGUMENT,
          "a subroot of " + modelId + " is not a BLS12-381 scalar");
      out.add(x);
    }
    return out;
  }
}
