package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lethe archive export|history|verify}: the auditor-only archive chain. */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "The archive chain (auditor and committee only): export, history, verify.",
    subcommands = {ArchiveCommand.Export.class, ArchiveCommand.History.class, ArchiveCommand.Verify.class})
public final class ArchiveCommand {
  @Command(name = "export", mixinStandardHelpOptions = true, description = "Every archive block and entry as JSON.")
  static final class Export extends FabricCommand {
    @Override
    int call(FabricSession session) {
      JsonNode exp = ledger(session).evaluateArchive("ExportArchive");
      if (json.enabled()) {
        printJson(exp);
      } else {
        int entries = 0;
        for (JsonNode b : exp.get("blocks")) {
          entries += b.get("entries").size();
        }
        out("archive: " + exp.get("blocks").size() + " blocks, " + entries + " superseded versions (use --json)");
      }
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Every archived version of one model.")
  static final class History extends FabricCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    int call(FabricSession session) {
      JsonNode h = ledger(session).evaluateArchive("History", id);
      if (json.enabled()) {
        printJson(h);
      } else {
        for (JsonNode e : h.get("archived")) {
          out(id + " v" + e.get("version") + " " + e.get("modelUri").asText() + " (superseded under "
              + e.get("requestId").asText() + ")");
        }
        out(id + " v" + h.get("currentVersion") + " (live)");
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Recompute every archive block hash and link.")
  static final class Verify extends FabricCommand {
    @Override
    int call(FabricSession session) {
      JsonNode r = ledger(session).evaluateArchive("VerifyArchive");
      if (json.enabled()) {
        printJson(r);
      } else {
        out(r.get("valid").asBoolean() ? "archive valid: " + r.get("blocks") + " blocks" : "archive INVALID: " + r.get("failure"));
      }
      return r.get("valid").asBoolean() ? 0 : 1;
    }
  }
}
