package io.lethe.fabric;

import io.grpc.Channel;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
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
 * A Fabric Gateway for one identity over a channel its {@link FabricSession} owns, with an
 * explicit deadline on every call (evaluate, endorse, submit, commit status).
 */
public final class LetheGateway {
  private final ConnectionProfile profile;
  private final ConnectionProfile.IdentityEntry identity;
  private final Gateway gateway;

  private LetheGateway(ConnectionProfile profile, ConnectionProfile.IdentityEntry identity, Gateway gateway) {
    this.profile = profile;
    this.identity = identity;
    this.gateway = gateway;
  }

  static LetheGateway connect(
      ConnectionProfile profile, ConnectionProfile.IdentityEntry identity, Channel channel, Deadlines deadlines) {
    Gateway gateway =
        Gateway.newInstance()
            .identity(new X509Identity(identity.mspId(), readCertificate(identity)))
            .signer(Signers.newPrivateKeySigner(readPrivateKey(identity)))
            .hash(Hash.SHA256)
            .connection(channel)
            .evaluateOptions(o -> o.withDeadlineAfter(deadlines.evaluate().toMillis(), TimeUnit.MILLISECONDS))
            .endorseOptions(o -> o.withDeadlineAfter(deadlines.endorse().toMillis(), TimeUnit.MILLISECONDS))
            .submitOptions(o -> o.withDeadlineAfter(deadlines.submit().toMillis(), TimeUnit.MILLISECONDS))
            .commitStatusOptions(o -> o.withDeadlineAfter(deadlines.commitStatus().toMillis(), TimeUnit.MILLISECONDS))
            .connect();
    return new LetheGateway(profile, identity, gateway);
  }

  private static X509Certificate readCertificate(ConnectionProfile.IdentityEntry id) {
    try (Reader r = Files.newBufferedReader(Path.of(id.cert()))) {
      return Identities.readX509Certificate(r);
    } catch (IOException | CertificateException e) {
      throw new ProfileError(
          "cannot read certificate of identity " + id.name() + " (" + id.cert() + "): " + e.getMessage(), e);
    }
  }

  private static PrivateKey readPrivateKey(ConnectionProfile.IdentityEntry id) {
    Path keyFile;
    try (Stream<Path> files = Files.list(Path.of(id.keyDir()))) {
      keyFile =
          files.filter(Files::isRegularFile).findFirst()
              .orElseThrow(() -> new ProfileError("no private key in " + id.keyDir() + " for identity " + id.name()));
    } catch (IOException e) {
      throw new ProfileError("cannot list key folder of identity " + id.name() + ": " + e.getMessage(), e);
    }
    try (Reader r = Files.newBufferedReader(keyFile)) {
      return Identities.readPrivateKey(r);
    } catch (IOException | InvalidKeyException e) {
      throw new ProfileError("cannot read private key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  public ConnectionProfile profile() {
    return profile;
  }

  public ConnectionProfile.IdentityEntry identity() {
    return identity;
  }

  public Network network() {
    return gateway.getNetwork(profile.channel());
  }

  /** The Lethe chaincode, one named contract of it (e.g. "System", "LiveLedger"). */
  public Contract contract(String contractName) {
    return network().getContract(profile.chaincode(), contractName);
  }
}
