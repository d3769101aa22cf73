package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.FixedPoint;
import io.lethe.fl.ModelFile;
import io.lethe.fl.Network;
import io.lethe.store.UnixFsCid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Lethe.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    assertEquals(expectedExit, cli.execute(args), err.toString());
    return out + err.toString();
  }

  @Test
  void cidInspectAndFixedPointExport(@TempDir Path dir) throws Exception {
    Network net = Network.create("mlp-small", 3);
    Path model = dir.resolve("m.lethe");
    Files.write(model, ModelFile.write(net));
    String cid = UnixFsCid.of(model);
    assertEquals(cid, run(0, "model", "cid", model.toString()).trim());
    String json = run(0, "model", "inspect", "--json", model.toString());
    assertTrue(json.contains("\"cid\":\"" + cid + "\""), json);
    assertTrue(json.contains("\"parameters\":25450"), json);
    Path fx = dir.resolve("m.fxp");
    run(0, "model", "export-fixed", model.toString(), "-o", fx.toString());
    assertArrayEquals(FixedPoint.toRaw(net.params()), FixedPoint.importRaw(Files.readAllBytes(fx)));
  }

  @Test
  void badInputIsAUserError(@TempDir Path dir) throws Exception {
    assertTrue(run(2, "model", "cid", dir.resolve("nope").toString()).contains("no such file"));
    Path junk = dir.resolve("junk");
    Files.writeString(junk, "not a model");
    assertTrue(run(2, "model", "inspect", junk.toString()).contains("bad magic"));
    assertTrue(run(2, "experiment", "--model", "resnet").contains("unknown model"));
    assertTrue(run(2, "experiment", "--forget", "12").contains("--forget"));
  }
}
