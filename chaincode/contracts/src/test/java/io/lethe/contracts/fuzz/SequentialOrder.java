package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;

import io.lethe.ledger.Json;
import java.util.List;
import java.util.Random;

/**
 * The sequential paradigm (one RedactOne per model, in the cascade's topological order) broken
 * with the committee's genuine collisions under the sequential request r-seq (cascade s1 s2 s3,
 * s1 done): RedactBatch of anything, or a RedactOne of another model than s2.
 */
enum SequentialOrder implements Mutation {
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
      return batch(b, FuzzLedger.SEQ_CASCADE);
    }
  },
  /** RedactOne of a model after the next one. */
  ONE_SKIPPING_AHEAD {
    @Override
    public Attempt apply(Base b, Random random) {
      return one(b, "s3", FuzzLedger.TAG);
    }
  },
  /** RedactOne of the model already rewritten, to new content. */
  ONE_OF_A_DONE_MODEL_AGAIN {
    @Override
    public Attempt apply(Base b, Random random) {
      return one(b, "s1", "again" + random.nextInt(1000));
    }
  };

  private static Attempt batch(Base b, List<String> ids) {
    byte[] json = Json.bytes(b.ledger().redaction(FuzzLedger.SEQUENTIAL, ids, FuzzLedger.TAG));
    return Attempt.refused(FAILED_PRECONDITION, b.ledger().committeeCall(json, b.ledger().redactBatch()),
        "RedactBatch " + ids + " under " + FuzzLedger.SEQUENTIAL);
  }

  private static Attempt one(Base b, String id, String tag) {
    byte[] json = Json.bytes(b.ledger().redaction(FuzzLedger.SEQUENTIAL, List.of(id), tag));
    return Attempt.refused(FAILED_PRECONDITION, b.ledger().committeeCall(json, b.ledger().redactOne()),
        "RedactOne " + id + " under " + FuzzLedger.SEQUENTIAL + " (next is s2)");
  }
}
