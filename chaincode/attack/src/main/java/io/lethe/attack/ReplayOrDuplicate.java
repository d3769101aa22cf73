package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;

import io.lethe.attack.FuzzFixture.Replay;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Replays of redactions the ledger already applied (reused randomness, byte for byte), a model
 * rewritten twice in one transaction, RedactOne given several models or none.
 */
public enum ReplayOrDuplicate implements Mutation {
  /** A redaction the fixture applied, submitted again byte for byte. */
  REPLAY_OF_APPLIED_REDACTION {
    @Override
    public Attempt apply(Base b, Random random) {
      Replay replay = Encodings.pick(random, b.fx().replays());
      boolean one = replay.one() || (replay.input().rewrites().size() == 1 && random.nextBoolean());
      return Attempt.refused(replay.refusedWith(), b.committeeCall(Json.bytes(replay.input()),
          one ? "RedactOne" : "RedactBatch"), "replay of " + replay.name());
    }
  },
  SAME_REWRITE_TWICE {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      List<Rewrite> list = new ArrayList<>(b.rewrites());
      list.add(i + 1 + random.nextInt(list.size() - i), list.get(i));
      return b.expect(INVALID_ARGUMENT, b.withRewrites(list));
    }
  },
  /** The same model twice, each with a genuine collision, to two different payloads. */
  SAME_MODEL_TWO_PAYLOADS {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String name = b.nameOf(i);
      List<Rewrite> list = new ArrayList<>(b.rewrites());
      list.add(random.nextInt(list.size() + 1), b.fx().rewrite("r-open", name,
          b.fx().content(name, "second" + random.nextInt(1000))));
      return b.expect(INVALID_ARGUMENT, b.withRewrites(list));
    }
  },
  REDACT_ONE_WITH_SEVERAL {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base.atLeastTwo(random);
      return b.expect(INVALID_ARGUMENT, b.json(), "RedactOne");
    }
  },
  NO_REWRITES {
    @Override
    public Attempt apply(Base b, Random random) {
      Redaction none = b.withRewrites(random.nextBoolean() ? List.of() : null);
      return b.expect(INVALID_ARGUMENT, Json.bytes(none), random.nextBoolean() ? "RedactOne" : "RedactBatch");
    }
  }
}
