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

  /** An IDX image/label pair of {@code labels.length} blank 28x28 images. */
  private Path[] idx(int... labels) throws Exception {
    Path images = dir.resolve("members-images.gz");
    Path lbl = dir.resolve("members-labels.gz");
    try (var out = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(images)))) {
      out.writeInt(0x803);
      out.writeInt(labels.length);
      out.writeInt(28);
      out.writeInt(28);
      out.write(new byte[labels.length * 784]);
    }
    try (var out = new java.io.DataOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(lbl)))) {
      out.writeInt(0x801);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    }
    return new Path[] {images, lbl};
  }

  @Test
  void badMembersAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path profile = dir.resolve("connection-profile.json");
    Files.writeString(profile, GatewayOptionsTest.PROFILE);
    Path out = dir.resolve("report");
    Path[] wrongClass = idx(5, 3);
    String[][] cases = {
        {"--member-images", wrongClass[0].toString(), "--forget", "classes:5"},
        {"--member-images", wrongClass[0].toString(), "--member-labels", wrongClass[1].toString()},
        {"--member-images", wrongClass[0].toString(), "--member-labels", wrongClass[1].toString(), "--forget",
            "classes:5"},
        {"--member-images", wrongClass[1].toString(), "--member-labels", wrongClass[1].toString(), "--forget",
            "classes:5"}};
    String[] reasons = {"go together", "needs --forget", "member image 1 has label 3, not a forgotten class [5]",
        "not an IDX image file"};
    for (int i = 0; i < cases.length; i++) {
      String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("audit", "report", "--request", "r1",
          "--as", "auditor", "--profile", profile.toString(), "--out", out.toString()), java.util.Arrays.stream(cases[i]))
          .toArray(String[]::new);
      Run r = lethe(args);
      assertEquals(2, r.exit(), r.err());
      assertTrue(r.err().contains(reasons[i]), r.err());
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
