package io.lethe.committee.service;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.committee.Aggregator;
import io.lethe.chameleon.committee.AdaptTarget;
import io.lethe.chameleon.committee.CheatingMembersException;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.NonceCommitment;
import io.lethe.chameleon.committee.SignatureShare;
import io.lethe.chameleon.committee.SigningPackage;
import io.lethe.ledger.LedgerRequests;
import io.lethe.proto.CommitRequest;
import io.lethe.proto.CommitResponse;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.SignRequest;
import io.lethe.proto.SignResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The coordinator of committee collisions over gRPC (DESIGN §4): runs round 1 and round 2
 * against every member service in parallel, each call with a deadline, and needs t of n. A
 * member that is down, refuses or cheats is named in the result; when fewer than t members are
 * left it throws {@link CommitteeUnavailableException} naming the missing ones, having sent no
 * round-2 request for that attempt. It holds no secret.
 */
public final class RemoteCommittee implements AutoCloseable {
  /** The new randomness per target (in order), who co-signed, and who was left out and why. */
  public record BatchResult(List<Randomness> randomness, List<Integer> signers, List<MemberFault> faults) {
    public BatchResult {
      randomness = List.copyOf(randomness);
      signers = List.copyOf(signers);
      faults = List.copyOf(faults);
    }
  }

  /** What a redaction builder produced with the committee's collisions, and the batch behind them. */
  public record Batched<T>(T value, BatchResult batch) {}

  private static final Randomness PLACEHOLDER = new Randomness(new byte[33], new byte[32]);

  private final SortedMap<Integer, Endpoint> endpoints = new TreeMap<>();
  private final Map<Integer, ManagedChannel> channels = new TreeMap<>();
  private final Map<Integer, CommitteePublicKey> keys;
  private final Duration deadline;
  private final int maxBatch;
  private final ExecutorService pool;

  /**
   * @param keys the committee key of every epoch the coordinator may be asked to use (the
   *     governance-pinned public.json files), by key index
   * @param deadline for each round-1 or round-2 call of one batch
   */
  public RemoteCommittee(List<Endpoint> endpoints, TlsIdentity client, CommitteeTrust trust,
      Map<Integer, CommitteePublicKey> keys, Duration deadline) {
    this(endpoints, client, trust, keys, deadline, MemberConfig.DEFAULT_MAX_BATCH);
  }

