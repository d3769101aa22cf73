package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;

import io.lethe.contracts.fuzz.FuzzLedger.Replay;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A model rewritten twice in one transaction, RedactOne given several models or none, and
 * replays of redactions the ledger already applied.
 */
enum DuplicateRewrite implements Mutation {
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
      String id = b.rewrites().get(i).id();
      List<Rewrite> list = new ArrayList<>(b.rewrites());
      Rewrite second = b.ledger().rewrite(FuzzLedger.OPEN, id, FuzzLedger.content(id, "second" + random.nextInt(1000)));
      list.add(random.nextInt(list.size() + 1), second);
      return b.expect(INVALID_ARGUMENT, b.withRewrites(list));
    }
  },
  REDACT_ONE_WITH_SEVERAL {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base.atLeastTwo(random);
      return b.expect(INVALID_ARGUMENT, b.json(), b.ledger().redactOne());
    }
  },
  NO_REWRITES {
    @Override
    public Attempt apply(Base b, Random random) {
      Redaction none = b.withRewrites(random.nextBoolean() ? List.of() : null);
      return b.expect(INVALID_ARGUMENT, Json.bytes(none),
          random.nextBoolean() ? b.ledger().redactOne() : b.ledger().redactBatch());
    }
  },
  /** A redaction the ledger already applied, submitted again byte for byte. */
  REPLAY_OF_APPLIED_REDACTION {
    @Override
    public Attempt apply(Base b, Random random) {
      Replay replay = Encodings.pick(random, b.ledger().replays());
      boolean one = replay.input().rewrites().size() == 1 && random.nextBoolean();
      return Attempt.refused(replay.refusedWith(), b.ledger().committeeCall(Json.bytes(replay.input()),
          one ? b.ledger().redactOne() : b.ledger().redactBatch()), "replay of " + replay.name());
    }
  }
}
