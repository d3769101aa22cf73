package io.lethe.committee.service;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;

/** gRPC credentials for mutual TLS among committee orgs: both sides present a certificate of a committee org. */
public final class MutualTls {
  private MutualTls() {}

  /** A server that refuses, at the handshake, every client whose certificate does not chain to {@code trust}. */
  public static ServerCredentials server(TlsIdentity identity, CommitteeTrust trust) {
    try {
      return TlsServerCredentials.newBuilder()
          .keyManager(identity.certChain().toFile(), identity.privateKey().toFile())
          .trustManager(trust.trustManagers())
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS identity " + identity + ": " + e.getMessage(), e);
    }
  }

  /** A client that presents {@code identity} and accepts only servers whose certificate chains to {@code trust}. */
  public static ChannelCredentials client(TlsIdentity identity, CommitteeTrust trust) {
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(identity.certChain().toFile(), identity.privateKey().toFile())
          .trustManager(trust.trustManagers())
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS identity " + identity + ": " + e.getMessage(), e);
    }
  }
}
