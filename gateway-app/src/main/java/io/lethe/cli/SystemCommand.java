package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GatewayErrors;
import io.lethe.fabric.LetheGateway;
import io.lethe.json.JsonText;
import java.io.IOException;
import org.hyperledger.fabric.client.GatewayException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lethe system ...}: the chaincode's System contract: who am I to the chaincode, and
 * governance parameters (set only through `lethe governance`, by a majority of committee orgs).
 */
@Command(
    name = "system",
    mixinStandardHelpOptions = true,
    description = "The chaincode's System contract (Info, governance parameters; set them with `lethe governance`).",
    subcommands = {SystemCommand.Info.class, SystemCommand.GetParameter.class})
public final class SystemCommand {
  /** Prints the chaincode's JSON answer with --json, else {@code human}. */
  abstract static class Base extends FabricCommand {
    void print(JsonNode answer, String human) {
      if (json.enabled()) {
        printJson(answer);
      } else {
        out(human);
      }
    }

    static JsonNode parse(byte[] answer) throws IOException {
      return JsonText.COMPACT.readTree(answer);
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Chaincode version and the caller's MSP id and identity as the chaincode sees them.")
  static final class Info extends Base {
    @Override
    int call(FabricSession session) throws IOException {
      LetheGateway g = gateway.connect(session);
      try {
        JsonNode n = parse(g.contract("System").evaluateTransaction("Info"));
        print(n, String.format("chaincode %s version %s; caller %s (%s)%s",
            g.profile().chaincode(), n.path("chaincodeVersion").asText(), n.path("mspId").asText(),
            n.path("clientId").asText(), n.path("committee").asBoolean() ? ", committee member" : ""));
        return 0;
      } catch (GatewayException e) {
        throw GatewayErrors.translate("System:Info", e);
      }
    }
  }

  @Command(name = "get-parameter", mixinStandardHelpOptions = true,
      description = "Read a governance parameter (any channel member).")
  static final class GetParameter extends Base {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    int call(FabricSession session) throws IOException {
      try {
        JsonNode n = parse(gateway.connect(session).contract("System").evaluateTransaction("GetParameter", key));
        print(n, String.format("%s = %s (set by %s)",
            n.path("key").asText(), n.path("value").asText(), n.path("setBy").asText()));
        return 0;
      } catch (GatewayException e) {
        throw GatewayErrors.translate("System:GetParameter", e);
      }
    }
  }
}
