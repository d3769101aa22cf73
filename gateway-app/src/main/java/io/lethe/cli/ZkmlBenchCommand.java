package io.lethe.cli;

import io.lethe.bench.zkml.ChunkMeasurement;
import io.lethe.bench.zkml.EzklBackend;
import io.lethe.bench.zkml.GnarkBackend;
import io.lethe.bench.zkml.ModelCell;
import io.lethe.bench.zkml.ModelSize;
import io.lethe.bench.zkml.ProofBackend;
import io.lethe.bench.zkml.ZkmlBench;
import io.lethe.bench.zkml.ZkmlCharts;
import io.lethe.bench.zkml.ZkmlTable;
import io.lethe.json.JsonText;
import io.lethe.zk.ProverSidecar;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe bench zkml}: the ZKMLOps benchmark (package {@link io.lethe.bench.zkml}). */
@Command(name = "zkml", mixinStandardHelpOptions = true,
    description = {"ZKMLOps: the same chunk statements on models of growing size through each proof backend, side by "
        + "side in one run: circuit size, setup (and what a deployment needs), prove time (wall and CPU), peak memory, "
        + "proof size, verify time, and where each backend stops fitting. Per model a dense update = ceil(weights/1024) "
        + "chunk proofs: MEASURED when that many were proven in the run, else COMPUTED from the per-chunk mean (labelled). "
        + "A backend that cannot run says why. Table on stdout (markdown), progress on stderr."})
public final class ZkmlBenchCommand implements Callable<Integer> {
  static final List<String> BACKENDS = List.of("gnark-groth16", "gnark-plonk", "ezkl");
  static final List<String> STATEMENTS = List.of("cascade", "obs", "delta");

