package io.lethe.fabric;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.lethe.ledger.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The network description {@code network.sh up} writes to {@code .network/connection-profile.json}:
 * channel and chaincode names, every peer (endpoint, TLS root) and every identity a command may
 * act as ({@code --as user1}, {@code committee2}, {@code auditor-admin}, ...).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionProfile(
    String name,
    String channel,
    String chaincode,
    String consensus,
    int portBase,
    List<Peer> peers,
    List<Orderer> orderers,
    List<IdentityEntry> identities) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Peer(String name, String mspId, String endpoint, String hostOverride, String tlsRootCert) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Orderer(String name, String mspId, String endpoint, String tlsRootCert) {}

  /** A client identity: its certificate, the folder holding its private key, and the peer whose gateway it uses. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IdentityEntry(String name, String mspId, String cert, String keyDir, String gatewayPeer) {}

  public static ConnectionProfile load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ProfileError(
          "no connection profile at " + file
              + " (start the network with test-network-scripts/network.sh up, or pass --profile / LETHE_PROFILE)");
    }
    try {
      ConnectionProfile p = Json.MAPPER.readValue(file.toFile(), ConnectionProfile.class);
      p.validate(file);
      return p;
    } catch (IOException e) {
      throw new ProfileError("cannot read connection profile " + file + ": " + e.getMessage(), e);
    }
  }

  private void validate(Path file) {
    if (channel == null || chaincode == null || peers == null || peers.isEmpty()
        || identities == null || identities.isEmpty()) {
      throw new ProfileError(
          "connection profile " + file + " lacks channel, chaincode, peers or identities");
    }
  }

  public IdentityEntry identity(String identityName) {
    return identities.stream()
        .filter(i -> i.name().equals(identityName))
        .findFirst()
        .orElseThrow(
            () -> new ProfileError("unknown identity '" + identityName + "'; known: " + identityNames()));
  }

  public Peer peer(String peerName) {
    return peers.stream()
        .filter(p -> p.name().equals(peerName))
        .findFirst()
        .orElseThrow(
            () ->
                new ProfileError(
                    "unknown peer '" + peerName + "'; known: "
                        + peers.stream().map(Peer::name).collect(Collectors.joining(", "))));
  }

  public String identityNames() {
    return identities.stream().map(IdentityEntry::name).collect(Collectors.joining(", "));
  }
}
