package io.lethe.cli;

import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.Randomness;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lethe ch verify}: does (R, s) open C to MSG under CTX? Exit 0 either way. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check that (R, s) opens C to MSG under CTX: prints {\"valid\": true|false, \"reason\": \"…\"}.",
      "Malformed C, R, s, CTX or MSG give valid:false with the reason (exit 0 either way)."
    })
public final class ChVerifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--pk", required = true, description = "DIR/public.json, or the group key Y as SEC1c hex")
  String pk;

  @Option(names = "--ctx-hex", required = true, description = "context bytes (hex)")
  String ctxHex;

  @Option(names = "--msg-hex", required = true, description = "message bytes (hex)")
  String msgHex;

  @Option(names = "--C", required = true, description = "digest C, SEC1 compressed (hex)")
  String c;

  @Option(names = "--R", required = true, description = "randomness point R, SEC1 compressed (hex)")
  String r;

  @Option(names = "--s", required = true, description = "randomness scalar s, 32 bytes (hex)")
  String s;

  @Override
  public void run() {
    ChameleonHash.Verification v;
    try {
      ChameleonPublicKey key =
          !java.nio.file.Files.exists(java.nio.file.Path.of(pk)) && pk.matches("(?i)[0-9a-f]*")
              ? ChameleonPublicKey.fromHex(pk) // a malformed key given inline is an invalid input, not an error
              : ChCommand.readGroupKey(pk);
      byte[] ctx = HexCodec.decode(ctxHex.trim(), "--ctx-hex");
      byte[] msg = HexCodec.decode(msgHex.trim(), "--msg-hex");
      byte[] cBytes = HexCodec.decode(c.trim(), "C");
      Randomness randomness = new Randomness(HexCodec.decode(r.trim(), "R"), HexCodec.decode(s.trim(), "s"));
      v = ChameleonHash.verify(key, ctx, msg, cBytes, randomness);
    } catch (IllegalArgumentException e) {
      v = new ChameleonHash.Verification(false, e.getMessage());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("valid", v.valid());
    result.put("reason", v.reason());
    ChCommand.printJson(spec, result);
  }
}
