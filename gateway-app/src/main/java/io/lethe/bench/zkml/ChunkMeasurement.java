package io.lethe.bench.zkml;

import java.util.List;

/**
 * What one backend measured for one chunk statement in this run: its setup once, then
 * {@code proveMillisEach.size()} distinct chunk proofs under it (each verified), or, when it could
 * not run, {@code available = false} and the reason.
 *
 * @param size the circuit's size in its own unit ({@code sizeUnit}: R1CS constraints, PlonK
 *     gates, Halo2 rows)
 * @param setupKind how the keys were made and what a deployment would need (per kind or per shape, ceremony or universal SRS)
 * @param proveCpuMillisEach process CPU time (user + system) of each proof: the load-independent figure on a shared machine
 */
public record ChunkMeasurement(String backend, String statement, boolean available, String reason, String tool,
    long size, String sizeUnit, String setupKind, long setupMillis, long setupCpuMillis, List<Long> proveMillisEach,
    List<Long> proveCpuMillisEach, long peakRssMiB, long proofBytes, double verifyMillis, String note) {

  public ChunkMeasurement {
    proveMillisEach = List.copyOf(proveMillisEach);
    proveCpuMillisEach = List.copyOf(proveCpuMillisEach);
    if (available && (proveMillisEach.isEmpty() || proveMillisEach.size() != proveCpuMillisEach.size())) {
      throw new IllegalArgumentException(backend + "/" + statement + ": an available backend needs at least one proof");
    }
  }

  /** A backend that could not run this statement, and why. */
  public static ChunkMeasurement unavailable(String backend, String statement, String reason) {
    return new ChunkMeasurement(backend, statement, false, reason, "", 0, "", "", 0, 0, List.of(), List.of(), 0, 0, 0, "");
  }

  public int chunksProven() {
    return proveMillisEach.size();
  }

  public double meanProveMillis() {
    return proveMillisEach.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }

  public double meanProveCpuMillis() {
    return proveCpuMillisEach.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }
}
