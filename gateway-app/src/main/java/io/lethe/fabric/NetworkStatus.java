package io.lethe.fabric;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What {@code lethe network status --json} prints. */
public record NetworkStatus(String channel, long height, List<PeerStatus> peers, ChaincodeStatus chaincode) {

  /** One peer's view: its ledger height, or {@code null} height and the error if it did not answer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PeerStatus(String name, String mspId, String endpoint, Long height, String error) {}

  /** The committed chaincode definition; {@code committed=false} (and the reason) if there is none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChaincodeStatus(String name, String version, long sequence, boolean committed, String error) {}

  /** The channel height is the highest height any peer reports (0 if none answered). */
  public static NetworkStatus of(String channel, List<PeerStatus> peers, ChaincodeStatus chaincode) {
    long height = peers.stream().filter(p -> p.height() != null).mapToLong(PeerStatus::height).max().orElse(0);
    return new NetworkStatus(channel, height, List.copyOf(peers), chaincode);
  }

  public boolean healthy() {
    return chaincode.committed() && peers.stream().allMatch(p -> p.height() != null);
  }
}
