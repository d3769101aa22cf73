package io.lethe.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lethe.ledger.Json;
import io.lethe.network.ConnectionProfile;
import io.lethe.network.GatewayOptions;
import io.lethe.network.LetheGateway;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shared options of the ledger, live and archive commands: gateway identity and --json. */
abstract class LedgerCommandBase implements Callable<Integer> {
  @Mixin GatewayOptions gatewayOptions;

  @Option(names = "--json", description = "Print JSON (for scripts).")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  LedgerClient connect() {
    return new LedgerClient(gatewayOptions.connect());
  }

  /** A client acting as another identity of the profile through that identity's own gateway peer. */
  LedgerClient connectAs(String identityName) {
    ConnectionProfile profile = gatewayOptions.profile();
    ConnectionProfile.IdentityEntry id = profile.identity(identityName);
    ConnectionProfile.Peer peer = profile.peer(id.gatewayPeer());
    return new LedgerClient(
        LetheGateway.connect(profile, id, peer, gatewayOptions.endpointFor(peer), LetheGateway.Deadlines.standard()));
  }

  void out(String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }

  void printJson(Object node) {
    try {
      out(Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String shortHex(JsonNode n) {
    String s = n.asText();
    return s.length() > 16 ? s.substring(0, 16) + "…" : s;
  }
}
