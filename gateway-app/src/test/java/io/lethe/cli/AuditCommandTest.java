package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe audit}: refusals decided before any connection, and nothing written by them. */
class AuditCommandTest {
  @TempDir Path dir;

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
  void anFlUserCannotProduceAnAuditorSignedReport() throws Exception {
    Path profile = dir.resolve("connection-profile.json");
    Files.writeString(profile, GatewayOptionsTest.PROFILE);
    Path out = dir.resolve("report");
    for (String who : new String[] {"user1", "committee1"}) {
      Run r = lethe("audit", "report", "--request", "r1", "--as", who, "--profile", profile.toString(), "--out",
          out.toString());
      assertEquals(2, r.exit(), r.err());
      assertTrue(r.err().contains("signed by an Auditor-org identity (AuditorMSP)"), r.err());
      assertTrue(r.err().contains("nothing written"), r.err());
      assertFalse(Files.exists(out), "a refused report wrote its folder");
    }
  }

  @Test
  void verifyNeedsAReportFolder() throws Exception {
    Path net = dir.resolve("net");
    Files.createDirectories(net.resolve("crypto").resolve("peerOrganizations"));
    Run r = lethe("audit", "verify", dir.toString(), "--network", net.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("holds no report.json"), r.err());
  }
}
