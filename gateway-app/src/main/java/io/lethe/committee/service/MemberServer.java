package io.lethe.committee.service;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running member service: gRPC {@code CommitteeMember} on 127.0.0.1 over mutual TLS with the
 * org's certificate; clients without a certificate of a committee org's TLS CA are refused at
 * the handshake.
 */
public final class MemberServer implements AutoCloseable {
  private final Server server;
  private final MemberConfig config;

  private MemberServer(Server server, MemberConfig config) {
    this.server = server;
    this.config = config;
  }

  /** Loads the member's shares (refusing unsafe files) and starts serving. */
  public static MemberServer start(MemberConfig config) throws IOException {
    return start(config, List.of());
  }

  /** {@code extra}: interceptors around the service (tests use one to play a cheating member). */
  public static MemberServer start(MemberConfig config, List<ServerInterceptor> extra) throws IOException {
    MemberService service = new MemberService(config, config.store().load());
    List<ServerInterceptor> interceptors = new ArrayList<>(extra);
    interceptors.add(new CallerMember(config.trust())); // last added runs first
    Server server = NettyServerBuilder
        .forAddress(new InetSocketAddress("127.0.0.1", config.port()),
            MutualTls.server(config.identity(), config.trust()))
        .addService(ServerInterceptors.intercept(service, interceptors))
        .maxInboundMessageSize(32 << 20)
        .handshakeTimeout(10, TimeUnit.SECONDS)
        .build()
        .start();
    return new MemberServer(server, config);
  }

  public int port() {
    return server.getPort();
  }

  public int member() {
    return config.member();
  }

  public Endpoint endpoint() {
    return new Endpoint(config.member(), "127.0.0.1", port());
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