  @Option(names = "--models", split = ",", defaultValue = "mlp-tiny,mlp-small,cnn,mlp,alexnet,1000000",
      description = "architectures or numbers of weights, in growing order (default ${DEFAULT-VALUE})") List<String> models;
  @Option(names = "--statement", split = ",", defaultValue = "cascade",
      description = "chunk statements: cascade, obs, delta (default ${DEFAULT-VALUE})") List<String> statements;
  @Option(names = "--backends", split = ",", defaultValue = "gnark-groth16,gnark-plonk,ezkl",
      description = "gnark-groth16, gnark-plonk, ezkl (default ${DEFAULT-VALUE})") List<String> backends;
  @Option(names = "--real-chunks", defaultValue = "25",
      description = "at most this many chunk proofs per backend and statement made for real (default ${DEFAULT-VALUE})")
  int realChunks;
  @Option(names = "--real-budget-s", defaultValue = "600",
      description = "stop proving further real chunks of a backend after this many seconds of proving (default ${DEFAULT-VALUE})")
  long realBudget;
  @Option(names = "--timeout-min", defaultValue = "40",
      description = "a backend that has not finished (setup + proofs) after this many minutes cannot run (default ${DEFAULT-VALUE})")
  long timeoutMin;
  @Option(names = "--cell-budget-s", defaultValue = "600",
      description = "a model fits when its proofs take at most this many CPU seconds (default ${DEFAULT-VALUE}) ...")
  double cellBudget;
  @Option(names = "--memory-mib", defaultValue = "8192", description = "... and at most this peak memory (default ${DEFAULT-VALUE})")
  long memoryMiB;
  @Option(names = "--parallel", description = "run the backends at the same time (shorter run; compare CPU times, not wall)")
  boolean parallel;
  @Option(names = "--python", paramLabel = "PY", description = "Python with ezkl, onnx, numpy (default .lethe/ezkl-venv/bin/python)")
  Path python;
  @Option(names = "--json-out", paramLabel = "FILE", description = "write the report as JSON") Path jsonOut;
  @Option(names = "--plots", paramLabel = "DIR", description = "write zkmlops.png (prove CPU and peak memory against model size)")
  Path plots;
  @Option(names = "--from-json", paramLabel = "FILE",
      description = "measure nothing: print the table (and --plots) of a report written by --json-out") Path fromJson;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (fromJson != null) {
      return render(readReport(fromJson));
    }
    for (String s : statements) {
      if (!STATEMENTS.contains(s)) {
        throw new UserError("--statement: unknown statement '" + s + "' (known: " + String.join(", ", STATEMENTS) + ")");
      }
    }
    for (String b : backends) {
      if (!BACKENDS.contains(b)) {
        throw new UserError("--backends: unknown backend '" + b + "' (known: " + String.join(", ", BACKENDS) + ")");
      }
    }
    if (realChunks < 1 || realBudget < 0 || timeoutMin < 1 || cellBudget <= 0 || memoryMiB <= 0) {
      throw new UserError("need --real-chunks >= 1, --real-budget-s >= 0, --timeout-min >= 1, --cell-budget-s > 0, --memory-mib > 0");
    }
    List<ModelSize> sizes = new ArrayList<>();
    for (String m : models) {
      try {
        sizes.add(ZkmlBench.model(m));
      } catch (IllegalArgumentException e) {
        throw new UserError("--models: " + e.getMessage());
      }
    }
    Path root = ProverSidecar.repoRoot();
    List<ProofBackend> chosen = new ArrayList<>();
    for (String b : backends) {
      chosen.add(switch (b) {
        case "gnark-groth16" -> new GnarkBackend(GnarkBackend.Scheme.GROTH16, ZkmlBenchCommand::prover);
        case "gnark-plonk" -> new GnarkBackend(GnarkBackend.Scheme.PLONK, ZkmlBenchCommand::prover);
        default -> new EzklBackend(python != null ? python : root.resolve(".lethe/ezkl-venv/bin/python"),
            root.resolve("prover-native/bench/ezkl_chunk.py"));
      });
    }
    String started = Instant.now().toString();
    String loadBefore = load();
    var plan = new ZkmlBench.Plan(realChunks, Duration.ofSeconds(realBudget), Duration.ofMinutes(timeoutMin), parallel);
    List<ChunkMeasurement> runs = ZkmlBench.measure(chosen, statements, sizes, plan);
    var budget = new ZkmlTable.Budget(cellBudget, memoryMiB);
    List<ModelCell> cells = ZkmlTable.cells(runs, sizes, budget);
    var report = new ZkmlBench.Report("lethe bench zkml " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
        started, Instant.now().toString(), loadBefore, load(), Runtime.getRuntime().availableProcessors(), budget, sizes, runs,
        cells, ZkmlTable.limits(runs, cells));
    if (jsonOut != null) {
      Files.writeString(jsonOut, JsonText.PRETTY.writeValueAsString(report) + "\n");
      System.err.println("lethe bench zkml: JSON in " + jsonOut);
    }
    return render(report);
  }

  private static ZkmlBench.Report readReport(Path file) {
    try {
      return JsonText.COMPACT.readValue(Files.readString(file), ZkmlBench.Report.class);
    } catch (java.io.IOException e) {
      throw new UserError("--from-json " + file + ": not a report of lethe bench zkml (" + e.getMessage() + ")");
    }
  }

  private int render(ZkmlBench.Report report) throws java.io.IOException {
    PrintWriter out = spec.commandLine().getOut();
    out.println(ZkmlTable.markdown(report.perChunk(), report.perModel(), report.budget()));
    out.flush();
    if (plots != null) {
      String kinds = String.join("/", report.perChunk().stream().map(ChunkMeasurement::statement).distinct().toList());
      Path png = ZkmlCharts.write(plots, "ZKMLOps: chunk-" + kinds + " per backend (dense update; "
          + "dashed = computed from per-chunk mean)", report.perModel());
      System.err.println("lethe bench zkml: plot in " + png);
    }
    return 0;
  }

  private static Path prover() {
    try {
      return ProverSidecar.binary();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building lethe-prover", e);
    }
  }

  /** The machine's load average (/proc/loadavg), to read wall times on a shared machine. */
  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
