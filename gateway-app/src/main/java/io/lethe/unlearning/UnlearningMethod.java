package io.lethe.unlearning;

import io.lethe.ledger.Method;
import java.util.function.Consumer;

/** An unlearning method; {@code progress} receives one call per processed model. */
public interface UnlearningMethod {
  Method method();

  UnlearningOutcome unlearn(UnlearningTask task, Consumer<String> progress);
}
