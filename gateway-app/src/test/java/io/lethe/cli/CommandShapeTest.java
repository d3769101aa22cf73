package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The behaviours every command shares: groups, help, and arguments refused before any connection;
 * each run through {@code Lethe.commandLine(args)}, the tree {@code main} builds.
 */
class CommandShapeTest {
  private record Run(int exit, String out, String err) {}

  private static Run lethe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Lethe.commandLine(args);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theOneCommandTreeOfMainHelpsAndParsesAsTheWholeTree() {
    CommandLine whole = Lethe.commandLine();
    for (String name : whole.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      CommandLine one = Lethe.commandLine(new String[] {name});
      assertEquals(List.of(name), List.copyOf(one.getSubcommands().keySet()), name);
      assertEquals(usageTree(whole.getSubcommands().get(name)), usageTree(one.getSubcommands().get(name)), name);
    }
    assertTrue(Lethe.commandLine(new String[] {"--help"}).getSubcommands().size() > 10, "lethe --help lists every command");
  }

  /** The usage of {@code c} and of every command below it, uncoloured. */
  private static String usageTree(CommandLine c) {
    StringBuilder b = new StringBuilder(c.getUsageMessage(CommandLine.Help.Ansi.OFF));
    c.getSubcommands().values().forEach(s -> b.append(usageTree(s)));
    return b.toString();
  }

  @Test
  void aGroupCalledAloneIsAUsageErrorOnStderr() {
    for (List<String> group : List.<List<String>>of(List.of(), List.of("ledger"), List.of("ledger", "request"), List.of("network"),
        List.of("system"), List.of("live"), List.of("archive"), List.of("bench"), List.of("ch"),
        List.of("ledger", "committee"))) {
      Run r = lethe(group.toArray(String[]::new));
      assertEquals(2, r.exit(), group.toString());
      assertEquals("", r.out(), group.toString());
      assertTrue(r.err().contains("Missing required subcommand"), group + ": " + r.err());
      assertTrue(r.err().contains("Usage: lethe"), group + ": " + r.err());
    }
  }

  @Test
  void everyGroupsHelpPrintsItsUsage() {
    CommandLine root = Lethe.commandLine();
    for (CommandLine group : groups(root)) {
      String path = group.getCommandSpec().qualifiedName(" ");
      String[] args = (path.substring("lethe".length()).trim() + " --help").trim().split(" ");
      Run r = lethe(args);
      assertEquals(0, r.exit(), path + ": " + r.err());
      assertTrue(r.out().contains("Usage: " + path), path + ": " + r.out());
    }
  }

  private static List<CommandLine> groups(CommandLine c) {
    List<CommandLine> out = new java.util.ArrayList<>();
    if (!c.getSubcommands().isEmpty()) {
      out.add(c);
      c.getSubcommands().values().forEach(s -> out.addAll(groups(s)));
    }
    return out;
  }

  @Test
  void requestOpenSpeaksTheOneVocabularyAndChecksItBeforeConnecting() {
    String[] base = {"ledger", "request", "open", "--profile", "/nonexistent/profile.json", "--id", "r1", "--start", "m1"};
    Run bare = lethe(concat(base, "--forget", "5,7"));
    assertEquals(2, bare.exit());
    assertTrue(bare.err().contains("must start with classes: or samples:"), bare.err());
    Run mismatch = lethe(concat(base, "--forget", "classes:5", "--paradigm", "sequential", "--method", "gradient-ascent"));
    assertEquals(2, mismatch.exit());
    assertTrue(mismatch.err().contains("belongs to the parallel paradigm, not sequential"), mismatch.err());
    Run oldWord = lethe(concat(base, "--forget", "classes:5", "--method", "ga"));
    assertEquals(2, oldWord.exit());
    assertTrue(oldWord.err().contains("method must be one of"), oldWord.err());
    // well-formed: the method follows from the paradigm; only then does the missing profile matter
    Run ok = lethe(concat(base, "--forget", "classes:7,5", "--paradigm", "zero-shot"));
    assertEquals(2, ok.exit());
    assertTrue(ok.err().contains("no connection profile"), ok.err());
  }

  @Test
  void seedKnowsOnlyTheFmnist14Scenario() {
    Run r = lethe("ledger", "seed", "--scenario", "dag-14", "--profile", "/nonexistent/profile.json");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("known: fmnist-14"), r.err());
  }

  @Test
  void theSubmittedRequestIsCanonical() {
    LedgerCommand.Request.Open open = new LedgerCommand.Request.Open();
    new CommandLine(open).parseArgs("--id", "r1", "--start", "a,b", "--forget", "classes:7,5", "--paradigm", "sequential");
    var in = open.request();
    assertEquals("classes:5,7", in.forget());
    assertEquals("retrain", in.method());
    assertEquals("sequential", in.paradigm());
    assertEquals(List.of("a", "b"), in.startingModels());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
