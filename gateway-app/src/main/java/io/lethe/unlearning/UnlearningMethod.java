package io.lethe.unlearning;

import java.util.function.Consumer;

/** An unlearning method; {@code progress} receives one call per processed model. */
public interface UnlearningMethod {
  String name();

  UnlearningOutcome unlearn(UnlearningTask task, Consumer<String> progress);
}
