package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;
import static io.lethe.ledger.ErrorCode.NOT_FOUND;

import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Rewrites of models the request's cascade does not hold (with genuine committee collisions
 * and header randomness), or of models that do not exist.
 */
public enum OutsideCascade implements Mutation {
  /** A model outside the cascade rewritten alongside the valid ones. */
  OUTSIDE_MODEL_ADDED {
    @Override
    public Attempt apply(Base b, Random random) {
      String name = outsider(random);
      List<Rewrite> rewrites = new ArrayList<>(b.rewrites());
      rewrites.add(random.nextInt(rewrites.size() + 1), outsideRewrite(b, name));
      return b.expect(FAILED_PRECONDITION, withBlockOf(b, name, rewrites));
    }
  },
  /** A valid rewrite replaced by one of a model outside the cascade. */
  OUTSIDE_MODEL_INSTEAD {
    @Override
    public Attempt apply(Base b, Random random) {
      String name = outsider(random);
      List<Rewrite> rewrites = new ArrayList<>(b.rewrites());
      rewrites.set(b.anyRewrite(random), outsideRewrite(b, name));
      return b.expect(FAILED_PRECONDITION, withBlockOf(b, name, rewrites));
    }
  },
  UNKNOWN_MODEL {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      Rewrite rw = b.rewrites().get(i);
      String id = Encodings.pick(random, "m-" + random.nextInt(1_000_000), rw.id() + "x", rw.id() + ".", "z");
      return b.expect(NOT_FOUND, b.replace(i, renamed(rw, id)));
    }
  },
  /** The model id in another case (ids are case-sensitive). */
  MODEL_ID_OTHER_CASE {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      Rewrite rw = b.rewrites().get(i);
      return b.expect(NOT_FOUND, b.replace(i, renamed(rw, rw.id().toUpperCase(Locale.ROOT))));
    }
  };

  /** A fixture model outside r-open's cascade (the sequential request's models included). */
  private static String outsider(Random random) {
    List<String> out = new ArrayList<>(FuzzFixture.OUTSIDE);
    out.addAll(FuzzFixture.SEQ_CASCADE);
    return Encodings.pick(random, out);
  }

  private static Rewrite outsideRewrite(Base b, String name) {
    return b.fx().rewrite("r-open", name, b.fx().content(name, FuzzFixture.TAG));
  }

  private static Rewrite renamed(Rewrite rw, String id) {
    return new Rewrite(id, rw.modelUri(), rw.zkDigest(), rw.refs(), rw.r(), rw.s());
  }

  /** The rewrites with the outside model's block given its (valid) header randomness too. */
  private static Redaction withBlockOf(Base b, String name, List<Rewrite> rewrites) {
    long height = b.fx().tx(name).block();
    List<HeaderAdapt> headers = new ArrayList<>(b.headers());
    if (headers.stream().noneMatch(h -> h.height() == height)) {
      headers.add(b.fx().header(height));
    }
    return new Redaction(b.valid().requestId(), rewrites, headers, null);
  }
}
