package io.lethe.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lethe archive export|history|verify}: the auditor-only archive chain. */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "The archive chain (auditor and committee only): export, history, verify.",
    subcommands = {ArchiveCommand.Export.class, ArchiveCommand.History.class, ArchiveCommand.Verify.class})
public final class ArchiveCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Every archive block and entry as JSON.")
  static final class Export extends LedgerCommandBase {
    @Override
    public Integer call() {
      try (var client = new LedgerCommand.AutoClient(connect())) {
        JsonNode exp = client.c.evaluateArchive("ExportArchive");
        if (json) {
          printJson(exp);
        } else {
          int entries = 0;
          for (JsonNode b : exp.get("blocks")) {
            entries += b.get("entries").size();
          }
          out("archive: " + exp.get("blocks").size() + " blocks, " + entries + " superseded versions (use --json)");
        }
      }
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Every archived version of one model.")
  static final class History extends LedgerCommandBase {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    public Integer call() {
      try (var client = new LedgerCommand.AutoClient(connect())) {
        JsonNode h = client.c.evaluateArchive("History", id);
        if (json) {
          printJson(h);
        } else {
          for (JsonNode e : h.get("archived")) {
            out(id + " v" + e.get("version") + " " + e.get("modelUri").asText() + " (superseded under "
                + e.get("requestId").asText() + ")");
          }
          out(id + " v" + h.get("currentVersion") + " (live)");
        }
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Recompute every archive block hash and link.")
  static final class Verify extends LedgerCommandBase {
    @Override
    public Integer call() {
      try (var client = new LedgerCommand.AutoClient(connect())) {
        JsonNode r = client.c.evaluateArchive("VerifyArchive");
        if (json) {
          printJson(r);
        } else {
          out(r.get("valid").asBoolean() ? "archive valid: " + r.get("blocks") + " blocks" : "archive INVALID: " + r.get("failure"));
        }
        return r.get("valid").asBoolean() ? 0 : 1;
      }
    }
  }
}
