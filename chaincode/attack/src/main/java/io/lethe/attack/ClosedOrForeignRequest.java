package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;
import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;
import static io.lethe.ledger.ErrorCode.NOT_FOUND;
import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import io.lethe.ledger.Inputs.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Redactions under a request that is closed (completed, or closed by governance), belongs to
 * another owner, does not exist, or that try to close the request themselves.
 */
public enum ClosedOrForeignRequest implements Mutation {
  /** The committee's collisions for the completed request's own cascade. */
  COMPLETED_REQUEST {
    @Override
    public Attempt apply(Base b, Random random) {
      List<String> names = Encodings.pick(random, List.of("o"), List.of("p"), List.of("o", "p"));
      return b.expect(FAILED_PRECONDITION, b.fx().redaction("r-done", names, "again"));
    }
  },
  /** The committee's collisions for the cascade of a request closed by a close-request proposal. */
  REQUEST_CLOSED_BY_GOVERNANCE {
    @Override
    public Attempt apply(Base b, Random random) {
      return b.expect(FAILED_PRECONDITION, b.fx().redaction("r-voted", List.of("f"), "again"));
    }
  },
  /** The valid redaction filed under a closed request. */
  RENAMED_TO_CLOSED_REQUEST {
    @Override
    public Attempt apply(Base b, Random random) {
      return b.expect(FAILED_PRECONDITION, b.withRequest(b.fx().id(Encodings.pick(random, "r-done", "r-voted"))));
    }
  },
  /** The valid redaction (of models both cascades hold) filed under another owner's open request: the collisions name r-open. */
  RENAMED_TO_FOREIGN_REQUEST {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base.within(FuzzFixture.FOREIGN_CASCADE, Encodings.pick(random, FuzzFixture.FOREIGN_CASCADE));
      return b.expect(VERIFICATION_FAILED, b.withRequest(b.fx().id("r-foreign")));
    }
  },
  /** Genuine collisions under another owner's open request for a model its cascade does not hold. */
  FOREIGN_REQUEST_OUTSIDE_ITS_CASCADE {
    @Override
    public Attempt apply(Base b, Random random) {
      String outsider = Encodings.pick(random, "a", "h", "d");
      List<String> names = new ArrayList<>(List.of(outsider));
      b.names().stream().filter(n -> !n.equals(outsider)).forEach(names::add);
      return b.expect(FAILED_PRECONDITION, b.fx().redaction("r-foreign", names, FuzzFixture.TAG));
    }
  },
  UNKNOWN_REQUEST {
    @Override
    public Attempt apply(Base b, Random random) {
      String name = Encodings.pick(random, "r-" + random.nextInt(1_000_000), "r-open-2", "r-open.", "open");
      return b.expect(NOT_FOUND, random.nextBoolean() ? b.withRequest(b.fx().id(name))
          : b.fx().redaction(name, b.names(), FuzzFixture.TAG));
    }
  },
  REQUEST_ID_OTHER_CASE {
    @Override
    public Attempt apply(Base b, Random random) {
      return b.expect(NOT_FOUND, b.withRequest(b.fx().id("r-open").toUpperCase(Locale.ROOT)));
    }
  },
  /** A redaction asking to close its request (a governance action). */
  CLOSE_FLAG_SET {
    @Override
    public Attempt apply(Base b, Random random) {
      Redaction v = b.valid();
      return b.expect(INVALID_ARGUMENT, new Redaction(v.requestId(), v.rewrites(), v.headers(), Boolean.TRUE));
    }
  }
}
