package io.lethe.committee.service;

import io.lethe.chameleon.committee.AdaptTarget;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.UnlearningRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a member checks, on its own against its {@link LedgerView}, before it commits nonces
 * for a target (DESIGN §4): the request is open; a transaction target names a model of the
 * request's cascade, its digest and key epoch, and a payload v2 at {@code version = current +
 * 1} for this request with the stored refs; a header target names a block holding a cascade
 * model, its digest and key epoch, and the stored header at {@code version = current + 1}.
 */
public final class TargetValidator {
  private static final HexFormat HEX = HexFormat.of();
  private final LedgerView ledger;

  public TargetValidator(LedgerView ledger) {
    this.ledger = ledger;
  }

  /** Empty when every target checks out; otherwise why the first one that does not was refused. */
  public Optional<Refusal> validate(String requestId, List<KeyedTarget> targets) {
    UnlearningRequest request;
    try {
      request = ledger.request(requestId).orElse(null);
    } catch (RuntimeException e) {
      return Optional.of(new Refusal(Refusal.LEDGER_UNAVAILABLE, "cannot read request " + requestId + ": " + e.getMessage()));
    }
    if (request == null) {
      return Optional.of(new Refusal(Refusal.UNKNOWN_REQUEST, "no unlearning request " + requestId + " on the ledger"));
    }
    if (!"OPEN".equals(request.status())) {
      return Optional.of(new Refusal(Refusal.REQUEST_NOT_OPEN, "request " + requestId + " is " + request.status() + ", not OPEN"));
    }
    for (int k = 0; k < targets.size(); k++) {
      Optional<Refusal> r;
      try {
        r = validate(request, targets.get(k));
      } catch (RuntimeException e) {
        r = Optional.of(new Refusal(Refusal.LEDGER_UNAVAILABLE, "cannot read the ledger: " + e.getMessage()));
      }
      if (r.isPresent()) {
        Refusal why = r.get();
        return Optional.of(new Refusal(why.code(), "target " + k + ": " + why.message()));
      }
    }
    return Optional.empty();
  }

  private Optional<Refusal> validate(UnlearningRequest request, KeyedTarget kt) {
    byte[] ctx = kt.target().ctx();
    CanonicalReader r = new CanonicalReader(ctx);
    String tag;
    String channel;
    try {
      tag = r.lpString();
      channel = r.lpString();
    } catch (IllegalArgumentException e) {
      return refuse(Refusal.BAD_CONTEXT, "context is not canonical: " + e.getMessage());
    }
    if (!ledger.channel().equals(channel)) {
      return refuse(Refusal.BAD_CONTEXT, "context names channel \"" + channel + "\", this member signs for \"" + ledger.channel() + "\"");
    }
    if (CanonicalBytes.TX_TAG.equals(tag)) {
      String txId;
      try {
        txId = r.lpString();
        r.end();
      } catch (IllegalArgumentException e) {
        return refuse(Refusal.BAD_CONTEXT, "transaction context is not canonical: " + e.getMessage());
      }
      return validateTx(request, kt, txId);
    }
    if (CanonicalBytes.BLOCK_TAG.equals(tag)) {
      long height;
      try {
        height = r.u64();
        r.end();
      } catch (IllegalArgumentException e) {
        return refuse(Refusal.BAD_CONTEXT, "block context is not canonical: " + e.getMessage());
      }
      return validateHeader(request, kt, height);
    }
    return refuse(Refusal.BAD_CONTEXT, "context tag \"" + tag + "\" is neither a transaction nor a block");
  }

