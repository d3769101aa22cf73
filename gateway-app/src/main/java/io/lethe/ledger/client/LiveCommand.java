package io.lethe.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lethe live export|verify}: the whole live chain for offline verification. */
@Command(name = "live", mixinStandardHelpOptions = true, description = "The live chain: export, verify.",
    subcommands = {LiveCommand.Export.class, LedgerCommand.Verify.class})
public final class LiveCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Every block header, randomness and transaction (payload, C, R, s) as JSON (DESIGN §3).")
  static final class Export extends LedgerCommandBase {
    @Override
    public Integer call() {
      try (var client = new LedgerCommand.AutoClient(connect())) {
        JsonNode exp = client.c.evaluate("ExportLive");
        if (json) {
          printJson(exp);
        } else {
          out("live chain on channel " + exp.get("channel").asText() + ": " + exp.get("blocks").size()
              + " blocks (use --json for the full export)");
        }
      }
      return 0;
    }
  }
}
