package io.lethe.committee.service;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.committee.CommitteeMember;
import io.lethe.chameleon.committee.DkgParticipant;
import io.lethe.chameleon.committee.DkgRound1;
import io.lethe.chameleon.committee.DkgShare;
import io.lethe.chameleon.committee.NonceCommitment;
import io.lethe.chameleon.committee.SignatureShare;
import io.lethe.committee.CommitteeKeys;
import io.lethe.committee.service.ProtoCodec.KeyedPackage;
import io.lethe.proto.CommitRequest;
import io.lethe.proto.CommitResponse;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.DkgDeliverRequest;
import io.lethe.proto.DkgDeliverResponse;
import io.lethe.proto.DkgFinishRequest;
import io.lethe.proto.DkgFinishResponse;
import io.lethe.proto.DkgRound1Request;
import io.lethe.proto.DkgRound1Response;
import io.lethe.proto.DkgRound2Request;
import io.lethe.proto.DkgRound2Response;
import io.lethe.proto.KeyEpoch;
import io.lethe.proto.MemberEndpoint;
import io.lethe.proto.SignRequest;
import io.lethe.proto.SignResponse;
import io.lethe.proto.StatusRequest;
import io.lethe.proto.StatusResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One committee member's gRPC service (DESIGN §4): it holds only its own share per key epoch,
 * commits nonces only for targets it validated against its own view of the ledger, signs only
 * packages for those targets, and takes part in the DKG without ever seeing another member's
 * share. Refusals come back as a {@link io.lethe.proto.Problem} in the response.
 */
final class MemberService extends CommitteeMemberGrpc.CommitteeMemberImplBase {
  private static final int MAX_DKG_SESSIONS = 8;
  private static final long DKG_SESSION_MILLIS = 600_000;
  private final MemberConfig config;
  private final TargetValidator validator;
  private final SecureRandom rnd = new SecureRandom();
  private final SortedMap<Integer, ShareStore.Epoch> epochs = new TreeMap<>();
  private final Map<Integer, CommitteeMember> signers = new TreeMap<>();
  private final Map<String, DkgMemberSession> dkg = new TreeMap<>();

  MemberService(MemberConfig config, SortedMap<Integer, ShareStore.Epoch> loaded) {
    this.config = config;
    this.validator = new TargetValidator(config.ledger());
    loaded.values().forEach(this::install);
  }

  private synchronized void install(ShareStore.Epoch e) {
    if (e.share().member() != config.member()) {
      throw new IllegalStateException("key index " + e.keyIndex() + " holds member " + e.share().member() + "'s share");
    }
    epochs.put(e.keyIndex(), e);
    signers.put(e.keyIndex(), new CommitteeMember(e.publicKey(), e.share(), config.maxPending(),
        config.session().toMillis(), System::currentTimeMillis));
  }

  private int pendingSessions() {
    return signers.values().stream().mapToInt(CommitteeMember::pendingCount).sum();
  }

  private String who() {
    return "member " + config.member() + " (" + CryptogenLayout.orgName(config.member()) + ")";
  }

  private Refusal refusal(String code, String message) {
    return new Refusal(code, who() + " refuses: " + message);
  }

