package io.lethe.contracts.fuzz;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * The valid redaction an attempt is derived from: the committee's redaction under r-open of the
 * cascade models selected by {@code mask}, submitted with RedactOne when {@code one} and it
 * rewrites a single model (RedactBatch otherwise). Helpers make one edit to it.
 */
record Base(FuzzLedger ledger, int mask, boolean one) {
  Redaction valid() {
    return ledger.valid(mask);
  }

  List<String> ids() {
    return FuzzLedger.modelsOf(mask);
  }

  List<Rewrite> rewrites() {
    return valid().rewrites();
  }

  List<HeaderAdapt> headers() {
    return valid().headers();
  }

  int anyRewrite(Random random) {
    return random.nextInt(rewrites().size());
  }

  int anyHeader(Random random) {
    return random.nextInt(headers().size());
  }

  /** The valid redaction of these models and {@code id} too. */
  Base with(String id) {
    Set<String> ids = new LinkedHashSet<>(ids());
    ids.add(id);
    return new Base(ledger, FuzzLedger.maskOf(List.copyOf(ids)), one);
  }

  /** The base restricted to the models in {@code allowed}, or to {@code fallback} when none of them is in it. */
  Base within(List<String> allowed, String fallback) {
    List<String> kept = ids().stream().filter(allowed::contains).toList();
    return new Base(ledger, FuzzLedger.maskOf(kept.isEmpty() ? List.of(fallback) : kept), one);
  }

  /** The base with at least two models (adds one from the cascade when it has a single one). */
  Base atLeastTwo(Random random) {
    if (ids().size() >= 2) {
      return this;
    }
    List<String> others = new ArrayList<>(FuzzLedger.CASCADE);
    others.removeAll(ids());
    return with(others.get(random.nextInt(others.size())));
  }

  int indexOf(String id) {
    return ids().indexOf(id);
  }

  // ------------------------------------------------------------------ edits

  Redaction replace(int i, Rewrite rw) {
    List<Rewrite> list = new ArrayList<>(rewrites());
    list.set(i, rw);
    return withRewrites(list);
  }

  Redaction withRandomness(int i, String r, String s) {
    return replace(i, randomness(rewrites().get(i), r, s));
  }

  Redaction withRewrites(List<Rewrite> rewrites) {
    return new Redaction(valid().requestId(), rewrites, valid().headers(), valid().close());
  }

  Redaction withHeaders(List<HeaderAdapt> headers) {
    return new Redaction(valid().requestId(), valid().rewrites(), headers, valid().close());
  }

  Redaction withHeader(int j, HeaderAdapt h) {
    List<HeaderAdapt> list = new ArrayList<>(headers());
    list.set(j, h);
    return withHeaders(list);
  }

  Redaction withRequest(String requestId) {
    return new Redaction(requestId, valid().rewrites(), valid().headers(), valid().close());
  }

  static Rewrite randomness(Rewrite rw, String r, String s) {
    return new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest(), rw.refs(), r, s);
  }

  static Rewrite refs(Rewrite rw, List<String> refs) {
    return new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest(), refs, rw.r(), rw.s());
  }

  static HeaderAdapt randomness(HeaderAdapt h, String r, String s) {
    return new HeaderAdapt(h.height(), r, s);
  }

  byte[] json() {
    return Json.bytes(valid());
  }

  // ------------------------------------------------------------------ attempts

  /** The committee submits {@code r}, with the function the base uses when r still rewrites one model. */
  Attempt expect(ErrorCode code, Redaction r) {
    int n = r.rewrites() == null ? 0 : r.rewrites().size();
    return expect(code, Json.bytes(r), one && n == 1 ? ledger.redactOne() : ledger.redactBatch());
  }

  Attempt expect(ErrorCode code, byte[] json) {
    return expect(code, json, function());
  }

  Attempt expect(ErrorCode code, byte[] json, Function<Context, String> fn) {
    return Attempt.refused(code, ledger.committeeCall(json, fn), abbreviate(json));
  }

  /** The function the unmutated base is submitted with. */
  Function<Context, String> function() {
    return one && ids().size() == 1 ? ledger.redactOne() : ledger.redactBatch();
  }

  static String abbreviate(byte[] json) {
    if (json == null) {
      return "(no transient input)";
    }
    if (json.length <= 800) {
      return new String(json, StandardCharsets.UTF_8);
    }
    return new String(json, 0, 500, StandardCharsets.UTF_8) + " … "
        + new String(json, json.length - 300, 300, StandardCharsets.UTF_8) + " (" + json.length + " bytes)";
  }
}
