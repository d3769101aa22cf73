package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import picocli.CommandLine.Command;

/** {@code lethe live export|verify}: the whole live chain for offline verification. */
@Command(name = "live", mixinStandardHelpOptions = true, description = "The live chain: export, verify.",
    subcommands = {LiveCommand.Export.class, LedgerCommand.Verify.class})
public final class LiveCommand {
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Every block header, randomness and transaction (payload, C, R, s) as JSON (DESIGN §3).")
  static final class Export extends FabricCommand {
    @Override
    int call(FabricSession session) {
      JsonNode exp = ledger(session).evaluate("ExportLive");
      if (json.enabled()) {
        printJson(exp);
      } else {
        out("live chain on channel " + exp.get("channel").asText() + ": " + exp.get("blocks").size()
            + " blocks (use --json for the full export)");
      }
      return 0;
    }
  }
}
