package io.lethe.bench.zkml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.bench.zkml.ModelCell.Basis;
import io.lethe.json.JsonText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's cells, table and JSON, on fake backends (no prover runs). */
class ZkmlTableTest {
  private static final ZkmlTable.Budget BUDGET = new ZkmlTable.Budget(100, 4096);
  private static final List<ModelSize> MODELS = List.of(new ModelSize("tiny", 970), new ModelSize("small", 3000),
      new ModelSize("big", 1_000_000));

  /** A backend that proved two chunks: 10 s and 20 s wall, 4 s and 6 s CPU. */
  private static ChunkMeasurement twoChunks(String backend, long peakMiB) {
    return new ChunkMeasurement(backend, "cascade", true, "", "fake 1.0", 278_048, "R1CS constraints", "per kind", 60_000,
        50_000, List.of(10_000L, 20_000L), List.of(4_000L, 6_000L), peakMiB, 292, 2.5, "");
  }

  /** Reports a backend that cannot run, as a real one would when its tool is missing. */
  private static final class Unavailable implements ProofBackend {
    @Override
    public String name() {
      return "fake-missing";
    }

    @Override
    public ChunkMeasurement measure(String statement, int chunks, Duration budget, Duration timeout) {
      return ChunkMeasurement.unavailable(name(), statement, "tool not installed here");
    }
  }

  /** Breaks outright. */
  private static final class Broken implements ProofBackend {
    @Override
    public String name() {
      return "fake-broken";
    }

    @Override
    public ChunkMeasurement measure(String statement, int chunks, Duration budget, Duration timeout) {
      throw new IllegalStateException("segfault in the prover");
    }
  }

  private static final class Working implements ProofBackend {
    int askedFor;

    @Override
    public String name() {
      return "fake-ok";
    }

    @Override
    public ChunkMeasurement measure(String statement, int chunks, Duration budget, Duration timeout) {
      askedFor = chunks;
      return twoChunks(name(), 900);
    }
  }

  @Test
  void measuredUpToTheChunksProvenThenComputedFromTheMean() {
    List<ModelCell> cells = ZkmlTable.cells(List.of(twoChunks("b", 900)), MODELS, BUDGET);
    ModelCell tiny = cells.get(0);
    assertEquals(Basis.MEASURED, tiny.basis());
    assertEquals(1, tiny.chunks());
    assertEquals(10.0, tiny.proveSeconds());
    assertEquals(4.0, tiny.proveCpuSeconds());
    ModelCell small = cells.get(1); // 3 chunks, 2 proven: computed, never the two measured plus a guess
    assertEquals(Basis.COMPUTED, small.basis());
    assertEquals(45.0, small.proveSeconds());
    assertEquals(15.0, small.proveCpuSeconds());
    assertEquals(3 * 292, small.bundleBytes());
    assertTrue(small.fits());
    ModelCell big = cells.get(2); // 977 chunks × 5 s CPU > 100 s
    assertEquals(977, big.chunks());
    assertFalse(big.fits());
    assertTrue(big.why().contains("prove CPU 4,885 s > budget 100 s"), big.why());
  }

  @Test
  void memoryOverTheLimitDoesNotFit() {
    ModelCell c = ZkmlTable.cells(List.of(twoChunks("b", 5000)), MODELS, BUDGET).get(0);
    assertFalse(c.fits());
    assertTrue(c.why().contains("peak 5,000 MiB > 4,096 MiB"), c.why());
  }

  @Test
  void aBackendThatCannotRunSaysWhyInEveryTableAndInTheJson() throws Exception {
    Working ok = new Working();
    var plan = new ZkmlBench.Plan(25, Duration.ofSeconds(60), Duration.ofMinutes(1), false);
    List<ChunkMeasurement> runs = ZkmlBench.measure(List.of(ok, new Unavailable(), new Broken()), List.of("cascade"), MODELS, plan);
    assertEquals(25, ok.askedFor); // the largest model has 977 chunks: capped at --real-chunks
    assertEquals(3, runs.size()); // no backend vanishes
    assertFalse(runs.get(1).available());
    assertEquals("tool not installed here", runs.get(1).reason());
    assertFalse(runs.get(2).available());
    assertTrue(runs.get(2).reason().contains("segfault in the prover"), runs.get(2).reason());

    List<ModelCell> cells = ZkmlTable.cells(runs, MODELS, BUDGET);
    assertEquals(9, cells.size());
    ModelCell missing = cells.get(3);
    assertEquals(Basis.UNAVAILABLE, missing.basis());
    assertFalse(missing.fits());
    assertEquals("tool not installed here", missing.why());

    String md = ZkmlTable.markdown(runs, cells, BUDGET);
    assertTrue(md.contains("| fake-missing | cascade | — | — | — | — | 0 | — | — | — | **cannot run: tool not installed here** |"), md);
    assertTrue(md.contains("| tiny | 970 | 1 | fake-missing | cascade | — | — | — | — | — | no: cannot run |"), md);
    assertTrue(md.contains("| fake-missing | cascade | none | tiny | tool not installed here |"), md);
    assertTrue(md.contains("| fake-ok | cascade | small | big | prove CPU 4,885 s > budget 100 s |"), md);
    assertTrue(md.contains("| tiny | 970 | 1 | fake-ok | cascade | MEASURED | 10.0 s | 4.0 s | 900 MiB | 292 B | yes |"), md);

    var report = new ZkmlBench.Report("lethe bench zkml", "t0", "t1", "1.0", "2.0", 2, BUDGET, MODELS, runs, cells,
        ZkmlTable.limits(runs, cells));
    JsonNode j = JsonText.COMPACT.readTree(JsonText.PRETTY.writeValueAsString(report));
    assertFalse(j.get("perChunk").get(1).get("available").asBoolean());
    assertEquals("tool not installed here", j.get("perChunk").get(1).get("reason").asText());
    assertEquals("UNAVAILABLE", j.get("perModel").get(3).get("basis").asText());
    assertEquals("COMPUTED", j.get("perModel").get(2).get("basis").asText());
    assertEquals(ZkmlBench.Report.class, JsonText.COMPACT.readValue(JsonText.PRETTY.writeValueAsString(report), ZkmlBench.Report.class).getClass());
  }

  @Test
  void theChartHasOneLinePerBackendAndLeavesOutTheOneThatCannotRun() throws Exception {
    List<ChunkMeasurement> runs = List.of(twoChunks("a", 900), twoChunks("b", 300),
        ChunkMeasurement.unavailable("c", "cascade", "missing"));
    var chart = ZkmlCharts.chart("t", ZkmlTable.cells(runs, MODELS, BUDGET));
    var plot = (org.jfree.chart.plot.CombinedDomainXYPlot) chart.getPlot();
    var sub = (org.jfree.chart.plot.XYPlot) plot.getSubplots().get(0);
    assertEquals(4, sub.getDataset().getSeriesCount()); // a, b: measured + computed each
    assertEquals(1, sub.getDataset().getItemCount(0)); // a measured: tiny
    assertEquals(3, sub.getDataset().getItemCount(1)); // a computed: from tiny's point on, small, big
  }

  @Test
  void modelsByArchitectureOrSize() {
    assertEquals(970, ZkmlBench.model("mlp-tiny").weights());
    assertEquals(101_770, ZkmlBench.model("mlp").weights());
    assertEquals(new ModelSize("synthetic-1000000", 1_000_000), ZkmlBench.model("1_000_000"));
    assertEquals(100, ZkmlBench.model("mlp").chunks());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ZkmlBench.model("gpt"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ZkmlBench.model("0"));
  }
}