  @Override
  public void commit(CommitRequest req, StreamObserver<CommitResponse> out) {
    CommitResponse.Builder res = CommitResponse.newBuilder().setMember(config.member());
    Refusal why = commitInto(req, res);
    if (why != null) {
      res.clearCommitments().setProblem(why.toProto());
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  private Refusal commitInto(CommitRequest req, CommitResponse.Builder res) {
    int n = req.getTargetsCount();
    if (n == 0 || n > config.maxBatch()) {
      return refusal(Refusal.BAD_BATCH, "a batch holds 1.." + config.maxBatch() + " targets, got " + n);
    }
    List<KeyedTarget> targets = new ArrayList<>(n);
    try {
      for (io.lethe.proto.AdaptTarget t : req.getTargetsList()) {
        targets.add(ProtoCodec.target(t));
      }
    } catch (IllegalArgumentException e) {
      return refusal(Refusal.BAD_BATCH, "malformed target: " + e.getMessage());
    }
    synchronized (this) {
      for (KeyedTarget t : targets) {
        if (!signers.containsKey(t.keyIndex())) {
          return refusal(Refusal.NO_SHARE, "no share for committee key index " + t.keyIndex() + " (held: " + signers.keySet() + ")");
        }
      }
    }
    Optional<Refusal> invalid = validator.validate(req.getRequestId(), targets);
    if (invalid.isPresent()) {
      return refusal(invalid.get().code(), invalid.get().message());
    }
    synchronized (this) {
      int pending = pendingSessions();
      if (pending + n > config.maxPending()) {
        return refusal(Refusal.SESSION_CAP, pending + " sessions are pending and " + n + " more were asked for (cap "
            + config.maxPending() + "); finish them or let them expire ("
            + config.session().toSeconds() + " s)");
      }
      for (KeyedTarget t : targets) {
        NonceCommitment c = signers.get(t.keyIndex()).commit(t.target(), rnd);
        res.addCommitments(ProtoCodec.commitment(c));
      }
    }
    return null;
  }

  @Override
  public void sign(SignRequest req, StreamObserver<SignResponse> out) {
    SignResponse.Builder res = SignResponse.newBuilder().setMember(config.member());
    Refusal why = signInto(req, res);
    if (why != null) {
      res.clearZ().setProblem(why.toProto());
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  private Refusal signInto(SignRequest req, SignResponse.Builder res) {
    int n = req.getPackagesCount();
    if (n == 0 || n > config.maxBatch()) {
      return refusal(Refusal.BAD_BATCH, "a batch holds 1.." + config.maxBatch() + " packages, got " + n);
    }
    List<KeyedPackage> packages = new ArrayList<>(n);
    try {
      for (io.lethe.proto.SigningPackage p : req.getPackagesList()) {
        packages.add(ProtoCodec.signingPackage(p));
      }
    } catch (IllegalArgumentException e) {
      return refusal(Refusal.BAD_BATCH, "malformed signing package: " + e.getMessage());
    }
    // Round 1 validated every target and bound the nonces to it; only the request's state can have changed since.
    try {
      var request = config.ledger().request(req.getRequestId());
      if (request.isEmpty() || !"OPEN".equals(request.get().status())) {
        return refusal(Refusal.REQUEST_NOT_OPEN, "request " + req.getRequestId() + " is "
            + request.map(r -> r.status()).orElse("unknown") + ", not OPEN");
      }
    } catch (RuntimeException e) {
      return refusal(Refusal.LEDGER_UNAVAILABLE, "cannot read request " + req.getRequestId() + ": " + e.getMessage());
    }
    List<ByteString> zs = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      KeyedPackage p = packages.get(k);
      CommitteeMember m;
      synchronized (this) {
        m = signers.get(p.keyIndex());
      }
      if (m == null) {
        return refusal(Refusal.NO_SHARE, "no share for committee key index " + p.keyIndex());
      }
      try {
        SignatureShare s = m.sign(p.pkg());
        zs.add(ByteString.copyFrom(s.zBytes()));
      } catch (IllegalArgumentException | IllegalStateException e) {
        return refusal(Refusal.SIGN_REFUSED, "package " + k + ": " + e.getMessage());
      }
    }
    res.addAllZ(zs);
    return null;
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    StatusResponse.Builder res = StatusResponse.newBuilder()
        .setMember(config.member())
        .setOrg(CryptogenLayout.orgName(config.member()))
        .setMaxPending(config.maxPending());
    synchronized (this) {
      res.setPendingSessions(pendingSessions());
      for (ShareStore.Epoch e : epochs.values()) {
        res.addKeys(KeyEpoch.newBuilder()
            .setKeyIndex(e.keyIndex())
            .setGroupKey(ByteString.copyFrom(e.publicKey().groupKey().toSec1()))
            .setThreshold(e.publicKey().threshold())
            .setMembers(e.publicKey().members()));
      }
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  // ---- DKG ----

  @Override
  public void dkgRound1(DkgRound1Request req, StreamObserver<DkgRound1Response> out) {
    DkgRound1Response.Builder res = DkgRound1Response.newBuilder();
    try {
      int t = req.getThreshold();
      int n = req.getMembers();
      Map<Integer, Endpoint> endpoints = new TreeMap<>();
      for (MemberEndpoint e : req.getEndpointsList()) {
        endpoints.put(e.getMember(), new Endpoint(e.getMember(), e.getHost(), e.getPort()));
      }
      for (int i = 1; i <= n; i++) {
        if (i != config.member() && !endpoints.containsKey(i)) {
          throw new IllegalArgumentException("no endpoint for member " + i);
        }
      }
      DkgMemberSession s;
      synchronized (this) {
        if (epochs.containsKey(req.getKeyIndex())) {
          throw new IllegalStateException("a share for key index " + req.getKeyIndex() + " exists already");
        }
        dkg.values().removeIf(old -> old.createdAt < System.currentTimeMillis() - DKG_SESSION_MILLIS);
        if (dkg.size() >= MAX_DKG_SESSIONS) {
          throw new IllegalStateException(dkg.size() + " DKG sessions are open already; restart the service to drop them");
        }
        if (req.getSession().isBlank() || dkg.containsKey(req.getSession())) {
          throw new IllegalArgumentException("DKG session id must be fresh and non-empty");
        }
        s = new DkgMemberSession(req.getSession(), req.getKeyIndex(), new DkgParticipant(config.member(), t, n), endpoints);
        dkg.put(s.id, s);
      }
      res.setPackage(ProtoCodec.dkgRound1(s.participant.round1(rnd)));
    } catch (RuntimeException e) {
      res.setProblem(refusal(Refusal.DKG, e.getMessage()).toProto());
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  @Override
  public void dkgRound2(DkgRound2Request req, StreamObserver<DkgRound2Response> out) {
    DkgRound2Response.Builder res = DkgRound2Response.newBuilder();
    try {
      DkgMemberSession s = session(req.getSession());
      List<DkgRound1> all = new ArrayList<>();
      for (io.lethe.proto.DkgCommitments p : req.getPackagesList()) {
        all.add(ProtoCodec.dkgRound1(p));
      }
      List<DkgShare> shares = s.participant.round2(all);
      byte[] transcript = transcript(req.getPackagesList());
      s.ownTranscript(transcript);
      List<String> failed = new ArrayList<>();
      for (DkgShare share : shares) {
        if (share.to() == config.member()) {
          s.receive(share, transcript);
          continue;
        }
        String problem = deliver(s, share, transcript);
        if (problem != null) {
          failed.add(problem);
        }
      }
      if (!failed.isEmpty()) {
        throw new IllegalStateException("could not deliver shares: " + String.join("; ", failed));
      }
    } catch (RuntimeException e) {
      res.setProblem(refusal(Refusal.DKG, e.getMessage()).toProto());
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  /** Sends a share straight to its recipient's service, trusting only the recipient org's TLS CA. */
  /** SHA-256 over the round-1 packages sorted by member. */
  private static byte[] transcript(List<io.lethe.proto.DkgCommitments> packages) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    packages.stream().sorted(java.util.Comparator.comparingInt(io.lethe.proto.DkgCommitments::getMember))
        .forEach(p -> out.writeBytes(p.toByteArray()));
    return io.lethe.ledger.CanonicalBytes.sha256(out.toByteArray());
  }

  private String deliver(DkgMemberSession s, DkgShare share, byte[] transcript) {
    Endpoint to = s.endpoints.get(share.to());
    ManagedChannel ch = Grpc.newChannelBuilderForAddress(to.host(), to.port(),
        MutualTls.client(config.identity(), config.trust().only(share.to()))).build();
    try {
      DkgDeliverResponse r = CommitteeMemberGrpc.newBlockingStub(ch)
          .withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS)
          .dkgDeliver(DkgDeliverRequest.newBuilder()
              .setSession(s.id)
              .setFrom(share.from())
              .setTo(share.to())
              .setValue(ByteString.copyFrom(P256.encodeScalar(share.value())))
              .setTranscript(ByteString.copyFrom(transcript))
              .build());
      return r.hasProblem() ? "member " + share.to() + ": " + Refusal.fromProto(r.getProblem()) : null;
    } catch (io.grpc.StatusRuntimeException e) {
      return "member " + share.to() + " (" + to + "): " + e.getStatus().getCode() + " " + e.getStatus().getDescription();
    } finally {
      ch.shutdownNow();
    }
  }

  @Override
  public void dkgDeliver(DkgDeliverRequest req, StreamObserver<DkgDeliverResponse> out) {
    DkgDeliverResponse.Builder res = DkgDeliverResponse.newBuilder();
    Optional<Integer> caller = CallerMember.current();
    if (caller.isEmpty() || caller.get() != req.getFrom()) {
      res.setProblem(refusal(Refusal.NOT_AUTHORIZED, "a share from member " + req.getFrom()
          + " must come over TLS with a certificate of " + CryptogenLayout.orgName(req.getFrom())
          + "; the caller is " + caller.map(CryptogenLayout::orgName).orElse("unknown")).toProto());
    } else if (req.getTo() != config.member()) {
      res.setProblem(refusal(Refusal.DKG, "share addressed to member " + req.getTo()).toProto());
    } else {
      try {
        session(req.getSession()).receive(
            new DkgShare(req.getFrom(), req.getTo(), P256.decodeScalar(req.getValue().toByteArray(), "DKG share")),
            req.getTranscript().toByteArray());
      } catch (RuntimeException e) {
        res.setProblem(refusal(Refusal.DKG, e.getMessage()).toProto());
      }
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  @Override
  public void dkgFinish(DkgFinishRequest req, StreamObserver<DkgFinishResponse> out) {
    DkgFinishResponse.Builder res = DkgFinishResponse.newBuilder();
    try {
      DkgMemberSession s = session(req.getSession());
      List<Integer> disagreeing = s.disagreeing();
      if (!disagreeing.isEmpty()) {
        throw new IllegalStateException("members " + disagreeing
            + " saw other round-1 packages than this member (the coordinator equivocated); nothing written");
      }
      DkgParticipant.Result r = s.participant.finish(s.received());
      ShareStore.Epoch e = config.store().write(s.keyIndex, r.publicKey(), r.share());
      install(e);
      synchronized (this) {
        dkg.remove(s.id);
      }
      res.setPublicKeyJson(CommitteeKeys.publicJson(r.publicKey()).toPrettyString());
    } catch (RuntimeException | IOException e) {
      res.setProblem(refusal(Refusal.DKG, String.valueOf(e.getMessage())).toProto());
    }
    out.onNext(res.build());
    out.onCompleted();
  }

  private synchronized DkgMemberSession session(String id) {
    DkgMemberSession s = dkg.get(id);
    if (s == null) {
      throw new IllegalStateException("no DKG session " + id + " (run round 1 first)");
    }
    return s;
  }
}
