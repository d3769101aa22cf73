package io.lethe.bench.zkml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * EZKL (Halo2, KZG over BN254) from PyPI on the chunk-cascade relation, via
 * {@code prover-native/bench/ezkl_chunk.py} in a Python that has {@code ezkl}, {@code onnx} and
 * {@code numpy} (default: the venv {@code .lethe/ezkl-venv}). Only {@code cascade} is built: the
 * chunk-obs relation (committed block Fisher, H·C = E_P) has no EZKL graph here.
 */
public final class EzklBackend implements ProofBackend {
  private final Path python;
  private final Path script;

  public EzklBackend(Path python, Path script) {
    this.python = python;
    this.script = script;
  }

  @Override
  public String name() {
    return "ezkl";
  }

  @Override
  public ChunkMeasurement measure(String statement, int chunks, Duration proveBudget, Duration timeout) {
    if (!statement.equals("cascade")) {
      return ChunkMeasurement.unavailable(name(), statement, "no EZKL graph for chunk-" + statement
          + " (only cascade is built: prover-native/bench/ezkl_chunk.py)");
    }
    if (!Files.isExecutable(python)) {
      return ChunkMeasurement.unavailable(name(), statement, "no Python with ezkl at " + python
          + " (python3 -m venv .lethe/ezkl-venv && .lethe/ezkl-venv/bin/pip install ezkl onnx numpy)");
    }
    List<String> cmd = List.of(python.toString(), script.toString(), "--chunks", Integer.toString(chunks), "--budget-s",
        Long.toString(proveBudget.toSeconds()));
    return ChunkBenchProcess.run(cmd, new ChunkBenchProcess.Labels(name(), statement, "EZKL (Halo2 KZG, BN254)",
        "Halo2 rows (2^logrows)", "universal KZG SRS (no per-circuit ceremony); keys per circuit shape (here: one "
            + "1,024-weight chunk); measured here: local insecure SRS (gen_srs) + setup"), timeout);
  }
}
