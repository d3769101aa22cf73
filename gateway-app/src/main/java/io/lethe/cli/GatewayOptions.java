package io.lethe.cli;

import io.lethe.fabric.ConnectionProfile;
import io.lethe.fabric.Deadlines;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.LetheGateway;
import io.lethe.fabric.ProfileLocator;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Mixin of every command that talks to Fabric: {@code --as IDENTITY}, {@code --profile FILE},
 * {@code --peer NAME}. Environment: LETHE_AS (default identity), LETHE_PROFILE (profile file),
 * LETHE_PEER_ENDPOINT (host:port dialled instead of the gateway peer's own endpoint, e.g.
 * through a tunnel; the peer's TLS root and host name still apply).
 *
 * <pre>{@code @Mixin GatewayOptions gateway; ... try (FabricSession s = gateway.openSession()) { gateway.connect(s)... }}</pre>
 */
public final class GatewayOptions {
  @Option(
      names = "--as",
      paramLabel = "IDENTITY",
      description = "Identity to act as: user1..user14, committee1..3, auditor, <org>-admin (default: $LETHE_AS or committee1).")
  String as;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description = "Connection profile (default: $LETHE_PROFILE or .network/connection-profile.json).")
  Path profilePath;

  @Option(
      names = "--peer",
      paramLabel = "PEER",
      description = "Peer whose gateway to use (default: the identity's own org peer, committee1..3 for users).")
  String peer;

  private Map<String, String> env = System.getenv();
  private ConnectionProfile profile;

  /** For tests: resolve against this environment instead of the process's. */
  GatewayOptions withEnvironment(Map<String, String> environment) {
    this.env = environment;
    return this;
  }

  public ConnectionProfile profile() {
    if (profile == null) {
      profile = ConnectionProfile.load(profileFile());
    }
    return profile;
  }

  /** The connection profile's file; its folder is the network's state folder. */
  public Path profileFile() {
    return ProfileLocator.locate(profilePath, env, System.getProperty("lethe.root"), Path.of(""));
  }

  public String identityName() {
    if (as != null && !as.isBlank()) {
      return as;
    }
    String fromEnv = env.get("LETHE_AS");
    return fromEnv == null || fromEnv.isBlank() ? "committee1" : fromEnv;
  }

  public ConnectionProfile.IdentityEntry identity() {
    return profile().identity(identityName());
  }

  public ConnectionProfile.Peer gatewayPeer() {
    String name = peer != null ? peer : identity().gatewayPeer();
    if (name == null || name.isBlank()) {
      throw new UserError("identity " + identityName() + " names no gateway peer; pass --peer");
    }
    return profile().peer(name);
  }

  /** LETHE_PEER_ENDPOINT if set (validated), else null. */
  public String endpointOverride() {
    String override = env.get("LETHE_PEER_ENDPOINT");
    if (override == null || override.isBlank()) {
      return null;
    }
    if (!override.matches("[^\\s:]+:\\d{1,5}")) {
      throw new UserError("LETHE_PEER_ENDPOINT must be host:port, got '" + override + "'");
    }
    return override;
  }

  /** The process's connections to the profile's network; close it when the command ends. */
  public FabricSession openSession() {
    return new FabricSession(profile(), endpointOverride(), Deadlines.standard());
  }

  /** The chosen identity's gateway through the chosen peer. */
  public LetheGateway connect(FabricSession session) {
    return session.connect(identity(), gatewayPeer());
  }

  public LedgerClient ledger(FabricSession session) {
    return new LedgerClient(connect(session));
  }
}
