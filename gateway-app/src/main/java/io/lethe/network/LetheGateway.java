package io.lethe.network;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.lethe.cli.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * A connected Fabric Gateway for one identity through one peer, with explicit deadlines on
 * every call. Close it (try-with-resources) to release the gRPC connection.
 */
public final class LetheGateway implements AutoCloseable {
  // gRPC logs start-up chatter at INFO through java.util.logging; keep stderr for real errors.
  // (A static reference: JUL holds loggers weakly and would forget the level.)
  private static final java.util.logging.Logger GRPC_LOG = quietGrpc();

  private static java.util.logging.Logger quietGrpc() {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger("io.grpc");
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  /** Per-call deadlines. Endorsement may involve several peers; commit waits for a block. */
  public record Deadlines(Duration evaluate, Duration endorse, Duration submit, Duration commitStatus) {
    public static Deadlines standard() {
      return new Deadlines(
          Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofMinutes(1));
    }
  }

  private final ConnectionProfile profile;
  private final ConnectionProfile.IdentityEntry identity;
  private final String endpoint;
  private final ManagedChannel channel;
  private final Gateway gateway;

  private LetheGateway(
      ConnectionProfile profile,
      ConnectionProfile.IdentityEntry identity,
      String endpoint,
      ManagedChannel channel,
      Gateway gateway) {
    this.profile = profile;
    this.identity = identity;
    this.endpoint = endpoint;
    this.channel = channel;
    this.gateway = gateway;
  }

  /** Connects {@code identity} to {@code peer}'s gateway, dialling {@code endpoint} (normally the peer's own). */
  public static LetheGateway connect(
      ConnectionProfile profile,
      ConnectionProfile.IdentityEntry identity,
      ConnectionProfile.Peer peer,
      String endpoint,
      Deadlines deadlines) {
    ManagedChannel channel = openChannel(peer, endpoint);
    try {
      Gateway gateway =
          Gateway.newInstance()
              .identity(new X509Identity(identity.mspId(), readCertificate(identity)))
              .signer(Signers.newPrivateKeySigner(readPrivateKey(identity)))
              .hash(Hash.SHA256)
              .connection(channel)
              .evaluateOptions(o -> o.withDeadlineAfter(millis(deadlines.evaluate()), TimeUnit.MILLISECONDS))
              .endorseOptions(o -> o.withDeadlineAfter(millis(deadlines.endorse()), TimeUnit.MILLISECONDS))
              .submitOptions(o -> o.withDeadlineAfter(millis(deadlines.submit()), TimeUnit.MILLISECONDS))
              .commitStatusOptions(
                  o -> o.withDeadlineAfter(millis(deadlines.commitStatus()), TimeUnit.MILLISECONDS))
              .connect();
      return new LetheGateway(profile, identity, endpoint, channel, gateway);
    } catch (RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }

  private static ManagedChannel openChannel(ConnectionProfile.Peer peer, String endpoint) {
    ChannelCredentials tls;
    try {
      tls = TlsChannelCredentials.newBuilder().trustManager(Path.of(peer.tlsRootCert()).toFile()).build();
    } catch (IOException e) {
      throw new UserError("cannot read TLS root certificate of peer " + peer.name() + ": " + e.getMessage(), e);
    }
    var builder = Grpc.newChannelBuilder(endpoint, tls);
    if (peer.hostOverride() != null && !peer.hostOverride().isBlank()) {
      builder.overrideAuthority(peer.hostOverride());
    }
    return builder.build();
  }

  private static java.security.cert.X509Certificate readCertificate(ConnectionProfile.IdentityEntry id) {
    try (Reader r = Files.newBufferedReader(Path.of(id.cert()))) {
      return Identities.readX509Certificate(r);
    } catch (IOException | CertificateException e) {
      throw new UserError("cannot read certificate of identity " + id.name() + " (" + id.cert() + "): " + e.getMessage(), e);
    }
  }

  private static PrivateKey readPrivateKey(ConnectionProfile.IdentityEntry id) {
    Path keyFile;
    try (Stream<Path> files = Files.list(Path.of(id.keyDir()))) {
      keyFile =
          files.filter(Files::isRegularFile).findFirst()
              .orElseThrow(() -> new UserError("no private key in " + id.keyDir() + " for identity " + id.name()));
    } catch (IOException e) {
      throw new UserError("cannot list key folder of identity " + id.name() + ": " + e.getMessage(), e);
    }
    try (Reader r = Files.newBufferedReader(keyFile)) {
      return Identities.readPrivateKey(r);
    } catch (IOException | InvalidKeyException e) {
      throw new UserError("cannot read private key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  public ConnectionProfile profile() {
    return profile;
  }

  public ConnectionProfile.IdentityEntry identity() {
    return identity;
  }

  public String endpoint() {
    return endpoint;
  }

  public Gateway gateway() {
    return gateway;
  }

  public Network network() {
    return gateway.getNetwork(profile.channel());
  }

  /** The Lethe chaincode, one named contract of it (e.g. "System", "LiveLedger"). */
  public Contract contract(String contractName) {
    return network().getContract(profile.chaincode(), contractName);
  }

  @Override
  public void close() {
    gateway.close();
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
