package io.lethe.fabric;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one process to the network of a {@link ConnectionProfile}: one gRPC channel
 * per peer endpoint, shared by every identity's gateway (a gateway is cheap; a channel is a TLS
 * connection). Close the session to close the channels.
 */
public final class FabricSession implements AutoCloseable {
  // gRPC logs start-up chatter at INFO through java.util.logging; keep stderr for real errors.
  // (A static reference: JUL holds loggers weakly and would forget the level.)
  private static final java.util.logging.Logger GRPC_LOG = quietGrpc();

  private static java.util.logging.Logger quietGrpc() {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger("io.grpc");
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  private final ConnectionProfile profile;
  private final String endpointOverride;
  private final Deadlines deadlines;
  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  /**
   * @param endpointOverride host:port dialled instead of a gateway peer's own endpoint (e.g. a
   *     tunnel; the peer's TLS root and host name still apply), or null
   */
  public FabricSession(ConnectionProfile profile, String endpointOverride, Deadlines deadlines) {
    this.profile = profile;
    this.endpointOverride = endpointOverride;
    this.deadlines = deadlines;
  }

  public ConnectionProfile profile() {
    return profile;
  }

  /** The identity's gateway through its own gateway peer. */
  public LetheGateway connect(String identityName) {
    ConnectionProfile.IdentityEntry id = profile.identity(identityName);
    if (id.gatewayPeer() == null || id.gatewayPeer().isBlank()) {
      throw new ProfileError("identity " + identityName + " names no gateway peer; pass --peer");
    }
    return connect(id, profile.peer(id.gatewayPeer()));
  }

  /** The identity's gateway through {@code peer} (dialling the endpoint override if one is set). */
  public LetheGateway connect(ConnectionProfile.IdentityEntry identity, ConnectionProfile.Peer peer) {
    return connect(identity, peer, deadlines);
  }

  /** As {@link #connect(ConnectionProfile.IdentityEntry, ConnectionProfile.Peer)}, with other deadlines. */
  public LetheGateway connect(
      ConnectionProfile.IdentityEntry identity, ConnectionProfile.Peer peer, Deadlines callDeadlines) {
    return connect(identity, peer, endpointOverride != null ? endpointOverride : peer.endpoint(), callDeadlines);
  }

  /** The identity's gateway through {@code peer} dialled at the peer's own endpoint (e.g. to ask each peer). */
  public LetheGateway connectDirect(
      ConnectionProfile.IdentityEntry identity, ConnectionProfile.Peer peer, Deadlines callDeadlines) {
    return connect(identity, peer, peer.endpoint(), callDeadlines);
  }

  private synchronized LetheGateway connect(
      ConnectionProfile.IdentityEntry identity, ConnectionProfile.Peer peer, String endpoint, Deadlines callDeadlines) {
    ManagedChannel channel = channels.computeIfAbsent(endpoint + "|" + peer.name(), k -> openChannel(peer, endpoint));
    return LetheGateway.connect(profile, identity, channel, callDeadlines);
  }

  /** A ledger client acting as the named identity through its own gateway peer. */
  public LedgerClient ledger(String identityName) {
    return new LedgerClient(connect(identityName));
  }

  private static ManagedChannel openChannel(ConnectionProfile.Peer peer, String endpoint) {
    ChannelCredentials tls;
    try {
      tls = TlsChannelCredentials.newBuilder().trustManager(Path.of(peer.tlsRootCert()).toFile()).build();
    } catch (IOException e) {
      throw new ProfileError("cannot read TLS root certificate of peer " + peer.name() + ": " + e.getMessage(), e);
    }
    var builder = Grpc.newChannelBuilder(endpoint, tls);
    if (peer.hostOverride() != null && !peer.hostOverride().isBlank()) {
      builder.overrideAuthority(peer.hostOverride());
    }
    return builder.build();
  }

  @Override
  public synchronized void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel c : channels.values()) {
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    channels.clear();
  }
}
