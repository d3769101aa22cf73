package io.lethe.committee.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.committee.CommitteeKeys;
import io.lethe.json.JsonText;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.DkgCommitments;
import io.lethe.proto.DkgFinishRequest;
import io.lethe.proto.DkgFinishResponse;
import io.lethe.proto.DkgRound1Request;
import io.lethe.proto.DkgRound1Response;
import io.lethe.proto.DkgRound2Request;
import io.lethe.proto.DkgRound2Response;
import io.lethe.proto.MemberEndpoint;
import io.lethe.proto.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Drives a DKG among the member services (all n must take part): round 1 collects every
 * member's broadcast package, round 2 hands all packages to each member, which checks them and
 * delivers each other member's private share straight to that member's service over mutual
 * TLS; finish makes each member verify what it received and write its own share. The
 * coordinator relays only public values and never holds a share or the trapdoor.
 */
public final class DkgCoordinator {
  /** The new committee key, as every member derived it. */
  public record DkgResult(int keyIndex, CommitteePublicKey publicKey, String publicJson) {}

  /** The DKG did not complete; {@link #member()} is who failed, {@code 0} when it is not one member's fault. */
  public static final class DkgFailedException extends RuntimeException {
    private final int member;

    DkgFailedException(int member, String message) {
      super(message);
      this.member = member;
    }

    public int member() {
      return member;
    }
  }

  private static final ObjectMapper JSON = JsonText.COMPACT;

  private DkgCoordinator() {}

  public static DkgResult run(List<Endpoint> endpoints, TlsIdentity client, CommitteeTrust trust, int threshold,
      int keyIndex, Duration deadline) {
    Map<Integer, Endpoint> byMember = new TreeMap<>();
    endpoints.forEach(e -> byMember.put(e.member(), e));
    int n = byMember.size();
    for (int i = 1; i <= n; i++) {
      if (!byMember.containsKey(i)) {
        throw new IllegalArgumentException("the DKG needs the endpoints of members 1.." + n + "; member " + i + " is missing");
      }
    }
    String session = UUID.randomUUID().toString();
    Map<Integer, ManagedChannel> channels = new TreeMap<>();
    try {
      byMember.forEach((i, e) -> channels.put(i,
          Grpc.newChannelBuilderForAddress(e.host(), e.port(), MutualTls.client(client, trust)).build()));
      DkgRound1Request.Builder r1 = DkgRound1Request.newBuilder()
          .setSession(session).setKeyIndex(keyIndex).setThreshold(threshold).setMembers(n);
      byMember.values().forEach(e ->
          r1.addEndpoints(MemberEndpoint.newBuilder().setMember(e.member()).setHost(e.host()).setPort(e.port())));
      List<DkgCommitments> packages = new ArrayList<>();
      for (int i : byMember.keySet()) {
        DkgRound1Response res = call(channels, byMember, i, deadline, "round 1", s -> s.dkgRound1(r1.build()));
        check(i, byMember, "round 1", res.hasProblem() ? res.getProblem() : null);
        if (res.getPackage().getMember() != i) {
          throw new DkgFailedException(i, "DKG round 1: member " + i + " answered as member " + res.getPackage().getMember());
        }
        packages.add(res.getPackage());
      }
      DkgRound2Request r2 = DkgRound2Request.newBuilder().setSession(session).addAllPackages(packages).build();
      for (int i : byMember.keySet()) {
        DkgRound2Response res = call(channels, byMember, i, deadline, "round 2", s -> s.dkgRound2(r2));
        check(i, byMember, "round 2", res.hasProblem() ? res.getProblem() : null);
      }
      CommitteePublicKey agreed = null;
      String agreedJson = null;
      for (int i : byMember.keySet()) {
        DkgFinishResponse res = call(channels, byMember, i, deadline, "finish",
            s -> s.dkgFinish(DkgFinishRequest.newBuilder().setSession(session).build()));
        check(i, byMember, "finish", res.hasProblem() ? res.getProblem() : null);
        CommitteePublicKey pk;
        try {
          pk = CommitteeKeys.parsePublic(JSON.readTree(res.getPublicKeyJson()), "member " + i + "'s public key");
        } catch (IOException | IllegalArgumentException e) {
          throw new DkgFailedException(i, "DKG finish: member " + i + " returned an unreadable public key: " + e.getMessage());
        }
        if (agreed == null) {
          agreed = pk;
          agreedJson = res.getPublicKeyJson();
        } else if (!agreed.sameAs(pk)) {
          throw new DkgFailedException(i, "DKG finish: member " + i + " derived a different committee key");
        }
      }
      return new DkgResult(keyIndex, agreed, agreedJson + "\n");
    } finally {
      channels.values().forEach(ManagedChannel::shutdownNow);
    }
  }

  /** Writes the agreed public key (CommitteeKeys public.json format; not secret) for governance. */
  public static Path writePublic(DkgResult result, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, result.publicJson());
    return file;
  }

  private static <R> R call(Map<Integer, ManagedChannel> channels, Map<Integer, Endpoint> endpoints, int member,
      Duration deadline, String step, Function<CommitteeMemberGrpc.CommitteeMemberBlockingStub, R> rpc) {
    try {
      return rpc.apply(CommitteeMemberGrpc.newBlockingStub(channels.get(member))
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw new DkgFailedException(member, "DKG " + step + ": member " + member + " (" + endpoints.get(member)
          + ") is down: " + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()));
    }
  }

  private static void check(int member, Map<Integer, Endpoint> endpoints, String step, Problem problem) {
    if (problem != null) {
      throw new DkgFailedException(member, "DKG " + step + ": member " + member + " (" + endpoints.get(member)
          + ") refused: " + Refusal.fromProto(problem));
    }
  }
}
