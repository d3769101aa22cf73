package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;

import io.lethe.ledger.Json;
import java.util.List;
import java.util.Random;

/**
 * The sequential paradigm (one RedactOne per model, in the cascade's topological order) broken
 * with the committee's genuine collisions under the sequential request r-seq (cascade s1 s2 s3,
 * s1 done): RedactBatch of anything, or a RedactOne of another model than s2.
 */
public enum SequentialOrder implements Mutation {
  /** RedactBatch of the next model alone. */
  BATCH_OF_THE_NEXT_MODEL {
    @Override
    public Attempt apply(Base b, Random random) {
      return batch(b, List.of("s2"));
    }
  },
  /** RedactBatch of the rest of the cascade, in order. */
  BATCH_OF_THE_REST_IN_ORDER {
    @Override
    public Attempt apply(Base b, Random random) {
      return batch(b, List.of("s2", "s3"));
    }
  },
  /** RedactBatch of the whole cascade, the done model rewritten again. */
  BATCH_OF_THE_WHOLE_CASCADE {
    @Override
    public Attempt apply(Base b, Random random) {
      return batch(b, FuzzFixture.SEQ_CASCADE);
    }
  },
  /** RedactOne of the model after the next one. */
  ONE_SKIPPING_AHEAD {
    @Override
    public Attempt apply(Base b, Random random) {
      return one(b, "s3", FuzzFixture.TAG);
    }
  },
  /** RedactOne of the model already rewritten, to new content. */
  ONE_OF_A_DONE_MODEL_AGAIN {
    @Override
    public Attempt apply(Base b, Random random) {
      return one(b, "s1", "again" + random.nextInt(1000));
    }
  };

  private static Attempt batch(Base b, List<String> names) {
    byte[] json = Json.bytes(b.fx().redaction("r-seq", names, FuzzFixture.TAG));
    return Attempt.refused(FAILED_PRECONDITION, b.committeeCall(json, "RedactBatch"), "RedactBatch " + names + " under r-seq");
  }

  private static Attempt one(Base b, String name, String tag) {
    byte[] json = Json.bytes(b.fx().redaction("r-seq", List.of(name), tag));
    return Attempt.refused(FAILED_PRECONDITION, b.committeeCall(json, "RedactOne"), "RedactOne " + name
        + " under r-seq (next is s2)");
  }
}
