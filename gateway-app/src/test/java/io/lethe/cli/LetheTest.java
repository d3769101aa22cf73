package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LetheTest {
  @Test
  void helpListsUsage() {
    StringWriter out = new StringWriter();
    var cli = Lethe.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("--help"));
    assertTrue(out.toString().contains("Usage: lethe"), out.toString());
  }

  @Test
  void unknownCommandIsAUsageError() {
    StringWriter err = new StringWriter();
    var cli = Lethe.commandLine();
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("no-such-command"));
    assertTrue(err.toString().contains("no-such-command"), err.toString());
  }
}
