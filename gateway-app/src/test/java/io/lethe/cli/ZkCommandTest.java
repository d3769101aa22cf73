package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZkCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = Lethe.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void withoutSubcommandIsAUsageError() {
    assertEquals(2, run("zk"));
    assertTrue(err.toString().contains("demo") && err.toString().contains("verify"), err.toString());
  }

  @Test
  void aSidecarThatIsDownIsOneClearLine(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertEquals(1, run("zk", "demo", "--statement", "delta", "--model", "mlp-small", "--out", dir.toString(),
        "--provers", "127.0.0.1:" + port, "--rpc-timeout", "5"));
    assertTrue(err.toString().contains("prover sidecar at 127.0.0.1:" + port), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
  }

  @Test
  void aBadStatementOrModelIsAUsageError(@TempDir Path dir) {
    assertEquals(2, run("zk", "demo", "--statement", "aggregate", "--out", dir.toString()));
    assertEquals(2, run("zk", "demo", "--statement", "obs", "--model", "resnet18", "--out", dir.toString()));
    assertEquals(2, run("zk", "demo", "--statement", "delta", "--model", "alexnet", "--out", dir.toString()));
  }

  @Test
  void verifyOfAMissingDirectoryIsAUsageError(@TempDir Path dir) {
    assertEquals(2, run("zk", "verify", "--dir", dir.resolve("none").toString(), "--json"));
  }
}
