package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;
import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;

import io.lethe.attack.FuzzFixture.ArchivedVersion;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.LedgerRequests.NewPayload;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;

/**
 * A rewrite that does not move the model forward: back to the content of an archived version
 * (a forgotten model never comes back, even with a fresh committee collision), or keeping the
 * current URI or zkDigest.
 */
public enum Rollback implements Mutation {
  /** An archived version's content with that version's own public opening. */
  ARCHIVED_CONTENT_WITH_ITS_OPENING {
    @Override
    public Attempt apply(Base base, Random random) {
      String name = Encodings.pick(random, FuzzFixture.WITH_HISTORY);
      Base b = base.with(name);
      ArchivedVersion v = Encodings.pick(random, b.fx().archived(name));
      Rewrite valid = b.rewrites().get(b.indexOf(name));
      Rewrite back = new Rewrite(valid.id(), v.content().uri(), HexFormat.of().formatHex(v.content().zkDigest()),
          valid.refs(), v.r(), v.s());
      return b.expect(FAILED_PRECONDITION, b.replace(b.indexOf(name), back));
    }
  },
  /** An archived version's content with a genuine committee collision at the next version. */
  ARCHIVED_CONTENT_FRESH_COLLISION {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return archived;
    }
  },
  ARCHIVED_URI_NEW_DIGEST {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return new NewPayload(archived.uri(), fresh.zkDigest());
    }
  },
  NEW_URI_ARCHIVED_DIGEST {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return new NewPayload(fresh.uri(), archived.zkDigest());
    }
  },
  /** The archived zkDigest written in upper-case hex (the same bytes). */
  ARCHIVED_DIGEST_UPPER_CASE {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return new NewPayload(fresh.uri(), archived.zkDigest());
    }

    @Override
    Rewrite present(Rewrite rw) {
      return upper(rw);
    }
  },
  CURRENT_CONTENT_KEPT(INVALID_ARGUMENT) {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return current;
    }
  },
  CURRENT_URI_KEPT(INVALID_ARGUMENT) {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return new NewPayload(current.uri(), fresh.zkDigest());
    }
  },
  CURRENT_DIGEST_KEPT(INVALID_ARGUMENT) {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return new NewPayload(fresh.uri(), current.zkDigest());
    }
  },
  CURRENT_DIGEST_UPPER_CASE(INVALID_ARGUMENT) {
    @Override
    NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
      return new NewPayload(fresh.uri(), current.zkDigest());
    }

    @Override
    Rewrite present(Rewrite rw) {
      return upper(rw);
    }
  };

  private final ErrorCode code;

  Rollback() {
    this(FAILED_PRECONDITION);
  }

  Rollback(ErrorCode code) {
    this.code = code;
  }

  /** The content the forged rewrite carries. */
  NewPayload content(NewPayload archived, NewPayload fresh, NewPayload current) {
    throw new UnsupportedOperationException(name());
  }

  /** How the rewrite is written in the input (by default as the committee's client writes it). */
  Rewrite present(Rewrite rw) {
    return rw;
  }

  static Rewrite upper(Rewrite rw) {
    return new Rewrite(rw.id(), rw.modelUri(), rw.zkDigest().toUpperCase(Locale.ROOT), rw.refs(), rw.r(), rw.s());
  }

  @Override
  public Attempt apply(Base base, Random random) {
    // archived content needs a model with history; the current content works on any rewritten model
    String name = code == FAILED_PRECONDITION
        ? Encodings.pick(random, FuzzFixture.WITH_HISTORY)
        : base.nameOf(base.anyRewrite(random));
    Base b = base.with(name);
    FuzzFixture fx = b.fx();
    NewPayload archived = code == FAILED_PRECONDITION ? Encodings.pick(random, fx.archived(name)).content() : null;
    NewPayload fresh = fx.content(name, "new" + random.nextInt(1_000_000));
    NewPayload target = content(archived, fresh, fx.current(name));
    return b.expect(code, b.replace(b.indexOf(name), present(fx.rewrite("r-open", name, target))));
  }
}
