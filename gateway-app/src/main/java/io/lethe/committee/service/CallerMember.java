package io.lethe.committee.service;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Puts the committee member whose org CA issued the caller's (TLS-verified) certificate into
 * the call's context, so a handler can check who is calling (e.g. a DKG share must come from
 * its sender's org).
 */
final class CallerMember implements ServerInterceptor {
  static final Context.Key<Optional<Integer>> KEY = Context.key("lethe-caller-member");
  private final CommitteeTrust trust;

  CallerMember(CommitteeTrust trust) {
    this.trust = trust;
  }

  static Optional<Integer> current() {
    Optional<Integer> m = KEY.get();
    return m == null ? Optional.empty() : m;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Optional<Integer> member = Optional.empty();
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session != null) {
      try {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length > 0) {
          member = trust.memberOf(chain[0]);
        }
      } catch (SSLPeerUnverifiedException ignored) {
        // no client certificate: the handshake already refused such callers
      }
    }
    return Contexts.interceptCall(Context.current().withValue(KEY, member), call, headers, next);
  }
}
