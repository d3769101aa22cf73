package io.lethe.bench.zkml;

import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Backend;
import io.lethe.fl.model.Layer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the benchmark: per statement and backend one measurement of real chunk proofs (as many as
 * the largest model needs, up to {@code maxRealChunks} and {@code proveBudget}), then the per-model
 * cells, the limits and the report.
 */
public final class ZkmlBench {
  /** The run's result (the JSON of {@code --json-out}). */
  public record Report(String command, String started, String finished, String loadBefore, String loadAfter, int cores,
      ZkmlTable.Budget budget, List<ModelSize> models, List<ChunkMeasurement> perChunk, List<ModelCell> perModel,
      List<ZkmlTable.Limit> limits) {}

  /** How much to prove for real and how long a backend may take. */
  public record Plan(int maxRealChunks, Duration proveBudget, Duration timeout, boolean parallel) {}

  private ZkmlBench() {}

  /** A model by architecture name ({@code Architectures.NAMES}) or a synthetic size (a number of weights, e.g. 1000000). */
  public static ModelSize model(String spec) {
    String s = spec.strip();
    if (s.matches("[0-9_]+")) {
      long n = Long.parseLong(s.replace("_", ""));
      return new ModelSize("synthetic-" + n, n);
    }
    if (!Architectures.NAMES.contains(s)) {
      throw new IllegalArgumentException("unknown model '" + s + "' (an architecture: " + String.join(", ", Architectures.NAMES)
          + ", or a number of weights)");
    }
    long n = 0;
    for (Layer l : Architectures.layers(s, Architectures.backendFor(s, Backend.JAVA))) {
      n += l.paramCount();
    }
    return new ModelSize(s, n);
  }

  public static List<ChunkMeasurement> measure(List<ProofBackend> backends, List<String> statements, List<ModelSize> models,
      Plan plan) throws InterruptedException {
    int chunks = Math.min(plan.maxRealChunks(), models.stream().mapToInt(ModelSize::chunks).max().orElse(1));
    List<ChunkMeasurement> out = new ArrayList<>();
    if (!plan.parallel()) {
      for (String st : statements) {
        for (ProofBackend b : backends) {
          System.err.printf("lethe bench zkml: %s %s: up to %d chunk proofs...%n", b.name(), st, chunks);
          out.add(safely(b, st, chunks, plan));
        }
      }
      return out;
    }
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<Future<ChunkMeasurement>> fs = new ArrayList<>();
      for (String st : statements) {
        for (ProofBackend b : backends) {
          fs.add(pool.submit(() -> safely(b, st, chunks, plan)));
        }
      }
      for (Future<ChunkMeasurement> f : fs) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("backend measurement failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** A backend that breaks is a row with its error, not a lost run. */
  static ChunkMeasurement safely(ProofBackend b, String statement, int chunks, Plan plan) {
    try {
      return b.measure(statement, chunks, plan.proveBudget(), plan.timeout());
    } catch (RuntimeException e) {
      return ChunkMeasurement.unavailable(b.name(), statement, "failed: " + e);
    }
  }
}
