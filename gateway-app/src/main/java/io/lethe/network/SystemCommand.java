package io.lethe.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.GatewayException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lethe system ...}: the chaincode's System contract: who am I to the chaincode, and
 * governance parameters (set by committee organisations only).
 */
@Command(
    name = "system",
    mixinStandardHelpOptions = true,
    description = "The chaincode's System contract (Info, governance parameters).",
    subcommands = {SystemCommand.Info.class, SystemCommand.SetParameter.class, SystemCommand.GetParameter.class})
public final class SystemCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  abstract static class Base implements Callable<Integer> {
    @Mixin GatewayOptions gateway;

    @Option(names = "--json", description = "Print the chaincode's JSON answer.")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    void print(byte[] answer, String human) {
      var out = spec.commandLine().getOut();
      out.println(json ? new String(answer, StandardCharsets.UTF_8) : human);
      out.flush();
    }

    static JsonNode parse(byte[] answer) throws java.io.IOException {
      return new ObjectMapper().readTree(answer);
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Chaincode version and the caller's MSP id and identity as the chaincode sees them.")
  static final class Info extends Base {
    @Override
    public Integer call() throws Exception {
      try (LetheGateway g = gateway.connect()) {
        byte[] answer = g.contract("System").evaluateTransaction("Info");
        JsonNode n = parse(answer);
        print(answer, String.format("chaincode %s version %s; caller %s (%s)%s",
            g.profile().chaincode(), n.path("chaincodeVersion").asText(), n.path("mspId").asText(),
            n.path("clientId").asText(), n.path("committee").asBoolean() ? ", committee member" : ""));
        return 0;
      } catch (GatewayException e) {
        throw GatewayErrors.translate("System:Info", e);
      }
    }
  }

  @Command(name = "set-parameter", mixinStandardHelpOptions = true,
      description = "Set a governance parameter (committee organisations only). Submits a transaction and waits for its commit.")
  static final class SetParameter extends Base {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Override
    public Integer call() throws Exception {
      try (LetheGateway g = gateway.connect()) {
        byte[] answer = g.contract("System").submitTransaction("SetParameter", key, value);
        JsonNode n = parse(answer);
        print(answer, String.format("%s = %s (set by %s in transaction %s)",
            n.path("key").asText(), n.path("value").asText(), n.path("setBy").asText(), n.path("txId").asText()));
        return 0;
      } catch (GatewayException e) {
        throw GatewayErrors.translate("System:SetParameter refused", e);
      } catch (CommitException e) {
        throw GatewayErrors.translate("System:SetParameter", e);
      }
    }
  }

  @Command(name = "get-parameter", mixinStandardHelpOptions = true,
      description = "Read a governance parameter (any channel member).")
  static final class GetParameter extends Base {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    public Integer call() throws Exception {
      try (LetheGateway g = gateway.connect()) {
        byte[] answer = g.contract("System").evaluateTransaction("GetParameter", key);
        JsonNode n = parse(answer);
        print(answer, String.format("%s = %s (set by %s)",
            n.path("key").asText(), n.path("value").asText(), n.path("setBy").asText()));
        return 0;
      } catch (GatewayException e) {
        throw GatewayErrors.translate("System:GetParameter", e);
      }
    }
  }
}
