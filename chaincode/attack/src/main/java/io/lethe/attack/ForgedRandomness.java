package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import io.lethe.attack.FuzzFixture.ArchivedVersion;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A model's randomness (R, s) that is well-formed but not the committee's collision for this
 * rewrite: reused from another model, version, request or payload, random, or altered.
 */
public enum ForgedRandomness implements Mutation {
  /** (R, s) of another rewritten model's collision in the same redaction. */
  ANOTHER_MODELS_COLLISION {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base.atLeastTwo(random);
      int i = b.anyRewrite(random);
      int k = (i + 1 + random.nextInt(b.rewrites().size() - 1)) % b.rewrites().size();
      Rewrite other = b.rewrites().get(k);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, other.r(), other.s()));
    }
  },
  /** The public opening of another model's C (from its ledger record). */
  ANOTHER_MODELS_OPENING {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      List<String> others = new ArrayList<>(FuzzFixture.ALL);
      others.remove(b.nameOf(i));
      LiveTransaction t = b.fx().tx(Encodings.pick(random, others));
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, t.r(), t.s()));
    }
  },
  /** A header's collision used as the model's. */
  HEADER_RANDOMNESS_AS_MODELS {
    @Override
    public Attempt apply(Base b, Random random) {
      HeaderAdapt h = b.headers().get(b.anyHeader(random));
      return b.expect(VERIFICATION_FAILED, b.withRandomness(b.anyRewrite(random), h.r(), h.s()));
    }
  },
  /** The model's own current opening (it opens the current version, not the next). */
  CURRENT_OPENING_REPLAYED {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      LiveTransaction t = b.fx().tx(b.nameOf(i));
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, t.r(), t.s()));
    }
  },
  /** The opening of an archived (superseded) version of the model. */
  ARCHIVED_OPENING_REPLAYED {
    @Override
    public Attempt apply(Base base, Random random) {
      String name = Encodings.pick(random, FuzzFixture.WITH_HISTORY);
      Base b = base.with(name);
      ArchivedVersion v = Encodings.pick(random, b.fx().archived(name));
      return b.expect(VERIFICATION_FAILED, b.withRandomness(b.indexOf(name), v.r(), v.s()));
    }
  },
  /** A committee collision for the same model, content and version, but under another request id. */
  COLLISION_FOR_ANOTHER_REQUEST {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String name = b.nameOf(i);
      String other = Encodings.pick(random, "r-foreign", "r-done", "r-voted", "r-seq", "r-" + random.nextInt(1000));
      Rewrite forged = b.fx().rewrite(other, name, b.fx().content(name, FuzzFixture.TAG));
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, forged.r(), forged.s()));
    }
  },
  /** A compressed prefix with 32 random bytes, and 32 random bytes (mostly off-curve; s may be ≥ n). */
  RANDOM_BYTES {
    @Override
    public Attempt apply(Base b, Random random) {
      String r = (random.nextBoolean() ? "02" : "03") + Encodings.hex(Encodings.bytes(random, 32));
      return b.expect(VERIFICATION_FAILED, b.withRandomness(b.anyRewrite(random), r,
          Encodings.hex(Encodings.bytes(random, 32))));
    }
  },
  /** A committee collision for another payload of the same model: the payload was swapped after signing. */
  COLLISION_FOR_ANOTHER_PAYLOAD {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String name = b.nameOf(i);
      NewPayload other = b.fx().content(name, "other" + random.nextInt(1_000_000));
      Rewrite forged = b.fx().rewrite("r-open", name, other);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, forged.r(), forged.s()));
    }
  },
  /** A random valid point and a random reduced scalar. */
  RANDOM_POINT_AND_SCALAR {
    @Override
    public Attempt apply(Base b, Random random) {
      return b.expect(VERIFICATION_FAILED, b.withRandomness(b.anyRewrite(random), Encodings.point(random),
          Encodings.scalarHex(Encodings.scalar(random))));
    }
  },
  /** R replaced by a random point, s kept. */
  ONLY_R_REPLACED {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, Encodings.point(random), b.rewrites().get(i).s()));
    }
  },
  /** s replaced by a random scalar, R kept. */
  ONLY_S_REPLACED {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, b.rewrites().get(i).r(),
          Encodings.scalarHex(Encodings.scalar(random))));
    }
  },
  /** s + δ mod n for a small δ ≠ 0. */
  S_SHIFTED {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      Rewrite rw = b.rewrites().get(i);
      long delta = random.nextBoolean() ? 1 + random.nextInt(1000) : -1 - random.nextInt(1000);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, rw.r(), Encodings.addToScalar(rw.s(), delta)));
    }
  },
  /** n − s. */
  S_NEGATED {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      Rewrite rw = b.rewrites().get(i);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, rw.r(), Encodings.negateScalar(rw.s())));
    }
  },
  /** −R (the other compressed prefix: still a canonical point). */
  R_NEGATED {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      Rewrite rw = b.rewrites().get(i);
      return b.expect(VERIFICATION_FAILED, b.withRandomness(i, Encodings.negatePoint(rw.r()), rw.s()));
    }
  },
  /** Two models' collisions swapped. */
  SWAPPED_BETWEEN_MODELS {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base.atLeastTwo(random);
      int i = b.anyRewrite(random);
      int k = (i + 1 + random.nextInt(b.rewrites().size() - 1)) % b.rewrites().size();
      Rewrite ri = b.rewrites().get(i);
      Rewrite rk = b.rewrites().get(k);
      List<Rewrite> list = new ArrayList<>(b.rewrites());
      list.set(i, Base.randomness(ri, rk.r(), rk.s()));
      list.set(k, Base.randomness(rk, ri.r(), ri.s()));
      return b.expect(VERIFICATION_FAILED, b.withRewrites(list));
    }
  }
}
