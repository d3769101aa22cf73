package io.lethe.committee.service;

import java.time.Duration;

/**
 * How one member service runs. {@code port} 0 picks a free port (tests); {@code maxPending}
 * caps round-1 sessions waiting for round 2 over all key epochs (a 100-model redaction needs
 * about 200); {@code session} is how long round-1 nonces live.
 */
public record MemberConfig(
    int member,
    ShareStore store,
    LedgerView ledger,
    TlsIdentity identity,
    CommitteeTrust trust,
    int port,
    int maxPending,
    Duration session,
    int maxBatch,
    Duration peerDeadline) {
  public static final int DEFAULT_MAX_PENDING = 1024;
  public static final Duration DEFAULT_SESSION = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_BATCH = 512;
  public static final Duration DEFAULT_PEER_DEADLINE = Duration.ofSeconds(10);

  public MemberConfig {
    if (member < 1 || !trust.cas().containsKey(member)) {
      throw new IllegalArgumentException("member " + member + " has no committee TLS CA among " + trust.cas().keySet());
    }
    if (maxPending < 1 || maxBatch < 1 || session.isNegative() || session.isZero()) {
      throw new IllegalArgumentException("maxPending, maxBatch and the session length must be positive");
    }
  }

  public static MemberConfig of(int member, ShareStore store, LedgerView ledger, TlsIdentity identity,
      CommitteeTrust trust, int port) {
    return new MemberConfig(member, store, ledger, identity, trust, port, DEFAULT_MAX_PENDING, DEFAULT_SESSION,
        DEFAULT_MAX_BATCH, DEFAULT_PEER_DEADLINE);
  }

  public MemberConfig withLimits(int maxPending, Duration session) {
    return new MemberConfig(member, store, ledger, identity, trust, port, maxPending, session, maxBatch, peerDeadline);
  }
}
