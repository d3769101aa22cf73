package io.lethe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.committee.CommitteeKeys;
import io.lethe.json.JsonText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code lethe ch …}: the chameleon hash of DESIGN §4 for operators and outside verifiers. Every
 * subcommand prints one JSON object on stdout.
 */
@Command(
    name = "ch",
    mixinStandardHelpOptions = true,
    description = {
      "Key-exposure-free chameleon hash on P-256 with a committee-held trapdoor (DESIGN §4).",
      "Every subcommand prints one JSON object on stdout."
    },
    subcommands = {
      ChKeygenCommand.class,
      ChHashCommand.class,
      ChVerifyCommand.class,
      ChAdaptCommand.class,
    })
public final class ChCommand {
  static void printJson(CommandLine.Model.CommandSpec spec, Map<String, ?> object) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.println(JsonText.COMPACT.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  /** {@code --pk}: a committee public.json, or the group key Y itself as SEC1c hex. */
  static CommitteePublicKey readCommitteeKey(String pk) {
    Path file = Path.of(pk);
    if (!Files.exists(file)) {
      throw new UserError("--pk " + pk + ": no such file (give DIR/public.json from `lethe ch keygen`)");
    }
    try {
      return CommitteeKeys.readPublic(file);
    } catch (NoSuchFileException e) {
      throw new UserError("--pk " + pk + ": no such file");
    } catch (IOException e) {
      throw new UserError("--pk " + pk + ": cannot read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError("--pk " + e.getMessage());
    }
  }

  /** The chameleon public key from {@code --pk}: a public.json path or a SEC1c hex key. */
  static ChameleonPublicKey readGroupKey(String pk) {
    if (!Files.exists(Path.of(pk)) && pk.matches("(?i)[0-9a-f]{66}")) {
      try {
        return ChameleonPublicKey.fromHex(pk);
      } catch (IllegalArgumentException e) {
        throw new UserError("--pk: " + e.getMessage());
      }
    }
    return readCommitteeKey(pk).groupKey();
  }

  static byte[] hexArg(String value, String option) {
    try {
      return HexCodec.decode(value.trim(), option);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }
}
