package io.lethe.attack;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The valid redaction an attempt is derived from: the committee's redaction under r-open of the
 * cascade models {@code names} (fixture names, in cascade order), submitted with RedactOne when
 * {@code one} and it rewrites a single model (RedactBatch otherwise) by {@code identity} (a
 * committee identity), endorsed by every committee org. Helpers make one edit to it.
 */
public record Base(FuzzFixture fx, List<String> names, boolean one, String identity) {
  public static final String LIVE = "LiveLedger";

  /** The base of the cascade models selected by {@code mask} (bit i: {@code CASCADE.get(i)}). */
  public static Base of(FuzzFixture fx, int mask, boolean one, String identity) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < FuzzFixture.CASCADE.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        names.add(FuzzFixture.CASCADE.get(i));
      }
    }
    return new Base(fx, List.copyOf(names), one, identity);
  }

  public Redaction valid() {
    return fx.valid(names);
  }

  public List<Rewrite> rewrites() {
    return valid().rewrites();
  }

  public List<HeaderAdapt> headers() {
    return valid().headers();
  }

  public int anyRewrite(Random random) {
    return random.nextInt(rewrites().size());
  }

  public int anyHeader(Random random) {
    return random.nextInt(headers().size());
  }

  /** The fixture name of rewrite {@code i}. */
  public String nameOf(int i) {
    return fx.name(rewrites().get(i).id());
  }

  /** The valid redaction of these models and {@code name} too (cascade order kept). */
  public Base with(String name) {
    Set<String> wanted = new LinkedHashSet<>(names);
    wanted.add(name);
    List<String> ordered = FuzzFixture.CASCADE.stream().filter(wanted::contains).toList();
    return new Base(fx, ordered, one, identity);
  }

  /** The base restricted to the models in {@code allowed}, or to {@code fallback} when none of them is in it. */
  public Base within(List<String> allowed, String fallback) {
    List<String> kept = names.stream().filter(allowed::contains).toList();
    return new Base(fx, kept.isEmpty() ? List.of(fallback) : kept, one, identity);
  }

  /** The base with at least two models (adds one from the cascade when it has a single one). */
  public Base atLeastTwo(Random random) {
    if (names.size() >= 2) {
      return this;
    }
    List<String> others = new ArrayList<>(FuzzFixture.CASCADE);
    others.removeAll(names);
    return with(others.get(random.nextInt(others.size())));
  }

  public int indexOf(String name) {
    return names.indexOf(name);
  }

  // ------------------------------------------------------------------ edits

  public Redaction replace(int i, Rewrite rw) {
    List<Rewrite> list = new ArrayList<>(rewrites());
    list.set(i, rw);
    return withRewrites(list);
  }

  public Redaction withRandomness(int i, String r, String s) {
    return replace(i, randomness(rewrites().get(i), r, s));
  }

  public Redaction withRewrites(List<Rewrite> rewrites) {
    return new Redaction(valid().requestId(), rewrites, valid().headers(), valid().close());
  }

  public Redaction withHeaders(List<HeaderAdapt> headers) {
    return new Redaction(valid().requestId(), valid().rewrites(), headers, valid().close());
  }

  public Redaction withHeader(int j, HeaderAdapt h) {
    List<HeaderAdapt> list = new ArrayList<>(headers());
    list.set(j, h);
    return withHeaders(list);
  }

  public Redaction withRequest(String requestId) {
    return new Redaction(requestId, valid().rewrites(), valid().headers(), valid().close());
  }

  public static Rewrite randomness(Rewrite rw, String r, String s) {
    return new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest(), rw.refs(), r, s);
  }

  public static Rewrite refs(Rewrite rw, List<String> refs) {
    return new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest(), refs, rw.r(), rw.s());
  }

  public static HeaderAdapt randomness(HeaderAdapt h, String r, String s) {
    return new HeaderAdapt(h.height(), r, s);
  }

  public byte[] json() {
    return Json.bytes(valid());
  }

  // ------------------------------------------------------------------ attempts

  /** The committee submits {@code r}, with the function the base uses when r still rewrites one model. */
  public Attempt expect(ErrorCode code, Redaction r) {
    int n = r.rewrites() == null ? 0 : r.rewrites().size();
    return expect(code, Json.bytes(r), one && n == 1 ? "RedactOne" : "RedactBatch");
  }

  public Attempt expect(ErrorCode code, byte[] json) {
    return expect(code, json, function());
  }

  public Attempt expect(ErrorCode code, byte[] json, String function) {
    return Attempt.refused(code, committeeCall(json, function), abbreviate(json));
  }

  /** The committee's proposal of {@code json} to {@code function}, endorsed by every committee org. */
  public Call committeeCall(byte[] json, String function) {
    return new Call(identity, LIVE, function, Orgs.COMMITTEE, json, List.of());
  }

  /** The function the unmutated base is submitted with. */
  public String function() {
    return one && names.size() == 1 ? "RedactOne" : "RedactBatch";
  }

  /** The unmutated base as the committee submits it (the control: the chaincode endorses it). */
  public Call control() {
    return committeeCall(json(), function());
  }

  public static String abbreviate(byte[] json) {
    if (json == null) {
      return "(no transient input)";
    }
    if (json.length <= 400) {
      return new String(json, StandardCharsets.UTF_8);
    }
    return new String(json, 0, 200, StandardCharsets.UTF_8) + " … "
        + new String(json, json.length - 120, 120, StandardCharsets.UTF_8) + " (" + json.length + " bytes)";
  }
}
