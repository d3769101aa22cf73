package io.lethe.cli;

import io.lethe.fabric.FabricSession;
import io.lethe.fabric.NetworkStatus;
import io.lethe.fabric.NetworkStatusProbe;
import picocli.CommandLine.Command;

/** {@code lethe network ...}: the Fabric network seen from the gateway. */
@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description = "The Fabric network (start/stop it with test-network-scripts/network.sh).",
    subcommands = {NetworkCommand.Status.class})
public final class NetworkCommand {
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Channel height, each peer's ledger height and the committed chaincode definition.",
        "Exit code 1 if a peer does not answer or the chaincode is not committed."
      })
  static final class Status extends FabricCommand {
    @Override
    int call(FabricSession session) {
      NetworkStatus s = new NetworkStatusProbe(session, gateway.identity(), gateway.gatewayPeer()).probe();
      if (json.enabled()) {
        printJson(s);
      } else {
        out(String.format("channel %s  height %d  (%s, as %s)",
            s.channel(), s.height(), session.profile().consensus(), gateway.identityName()));
        out(String.format("%-12s %-15s %-17s %s", "PEER", "MSP", "ENDPOINT", "HEIGHT"));
        for (NetworkStatus.PeerStatus p : s.peers()) {
          out(String.format("%-12s %-15s %-17s %s", p.name(), p.mspId(), p.endpoint(),
              p.height() == null ? "DOWN: " + p.error() : p.height()));
        }
        NetworkStatus.ChaincodeStatus c = s.chaincode();
        out(c.committed()
            ? "chaincode " + c.name() + "  version " + c.version() + "  sequence " + c.sequence() + "  committed"
            : "chaincode " + c.name() + "  NOT committed: " + c.error());
      }
      return s.healthy() ? 0 : 1;
    }
  }
}
