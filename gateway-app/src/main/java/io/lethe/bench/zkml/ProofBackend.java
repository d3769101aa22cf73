package io.lethe.bench.zkml;

import java.time.Duration;

/** A proof system the benchmark drives: it proves {@code chunks} distinct chunks of a statement under one setup. */
public interface ProofBackend {
  /** The backend's name in tables, JSON and {@code --backends}. */
  String name();

  /**
   * Measures up to {@code chunks} real chunk proofs of {@code statement} (stopping early once
   * {@code proveBudget} of proving is spent), within {@code timeout} in all. Never throws for a
   * backend that cannot run: it returns {@link ChunkMeasurement#unavailable} with the reason.
   */
  ChunkMeasurement measure(String statement, int chunks, Duration proveBudget, Duration timeout);
}
