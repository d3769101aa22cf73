package io.lethe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to Fabric: gateway options, {@code --json}, and one {@link FabricSession}
 * for the whole command, closed (with its gRPC channels) when the command ends.
 */
abstract class FabricCommand implements Callable<Integer> {
  @Mixin GatewayOptions gateway;
  @Mixin JsonOption json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    checkArguments();
    try (FabricSession session = gateway.openSession()) {
      return call(session);
    }
  }

  /** Refuses bad arguments (with a {@link UserError}) before any connection is made. */
  void checkArguments() {}

  abstract int call(FabricSession session) throws Exception;

  /** The ledger as the chosen identity through the chosen peer. */
  LedgerClient ledger(FabricSession session) {
    return gateway.ledger(session);
  }

  void out(String line) {
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }

  void printJson(Object value) {
    JsonOption.print(spec.commandLine().getOut(), value);
  }

  /** A progress line: on stdout, or on stderr when stdout carries JSON. */
  void progress(String line) {
    if (json.enabled()) {
      spec.commandLine().getErr().println(line);
      spec.commandLine().getErr().flush();
    } else {
      out(line);
    }
  }

  static String shortHex(JsonNode n) {
    String s = n.asText();
    return s.length() > 16 ? s.substring(0, 16) + "…" : s;
  }

  static List<String> split(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }
}