  public RemoteCommittee(List<Endpoint> endpoints, TlsIdentity client, CommitteeTrust trust,
      Map<Integer, CommitteePublicKey> keys, Duration deadline, int maxBatch) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the coordinator needs at least one committee public key");
    }
    this.keys = Map.copyOf(keys);
    this.deadline = deadline;
    this.maxBatch = maxBatch;
    for (Endpoint e : endpoints) {
      if (this.endpoints.put(e.member(), e) != null) {
        throw new IllegalArgumentException("two endpoints for member " + e.member());
      }
      channels.put(e.member(), Grpc.newChannelBuilderForAddress(e.host(), e.port(), MutualTls.client(client, trust))
          .maxInboundMessageSize(32 << 20)
          .build());
    }
    this.pool = Executors.newFixedThreadPool(Math.max(2, endpoints.size()), r -> {
      Thread t = new Thread(r, "committee-coordinator");
      t.setDaemon(true);
      return t;
    });
  }

  /** Collisions for every target of one request; large batches go in chunks of the members' batch limit. */
  public BatchResult adapt(String requestId, List<KeyedTarget> targets) {
    if (targets.isEmpty()) {
      return new BatchResult(List.of(), List.of(), List.of());
    }
    List<Randomness> out = new ArrayList<>(targets.size());
    List<Integer> signers = List.of();
    Map<String, MemberFault> faults = new LinkedHashMap<>();
    for (int from = 0; from < targets.size(); from += maxBatch) {
      BatchResult part = adaptChunk(requestId, targets.subList(from, Math.min(targets.size(), from + maxBatch)));
      out.addAll(part.randomness());
      signers = part.signers();
      part.faults().forEach(f -> faults.putIfAbsent(f.member() + "/" + f.kind() + "/" + f.detail(), f));
    }
    return new BatchResult(out, signers, new ArrayList<>(faults.values()));
  }

  private BatchResult adaptChunk(String requestId, List<KeyedTarget> targets) {
    int threshold = 0;
    int members = 0;
    for (KeyedTarget t : targets) {
      CommitteePublicKey pk = keys.get(t.keyIndex());
      if (pk == null) {
        throw new IllegalArgumentException("no committee public key for key index " + t.keyIndex() + " (have " + keys.keySet() + ")");
      }
      threshold = Math.max(threshold, pk.threshold());
      members = Math.max(members, pk.members());
    }
    CommitRequest.Builder commitReq = CommitRequest.newBuilder().setRequestId(requestId);
    targets.forEach(t -> commitReq.addTargets(ProtoCodec.target(t)));
    CommitRequest round1 = commitReq.build();

    List<MemberFault> faults = new ArrayList<>();
    List<Integer> available = new ArrayList<>(endpoints.keySet());
    for (int i = 1; i <= members; i++) {
      if (!endpoints.containsKey(i)) {
        faults.add(new MemberFault(i, new Endpoint(i, "?", 1), MemberFault.Kind.DOWN, "no endpoint configured"));
      }
    }
    while (true) {
      // round 1
      Map<Integer, CompletableFuture<CommitResponse>> r1 = new TreeMap<>();
      for (int m : available) {
        r1.put(m, call(m, stub -> stub.commit(round1)));
      }
      Map<Integer, List<NonceCommitment>> committed = new TreeMap<>();
      for (var e : r1.entrySet()) {
        int m = e.getKey();
        Object res = outcome(e.getValue());
        if (res instanceof String down) {
          faults.add(fault(m, MemberFault.Kind.DOWN, down));
          continue;
        }
        CommitResponse cr = (CommitResponse) res;
        if (cr.hasProblem()) {
          faults.add(fault(m, MemberFault.Kind.REFUSED, Refusal.fromProto(cr.getProblem()).toString()));
          continue;
        }
        try {
          List<NonceCommitment> cs = new ArrayList<>();
          for (io.lethe.proto.NonceCommitment c : cr.getCommitmentsList()) {
            NonceCommitment nc = ProtoCodec.commitment(c);
            if (nc.member() != m) {
              throw new IllegalArgumentException("a commitment names member " + nc.member());
            }
            cs.add(nc);
          }
          if (cs.size() != targets.size()) {
            throw new IllegalArgumentException(cs.size() + " commitments for " + targets.size() + " targets");
          }
          committed.put(m, cs);
        } catch (IllegalArgumentException ex) {
          faults.add(fault(m, MemberFault.Kind.CHEATED, "malformed round-1 answer: " + ex.getMessage()));
        }
      }
      if (committed.size() < threshold) {
        throw new CommitteeUnavailableException(committed.size(), threshold, members, faults);
      }
      // round 2, over the members that committed
      List<Integer> signers = new ArrayList<>(committed.keySet());
      Map<Integer, Aggregator> aggregators = new HashMap<>();
      List<SigningPackage> packages = new ArrayList<>(targets.size());
      SignRequest.Builder signReq = SignRequest.newBuilder().setRequestId(requestId);
      for (int k = 0; k < targets.size(); k++) {
        KeyedTarget t = targets.get(k);
        List<NonceCommitment> b = new ArrayList<>();
        for (int m : signers) {
          b.add(committed.get(m).get(k));
        }
        Aggregator agg = aggregators.computeIfAbsent(t.keyIndex(), i -> new Aggregator(keys.get(i)));
        SigningPackage pkg = agg.newPackage(t.target(), b);
        packages.add(pkg);
        signReq.addPackages(ProtoCodec.signingPackage(t.keyIndex(), pkg));
      }
      SignRequest round2 = signReq.build();
      Map<Integer, CompletableFuture<SignResponse>> r2 = new TreeMap<>();
      for (int m : signers) {
        r2.put(m, call(m, stub -> stub.sign(round2)));
      }
      Map<Integer, List<SignatureShare>> shares = new TreeMap<>();
      List<Integer> lost = new ArrayList<>();
      for (var e : r2.entrySet()) {
        int m = e.getKey();
        Object res = outcome(e.getValue());
        if (res instanceof String down) {
          faults.add(fault(m, MemberFault.Kind.DOWN, "in round 2: " + down));
          lost.add(m);
          continue;
        }
        SignResponse sr = (SignResponse) res;
        if (sr.hasProblem()) {
          faults.add(fault(m, MemberFault.Kind.REFUSED, "in round 2: " + Refusal.fromProto(sr.getProblem())));
          lost.add(m);
          continue;
        }
        try {
          if (sr.getZCount() != targets.size()) {
            throw new IllegalArgumentException(sr.getZCount() + " shares for " + targets.size() + " packages");
          }
          List<SignatureShare> zs = new ArrayList<>();
          for (var z : sr.getZList()) {
            zs.add(SignatureShare.fromBytes(m, z.toByteArray()));
          }
          shares.put(m, zs);
        } catch (IllegalArgumentException ex) {
          faults.add(fault(m, MemberFault.Kind.CHEATED, "malformed round-2 answer: " + ex.getMessage()));
          lost.add(m);
        }
      }
      if (lost.isEmpty()) {
        List<Integer> cheaters = new ArrayList<>();
        List<Randomness> out = new ArrayList<>(targets.size());
        for (int k = 0; k < targets.size(); k++) {
          List<SignatureShare> zk = new ArrayList<>();
          for (int m : signers) {
            zk.add(shares.get(m).get(k));
          }
          try {
            out.add(aggregators.get(targets.get(k).keyIndex()).aggregate(packages.get(k), zk));
          } catch (CheatingMembersException ex) {
            for (int m : ex.members()) {
              if (!cheaters.contains(m)) {
                cheaters.add(m);
                faults.add(fault(m, MemberFault.Kind.CHEATED, "signature share for target " + k + " fails its check"));
              }
            }
          }
        }
        if (cheaters.isEmpty()) {
          return new BatchResult(out, signers, faults);
        }
        lost.addAll(cheaters);
      }
      // start again from round 1 without the members lost in round 2 (their nonces are spent or expire)
      available = new ArrayList<>(signers);
      available.removeAll(lost);
      if (available.size() < threshold) {
        throw new CommitteeUnavailableException(available.size(), threshold, members, faults);
      }
    }
  }

  private MemberFault fault(int member, MemberFault.Kind kind, String detail) {
    return new MemberFault(member, endpoints.get(member), kind, detail);
  }

  private <R> CompletableFuture<R> call(int member, Function<CommitteeMemberGrpc.CommitteeMemberBlockingStub, R> rpc) {
    CommitteeMemberGrpc.CommitteeMemberBlockingStub stub = CommitteeMemberGrpc.newBlockingStub(channels.get(member))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> rpc.apply(stub), pool);
  }

  /** The response, or a String saying why the member could not be reached. */
  private Object outcome(CompletableFuture<?> f) {
    try {
      return f.get(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StatusRuntimeException sre) {
        Status s = sre.getStatus();
        String why = s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
        if (s.getCause() != null && s.getCause().getMessage() != null) {
          why += " (" + s.getCause().getMessage() + ")";
        }
        return why;
      }
      return String.valueOf(cause);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      return "no answer within " + deadline.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** A per-target collider for {@link LedgerRequests#redaction} (one round trip per target). */
  public LedgerRequests.Collider collider(String requestId) {
    return (keyIndex, ctx, c, newMsg) ->
        adapt(requestId, List.of(KeyedTarget.of(keyIndex, ctx, c, newMsg))).randomness().get(0);
  }

  /**
   * Runs {@code build} (e.g. {@code collider -> LedgerRequests.redaction(..., collider, ...)})
   * twice: first recording every target it asks for, then, after one batched committee run
   * over all of them, replaying the collisions. {@code build} must ask for the same targets
   * both times (the redaction builder is deterministic).
   */
  public <T> Batched<T> batched(String requestId, Function<LedgerRequests.Collider, T> build) {
    List<KeyedTarget> recorded = new ArrayList<>();
    build.apply((keyIndex, ctx, c, newMsg) -> {
      recorded.add(KeyedTarget.of(keyIndex, ctx, c, newMsg));
      return PLACEHOLDER;
    });
    BatchResult batch = adapt(requestId, recorded);
    Map<KeyedTarget, Randomness> byTarget = new HashMap<>();
    for (int k = 0; k < recorded.size(); k++) {
      byTarget.put(recorded.get(k), batch.randomness().get(k));
    }
    T value = build.apply((keyIndex, ctx, c, newMsg) -> {
      Randomness r = byTarget.get(new KeyedTarget(keyIndex, new AdaptTarget(ctx, c, newMsg)));
      if (r == null) {
        throw new IllegalStateException("the redaction asked for a target it did not ask for in the first pass");
      }
      return r;
    });
    return new Batched<>(value, batch);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    pool.shutdownNow();
  }
}
