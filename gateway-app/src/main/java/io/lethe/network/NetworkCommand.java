package io.lethe.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lethe network ...}: the Fabric network seen from the gateway. */
@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description = "The Fabric network (start/stop it with test-network-scripts/network.sh).",
    subcommands = {NetworkCommand.Status.class})
public final class NetworkCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Channel height, each peer's ledger height and the committed chaincode definition.",
        "Exit code 1 if a peer does not answer or the chaincode is not committed."
      })
  static final class Status implements java.util.concurrent.Callable<Integer> {
    @Mixin GatewayOptions gateway;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      NetworkStatus s = new NetworkStatusProbe(gateway).probe();
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s));
      } else {
        out.printf("channel %s  height %d  (%s, as %s)%n",
            s.channel(), s.height(), gateway.profile().consensus(), gateway.identityName());
        out.printf("%-12s %-15s %-17s %s%n", "PEER", "MSP", "ENDPOINT", "HEIGHT");
        for (NetworkStatus.PeerStatus p : s.peers()) {
          out.printf("%-12s %-15s %-17s %s%n", p.name(), p.mspId(), p.endpoint(),
              p.height() == null ? "DOWN: " + p.error() : p.height());
        }
        NetworkStatus.ChaincodeStatus c = s.chaincode();
        out.println(c.committed()
            ? "chaincode " + c.name() + "  version " + c.version() + "  sequence " + c.sequence() + "  committed"
            : "chaincode " + c.name() + "  NOT committed: " + c.error());
      }
      out.flush();
      return s.healthy() ? 0 : 1;
    }
  }
}
