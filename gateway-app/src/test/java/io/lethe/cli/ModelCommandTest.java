package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fixedpoint.FixedPoint;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.json.JsonText;
import io.lethe.store.UnixFsCid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
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
    JsonNode header = JsonText.COMPACT.readTree(run(0, "model", "inspect", "--json", model.toString()));
    assertEquals(cid, header.get("cid").asText());
    assertEquals(25450, header.get("parameters").asInt());
    assertEquals("mlp-small", header.get("architecture").asText());
    Path fx = dir.resolve("m.fxp");
    run(0, "model", "export-fixed", model.toString(), "-o", fx.toString());
    assertArrayEquals(FixedPoint.toRaw(io.lethe.fl.model.PublishedOrder.of(net).toPublished(net.params())),
        FixedPoint.importRaw(Files.readAllBytes(fx)));
  }

  @Test
  void theGroupAloneIsAUsageError() {
    String r = run(2, "model");
    assertTrue(r.contains("Missing required subcommand") && r.contains("Usage: lethe model"), r);
  }

  @Test
  void badInputIsAUserError(@TempDir Path dir) throws Exception {
    assertTrue(run(2, "model", "cid", dir.resolve("nope").toString()).contains("no such file"));
    Path junk = dir.resolve("junk");
    Files.writeString(junk, "not a model");
    assertTrue(run(2, "model", "inspect", junk.toString()).contains("bad magic"));
    assertTrue(run(2, "experiment", "--model", "resnet").contains("unknown model"));
    assertTrue(run(2, "experiment", "--forget", "12").contains("--forget"));
    assertTrue(run(2, "experiment", "--samples-per-user", "5").contains("--samples-per-user must be"));
    assertTrue(run(2, "experiment", "--test-samples", "50").contains("--test-samples must be"));
    assertTrue(run(2, "experiment", "--root-lr", "-1").contains("learning rates > 0"));
    assertTrue(run(2, "bench", "fl", "--model", "nope").contains("unknown --model"));
  }

  @Test
  void putAndGetThroughADirectoryStore(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("store");
    byte[] content = new byte[300_000];
    new java.util.Random(5).nextBytes(content);
    Path file = dir.resolve("f.bin");
    Files.write(file, content);
    String cid = run(0, "model", "put", file.toString(), "--store", store.toString()).trim();
    assertEquals(UnixFsCid.of(content), cid);
    JsonNode stored = JsonText.COMPACT.readTree(run(0, "model", "put", file.toString(), "--store", store.toString(), "--json"));
    assertEquals(cid, stored.get("cid").asText());
    assertEquals(300000, stored.get("bytes").asInt());
    Path back = dir.resolve("back.bin");
    run(0, "model", "get", cid, "--store", store.toString(), "-o", back.toString());
    assertArrayEquals(content, Files.readAllBytes(back));

    String missing = UnixFsCid.of(new byte[] {42});
    Path out = dir.resolve("missing.bin");
    assertTrue(run(2, "model", "get", missing, "--store", store.toString(), "-o", out.toString())
        .contains("no object " + missing));
    assertFalse(Files.exists(out));
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
    }
    assertTrue(run(2, "model", "get", "QmNotV1", "--store", store.toString(), "-o", out.toString())
        .contains("not a UnixFS CIDv1"));

    assertTrue(run(0, "model", "rm", cid, "--store", store.toString()).contains("removed " + cid));
    assertTrue(run(2, "model", "rm", cid, "--store", store.toString()).contains("no object " + cid));
    assertTrue(run(2, "model", "get", cid, "--store", store.toString(), "-o", out.toString()).contains("no object"));
  }

  @Test
  void storeOptionsAreExclusiveAndKuboFailuresAreClear(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("f");
    Files.writeString(file, "x");
    assertTrue(run(2, "model", "put", file.toString(), "--store", dir.toString(), "--kubo", "http://127.0.0.1:1")
        .contains("mutually exclusive"));
    assertTrue(run(2, "model", "put", file.toString()).contains("--store=DIR | --kubo=URL"));
    assertTrue(run(2, "experiment", "--store", dir.toString(), "--kubo", "http://127.0.0.1:1")
        .contains("mutually exclusive"));
    assertTrue(run(2, "model", "put", file.toString(), "--kubo", "ftp://h").contains("not a Kubo API address"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String refused = run(1, "model", "put", file.toString(), "--kubo", "http://127.0.0.1:" + port);
    assertTrue(refused.contains("cannot reach the Kubo API at http://127.0.0.1:" + port), refused);
    Path out = dir.resolve("out");
    run(1, "model", "get", UnixFsCid.of(new byte[0]), "--kubo", "http://127.0.0.1:" + port, "-o", out.toString());
    assertFalse(Files.exists(out));
  }
}
