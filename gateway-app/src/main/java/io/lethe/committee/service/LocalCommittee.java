package io.lethe.committee.service;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.KeyShare;
import io.grpc.ServerInterceptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * n member services on 127.0.0.1 with throw-away TLS material (tests, benchmark): member i's
 * state folder is {@code dir/state/committee<i>}, the certificates {@code dir/crypto}. Keys come
 * from a DKG over the services ({@link #dkg}) or, in tests, from pre-dealt shares written into
 * each member's own folder.
 */
public final class LocalCommittee implements AutoCloseable {
  private final Path dir;
  private final CryptogenLayout layout;
  private final CommitteeTrust trust;
  private final Map<Integer, MemberServer> servers = new TreeMap<>();
  private final Map<Integer, MemberConfig> configs = new TreeMap<>();
  private final Map<Integer, CommitteePublicKey> keys = new TreeMap<>();

  private LocalCommittee(Path dir, CryptogenLayout layout, CommitteeTrust trust) {
    this.dir = dir;
    this.layout = layout;
    this.trust = trust;
  }

  /**
   * @param dealt pre-dealt keys by key index (tests only), may be empty
   * @param ledger each member's ledger view
   * @param interceptors extra server interceptors per member (tests: a cheating member), or null
   */
  public static LocalCommittee start(Path dir, int members, Map<Integer, Dealer.Dealt> dealt,
      IntFunction<LedgerView> ledger, int maxPending, Duration session, IntFunction<List<ServerInterceptor>> interceptors)
      throws IOException {
    CryptogenLayout layout = EphemeralPki.create(dir.resolve("crypto"), members);
    LocalCommittee c = new LocalCommittee(dir, layout, layout.trust(members));
    try {
      for (int i = 1; i <= members; i++) {
        ShareStore store = new ShareStore(c.stateDir(i), i);
        for (var e : dealt.entrySet()) {
          for (KeyShare s : e.getValue().shares()) {
            if (s.member() == i) {
              store.write(e.getKey(), e.getValue().publicKey(), s);
            }
          }
          c.keys.put(e.getKey(), e.getValue().publicKey());
        }
        MemberConfig cfg = MemberConfig.of(i, store, ledger.apply(i), layout.memberIdentity(i), c.trust, 0)
            .withLimits(maxPending, session);
        c.configs.put(i, cfg);
        c.servers.put(i, MemberServer.start(cfg, interceptors == null ? List.of() : interceptors.apply(i)));
      }
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public Path stateDir(int member) {
    return dir.resolve("state").resolve(CryptogenLayout.orgName(member));
  }

  public CryptogenLayout layout() {
    return layout;
  }

  public CommitteeTrust trust() {
    return trust;
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    configs.forEach((i, cfg) -> out.add(new Endpoint(i, "127.0.0.1",
        servers.containsKey(i) ? servers.get(i).port() : stoppedPorts.get(i))));
    return out;
  }

  private final Map<Integer, Integer> stoppedPorts = new TreeMap<>();

  /** Stops member {@code i}'s service (its endpoint stays listed, now refusing connections). */
  public void stop(int member) {
    MemberServer s = servers.remove(member);
    if (s != null) {
      stoppedPorts.put(member, s.port());
      s.close();
    }
  }

  public Map<Integer, CommitteePublicKey> keys() {
    return Map.copyOf(keys);
  }

  /** A coordinator presenting User1@committee{@code coordinatorOrg}'s client certificate. */
  public RemoteCommittee coordinator(int coordinatorOrg, Duration deadline) {
    return new RemoteCommittee(endpoints(), layout.clientIdentity(coordinatorOrg, "User1"), trust, keys(), deadline);
  }

  /** Runs the DKG over the services for {@code keyIndex}; every member writes only its own share. */
  public DkgCoordinator.DkgResult dkg(int threshold, int keyIndex, Duration deadline) {
    DkgCoordinator.DkgResult r = DkgCoordinator.run(endpoints(), layout.clientIdentity(1, "User1"), trust, threshold,
        keyIndex, deadline);
    keys.put(keyIndex, r.publicKey());
    return r;
  }

  @Override
  public void close() {
    servers.values().forEach(MemberServer::close);
    servers.clear();
  }
}
