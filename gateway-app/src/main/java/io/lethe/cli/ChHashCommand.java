package io.lethe.cli;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe ch hash}: a fresh chameleon digest of a message (no trapdoor needed). */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = "Hash MSG under CTX with fresh randomness: prints {\"C\", \"R\", \"s\"} (hex).")
public final class ChHashCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--pk", required = true, description = "DIR/public.json, or the group key Y as SEC1c hex")
  String pk;

  @Option(names = "--ctx-hex", required = true, description = "context bytes (hex; may be empty)")
  String ctxHex;

  @Option(names = "--msg-hex", required = true, description = "message bytes (hex; may be empty)")
  String msgHex;

  @Override
  public void run() {
    ChameleonPublicKey key = ChCommand.readGroupKey(pk);
    ChameleonHash.Hashed h =
        ChameleonHash.hash(key, ChCommand.hexArg(ctxHex, "--ctx-hex"), ChCommand.hexArg(msgHex, "--msg-hex"), new SecureRandom());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("C", h.cHex());
    result.put("R", h.randomness().rHex());
    result.put("s", h.randomness().sHex());
    ChCommand.printJson(spec, result);
  }
}