  private Optional<Refusal> validateTx(UnlearningRequest request, KeyedTarget kt, String txId) {
    if (request.cascade() == null || !request.cascade().contains(txId)) {
      return refuse(Refusal.NOT_IN_CASCADE, "model " + txId + " is not in the cascade of request " + request.id());
    }
    LiveTransaction tx = ledger.tx(txId).orElse(null);
    if (tx == null) {
      return refuse(Refusal.UNKNOWN_RECORD, "no live transaction " + txId);
    }
    if (tx.keyIndex() != kt.keyIndex()) {
      return refuse(Refusal.WRONG_KEY_INDEX, "model " + txId + " was hashed under key " + tx.keyIndex() + ", not " + kt.keyIndex());
    }
    if (!sameHex(tx.c(), kt.target().c())) {
      return refuse(Refusal.WRONG_DIGEST, "C differs from model " + txId + "'s stored digest");
    }
    byte[] msg = kt.target().newMessage();
    long version;
    String payloadRequest;
    String uri;
    byte[] zk;
    List<String> refs = new ArrayList<>();
    try {
      CanonicalReader p = new CanonicalReader(msg);
      if (!CanonicalBytes.PAYLOAD_TAG.equals(p.lpString())) {
        return refuse(Refusal.BAD_MESSAGE, "new message of " + txId + " is not a " + CanonicalBytes.PAYLOAD_TAG + " payload");
      }
      version = p.u64();
      payloadRequest = p.lpString();
      uri = p.lpString();
      zk = p.lp();
      long n = p.u32();
      for (long i = 0; i < n; i++) {
        refs.add(p.lpString());
      }
      p.end();
    } catch (IllegalArgumentException e) {
      return refuse(Refusal.BAD_MESSAGE, "new payload of " + txId + " is not canonical: " + e.getMessage());
    }
    if (version != tx.version() + 1) {
      return refuse(Refusal.WRONG_VERSION,
          "new payload of " + txId + " has version " + version + ", the model is at " + tx.version() + " (expected " + (tx.version() + 1) + ")");
    }
    if (!request.id().equals(payloadRequest)) {
      return refuse(Refusal.BAD_MESSAGE, "new payload of " + txId + " names request \"" + payloadRequest + "\", not " + request.id());
    }
    if (!refs.equals(tx.refs() == null ? List.of() : tx.refs())) {
      return refuse(Refusal.BAD_MESSAGE, "new payload of " + txId + " changes the model's refs");
    }
    if (!Arrays.equals(msg, CanonicalBytes.payload(version, payloadRequest, uri, zk, refs))) {
      return refuse(Refusal.BAD_MESSAGE, "new payload of " + txId + " is not canonical");
    }
    return Optional.empty();
  }

  private Optional<Refusal> validateHeader(UnlearningRequest request, KeyedTarget kt, long height) {
    LiveBlock block = ledger.block(height).orElse(null);
    if (block == null) {
      return refuse(Refusal.UNKNOWN_RECORD, "no live block at height " + height);
    }
    boolean holdsCascadeModel = block.txIds() != null && request.cascade() != null
        && block.txIds().stream().anyMatch(request.cascade()::contains);
    if (!holdsCascadeModel) {
      return refuse(Refusal.NOT_IN_CASCADE, "block " + height + " holds no model of the cascade of request " + request.id());
    }
    if (block.keyIndex() != kt.keyIndex()) {
      return refuse(Refusal.WRONG_KEY_INDEX, "block " + height + " was hashed under key " + block.keyIndex() + ", not " + kt.keyIndex());
    }
    if (!sameHex(block.chCurr(), kt.target().c())) {
      return refuse(Refusal.WRONG_DIGEST, "C differs from block " + height + "'s stored header digest");
    }
    byte[] msg = kt.target().newMessage();
    long version;
    try {
      CanonicalReader h = new CanonicalReader(msg);
      if (!CanonicalBytes.HEADER_TAG.equals(h.lpString())) {
        return refuse(Refusal.BAD_MESSAGE, "new message of block " + height + " is not a " + CanonicalBytes.HEADER_TAG + " header");
      }
      h.u64();
      h.lp();
      h.lp();
      h.u64();
      version = h.u64();
      h.end();
    } catch (IllegalArgumentException e) {
      return refuse(Refusal.BAD_MESSAGE, "new header of block " + height + " is not canonical: " + e.getMessage());
    }
    if (version != block.version() + 1) {
      return refuse(Refusal.WRONG_VERSION,
          "new header of block " + height + " has version " + version + ", the block is at " + block.version() + " (expected " + (block.version() + 1) + ")");
    }
    byte[] expected = CanonicalBytes.headerMessage(
        height, HEX.parseHex(block.parentHash()), HEX.parseHex(block.merkleRoot()), block.timestamp(), version);
    if (!Arrays.equals(msg, expected)) {
      return refuse(Refusal.BAD_MESSAGE, "new header of block " + height + " changes its height, parent, Merkle root or timestamp");
    }
    return Optional.empty();
  }

  private static boolean sameHex(String stored, byte[] given) {
    return stored != null && stored.equalsIgnoreCase(HEX.formatHex(given));
  }

  private static Optional<Refusal> refuse(String code, String message) {
    return Optional.of(new Refusal(code, message));
  }
}
