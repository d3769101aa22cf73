package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.bench.zkml.ChunkMeasurement;
import io.lethe.bench.zkml.ModelSize;
import io.lethe.bench.zkml.ZkmlBench;
import io.lethe.bench.zkml.ZkmlTable;
import io.lethe.json.JsonText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe bench zkml}: arguments refused before anything runs, and a saved report rendered again. */
class ZkmlBenchCommandTest {
  private record Run(int exit, String out, String err) {}

  private static Run lethe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Lethe.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void unknownBackendsStatementsAndModelsAreRefusedWithTheKnownOnes() {
    Run b = lethe("bench", "zkml", "--backends", "gnark-groth16,halo3");
    assertTrue(b.exit() != 0);
    assertTrue(b.err().contains("unknown backend 'halo3' (known: gnark-groth16, gnark-plonk, ezkl)"), b.err());
    Run s = lethe("bench", "zkml", "--statement", "train");
    assertTrue(s.err().contains("unknown statement 'train'"), s.err());
    Run m = lethe("bench", "zkml", "--models", "mlp,gpt4");
    assertTrue(m.err().contains("unknown model 'gpt4'"), m.err());
  }

  @Test
  void aSavedReportIsRenderedAgainWithItsUnavailableBackend(@TempDir Path dir) throws Exception {
    var models = List.of(new ModelSize("mlp-tiny", 970));
    var runs = List.of(new ChunkMeasurement("gnark-groth16", "cascade", true, "", "gnark", 278_048, "R1CS constraints",
        "per kind", 1000, 900, List.of(15_000L), List.of(14_000L), 900, 292, 3.0, ""),
        ChunkMeasurement.unavailable("ezkl", "cascade", "no Python with ezkl"));
    var budget = new ZkmlTable.Budget(600, 8192);
    var cells = ZkmlTable.cells(runs, models, budget);
    Path json = dir.resolve("r.json");
    Files.writeString(json, JsonText.PRETTY.writeValueAsString(new ZkmlBench.Report("c", "a", "b", "1", "2", 2, budget, models,
        runs, cells, ZkmlTable.limits(runs, cells))));
    Run r = lethe("bench", "zkml", "--from-json", json.toString(), "--plots", dir.resolve("p").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("**cannot run: no Python with ezkl**"), r.out());
    assertTrue(r.out().contains("| mlp-tiny | 970 | 1 | gnark-groth16 | cascade | MEASURED | 15.0 s | 14.0 s | 900 MiB | 292 B | yes |"), r.out());
    assertTrue(Files.size(dir.resolve("p/zkmlops.png")) > 1000);

    Files.writeString(json, "{\"not\": \"a report\"");
    Run bad = lethe("bench", "zkml", "--from-json", json.toString());
    assertTrue(bad.exit() != 0);
    assertTrue(bad.err().contains("not a report of lethe bench zkml"), bad.err());
  }
}
