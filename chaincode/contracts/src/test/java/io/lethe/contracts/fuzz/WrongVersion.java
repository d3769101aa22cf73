package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.Random;

/**
 * Genuine committee collisions, but for another version than the next one: the stale current
 * version, a skipped one, any other, or the publish-time message shape (version 0, no request).
 */
enum WrongVersion implements Mutation {
  MODEL_AT_CURRENT_VERSION {
    @Override
    long version(long current, Random random) {
      return current;
    }
  },
  MODEL_VERSION_SKIPPED {
    @Override
    long version(long current, Random random) {
      return current + 2 + random.nextInt(3);
    }
  },
  MODEL_AT_ANY_OTHER_VERSION {
    @Override
    long version(long current, Random random) {
      // versions are u64 in the canonical bytes: any non-negative long
      long v = Encodings.pick(random, 0L, 1L, Long.MAX_VALUE, random.nextLong() & Long.MAX_VALUE);
      return v == current + 1 ? current + 2 : v;
    }
  },
  /** The new content hashed as a version-0 payload with no request id (how a publish hashes). */
  MODEL_AS_PUBLISHED_PAYLOAD {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String id = b.rewrites().get(i).id();
      LiveTransaction t = b.ledger().tx(id);
      Rewrite forged = b.ledger().rewrite("", id, FuzzLedger.content(id, FuzzLedger.TAG), 0, t.refs(),
          b.ledger().keyOf(id));
      return b.expect(VERIFICATION_FAILED, b.replace(i, forged));
    }
  },
  HEADER_AT_CURRENT_VERSION {
    @Override
    public Attempt apply(Base b, Random random) {
      return header(b, random, 0);
    }
  },
  HEADER_VERSION_SKIPPED {
    @Override
    public Attempt apply(Base b, Random random) {
      return header(b, random, 2 + random.nextInt(3));
    }
  };

  /** The version the forged model collision is computed for. */
  long version(long current, Random random) {
    throw new UnsupportedOperationException(name());
  }

  @Override
  public Attempt apply(Base b, Random random) {
    int i = b.anyRewrite(random);
    String id = b.rewrites().get(i).id();
    LiveTransaction t = b.ledger().tx(id);
    Rewrite forged = b.ledger().rewrite(FuzzLedger.OPEN, id, FuzzLedger.content(id, FuzzLedger.TAG),
        version(t.version(), random), t.refs(), b.ledger().keyOf(id));
    return b.expect(VERIFICATION_FAILED, b.replace(i, forged));
  }

  private static Attempt header(Base b, Random random, long increment) {
    int j = b.anyHeader(random);
    LiveBlock block = b.ledger().block(b.headers().get(j).height());
    return b.expect(VERIFICATION_FAILED, b.withHeader(j, b.ledger().header(block.height(),
        block.version() + increment, b.ledger().epochKey(block.keyIndex()))));
  }
}
