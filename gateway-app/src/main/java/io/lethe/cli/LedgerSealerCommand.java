package io.lethe.cli;

import io.lethe.fabric.FabricSession;
import io.lethe.sealing.Sealer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe ledger sealer}: the network's block sealer ({@link Sealer}), run by {@code network.sh up}. */
@Command(name = "sealer", mixinStandardHelpOptions = true,
    description = {"Seal pending publishes into live blocks (LiveLedger:SealBlock), as a committee identity.",
        "Publish leaves its models pending (no shared key, so publishes never conflict); the sealer takes the",
        "oldest pending publishes in seal order (timestamp, transaction id) into one block, at once while any",
        "are pending. network.sh up runs one as committee1; more may run (a lost race is retried).",
        "--once: seal what is pending now and exit (prints the blocks, or nothing)."})
public final class LedgerSealerCommand extends FabricCommand {
  @Option(names = "--idle-ms", defaultValue = "200",
      description = "Wait between polls while nothing is pending (default ${DEFAULT-VALUE}).") long idleMs;
  @Option(names = "--once", description = "Seal until nothing is pending, then exit.") boolean once;

  @Override
  void checkArguments() {
    if (idleMs < 10) {
      throw new UserError("--idle-ms must be at least 10");
    }
  }

  @Override
  int call(FabricSession session) throws Exception {
    Sealer sealer = new Sealer(ledger(session));
    if (once) {
      Sealer.Sealed s;
      while ((s = sealer.sealOnce()) != null) {
        if (json.enabled()) {
          printJson(s);
        } else {
          out("sealed live block " + s.height() + ": " + s.models() + " models from " + s.publishes() + " publishes");
        }
      }
      return 0;
    }
    progress("sealer: sealing pending publishes (idle poll every " + idleMs + " ms)");
    sealer.run(idleMs, this::progress);
    return 0;
  }
}
