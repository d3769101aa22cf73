package io.lethe.committee.service;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.ledger.Records.KeyEpoch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a coordinator on this machine reaches the committee member services that
 * {@code lethe committee serve} runs: the network's crypto material, member i on 127.0.0.1 at
 * {@code portBase + 350 + i}, the coordinator's org client TLS identity, and the committee keys
 * of {@code NETWORK_DIR/committee/public-<k>.json} pinned against the ledger's key epochs.
 */
public final class CommitteeServices {
  public static final int MEMBERS = 3;
  static final Duration DEADLINE = Duration.ofSeconds(30);

  private CommitteeServices() {}

  public static int port(int portBase, int member) {
    return portBase + 350 + member;
  }

  /** {@code $LETHE_PORT_BASE} as network.sh reads it (default 7000). */
  public static int portBaseFromEnvironment() {
    String v = System.getenv().getOrDefault("LETHE_PORT_BASE", "7000");
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("LETHE_PORT_BASE must be a port number, got \"" + v + "\"");
    }
  }

  /** Member i of {@link #MEMBERS} on 127.0.0.1 at {@link #port}. */
  public static List<Endpoint> endpoints(int portBase, int members) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 1; i <= members; i++) {
      endpoints.add(new Endpoint(i, "127.0.0.1", port(portBase, i)));
    }
    return endpoints;
  }

  /** A coordinator acting for committee org {@code coordinator} (1..3), keys checked against the ledger's epochs. */
  public static RemoteCommittee coordinator(Path networkDir, int portBase, int coordinator, List<KeyEpoch> ledgerEpochs)
      throws IOException {
    Map<Integer, CommitteePublicKey> keys =
        CoordinatorKeys.pinned(CoordinatorKeys.load(networkDir.resolve("committee")), ledgerEpochs);
    CryptogenLayout layout = new CryptogenLayout(networkDir.resolve("crypto"));
    return new RemoteCommittee(endpoints(portBase, MEMBERS), layout.clientIdentity(coordinator, "User1"),
        layout.trust(MEMBERS), keys, DEADLINE);
  }
}
