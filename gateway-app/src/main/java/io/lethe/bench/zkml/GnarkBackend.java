package io.lethe.bench.zkml;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The project's universal chunk circuits (prover-native/chunks) through gnark, via
 * {@code lethe-prover bench --chunk KIND --backend groth16|plonk --chunks N --budget-s S --json}.
 */
public final class GnarkBackend implements ProofBackend {
  public enum Scheme { GROTH16, PLONK }

  private final Scheme scheme;
  private final Supplier<Path> binary;

  /** {@code binary}: the lethe-prover binary, looked up (and built if missing) only when the backend runs. */
  public GnarkBackend(Scheme scheme, Supplier<Path> binary) {
    this.scheme = scheme;
    this.binary = binary;
  }

  @Override
  public String name() {
    return scheme == Scheme.GROTH16 ? "gnark-groth16" : "gnark-plonk";
  }

  @Override
  public ChunkMeasurement measure(String statement, int chunks, Duration proveBudget, Duration timeout) {
    Path bin;
    try {
      bin = binary.get();
    } catch (RuntimeException e) {
      return ChunkMeasurement.unavailable(name(), statement, "no lethe-prover binary: " + e.getMessage());
    }
    List<String> cmd = List.of(bin.toString(), "bench", "--chunk", statement, "--backend", scheme.name().toLowerCase(),
        "--chunks", Integer.toString(chunks), "--budget-s", Long.toString(proveBudget.toSeconds()), "--json");
    var labels = scheme == Scheme.GROTH16
        ? new ChunkBenchProcess.Labels(name(), statement, "gnark v0.14 Groth16, BLS12-381", "R1CS constraints",
            "one key per statement kind, whatever the model; deployment: one phase-2 ceremony per kind "
                + "(measured here: single-party dev setup, same work)")
        : new ChunkBenchProcess.Labels(name(), statement, "gnark v0.14 PlonK, BLS12-381", "PlonK gates",
            "universal KZG SRS (no per-circuit ceremony; one SRS of the circuit's size); measured here: "
                + "gnark's insecure test SRS (unsafekzg) + key derivation");
    return ChunkBenchProcess.run(cmd, labels, timeout);
  }
}
