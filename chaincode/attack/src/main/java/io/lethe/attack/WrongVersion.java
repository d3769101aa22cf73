package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.Random;

/**
 * Genuine committee collisions, but for another version than the next one: the stale current
 * version, a skipped one, any other, or the publish-time message shape (version 0, no request).
 */
public enum WrongVersion implements Mutation {
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
      long v = Encodings.pick(random, 0L, 1L, Long.MAX_VALUE, random.nextLong() & Long.MAX_VALUE);
      return v == current + 1 ? current + 2 : v;
    }
  },
  /** The new content hashed as a version-0 payload with no request id (how a publish hashes). */
  MODEL_AS_PUBLISHED_PAYLOAD {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String name = b.nameOf(i);
      LiveTransaction t = b.fx().tx(name);
      Rewrite forged = b.fx().rewrite("", name, b.fx().content(name, FuzzFixture.TAG), 0, t.refs(), t.keyIndex());
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
    String name = b.nameOf(i);
    LiveTransaction t = b.fx().tx(name);
    Rewrite forged = b.fx().rewrite("r-open", name, b.fx().content(name, FuzzFixture.TAG),
        version(t.version(), random), t.refs(), t.keyIndex());
    return b.expect(VERIFICATION_FAILED, b.replace(i, forged));
  }

  private static Attempt header(Base b, Random random, long increment) {
    int j = b.anyHeader(random);
    LiveBlock block = b.fx().block(b.headers().get(j).height());
    return b.expect(VERIFICATION_FAILED, b.withHeader(j, b.fx().header(block.height(), block.version() + increment,
        block.keyIndex())));
  }
}
