package io.lethe.committee.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.committee.service.MemberFault.Kind;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.SignResponse;
import io.lethe.proto.StatusRequest;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The committee as three services over real gRPC and real mutual TLS on 127.0.0.1. */
// a bound on a hung call, not a speed check: the first test of the class pays for the JIT and TLS start-up
// (41 s once on the 2-core machine under load 15)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RemoteCommitteeTest {
  private static final SecureRandom RND = new SecureRandom();
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private LocalCommittee committee;
  private RemoteCommittee coordinator;

  @AfterEach
  void close() {
    if (coordinator != null) {
      coordinator.close();
    }
    if (committee != null) {
      committee.close();
    }
  }

  /** A ledger where request req-1 covers m1, m2 (block 1) and m3 (block 2); m4 (block 3) is outside. */
  private static SyntheticLedger ledger(Map<Integer, ChameleonPublicKey> keys) {
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, keys.get(0), List.of("m1", "m2"), true);
    l.addBlock(0, keys.get(0), List.of("m3"), true);
    l.addBlock(0, keys.get(0), List.of("m4"), false);
    return l;
  }

  private SyntheticLedger startDealt(int t, int n, IntFunction<List<ServerInterceptor>> interceptors) throws Exception {
    Dealer.Dealt dealt = Dealer.deal(t, n, RND);
    SyntheticLedger l = ledger(Map.of(0, dealt.publicKey().groupKey()));
    committee = LocalCommittee.start(dir, n, Map.of(0, dealt), i -> l.view(), 64, Duration.ofSeconds(60), interceptors);
    coordinator = committee.coordinator(1, DEADLINE);
    return l;
  }

  private Map<Integer, ChameleonPublicKey> groupKeys() {
    return committee.keys().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().groupKey()));
  }

  private RemoteCommittee.Batched<Inputs.Redaction> redact(SyntheticLedger l, List<String> ids) {
    return coordinator.batched(l.requestId(), c -> l.redaction(ids, c));
  }

  @Test
  void twoOfThreeBatchedRedactionVerifies() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    var r = redact(l, List.of("m1", "m2", "m3"));
    assertEquals(3, r.value().rewrites().size());
    assertEquals(2, r.value().headers().size());
    assertNull(l.verify(r.value(), groupKeys()));
    assertEquals(List.of(1, 2, 3), r.batch().signers());
    assertTrue(r.batch().faults().isEmpty(), r.batch().faults().toString());
  }

  @Test
  void threeOfThreePerTargetColliderVerifies() throws Exception {
    SyntheticLedger l = startDealt(3, 3, null);
    Inputs.Redaction r = l.redaction(List.of("m3"), coordinator.collider(l.requestId()));
    assertNull(l.verify(r, groupKeys()));
  }

  @Test
  void oneMemberDownStillSucceedsAndIsNamed() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    committee.stop(2);
    var r = redact(l, List.of("m1"));
    assertNull(l.verify(r.value(), groupKeys()));
    assertEquals(List.of(1, 3), r.batch().signers());
    assertEquals(1, r.batch().faults().size());
    MemberFault f = r.batch().faults().get(0);
    assertEquals(2, f.member());
    assertEquals(Kind.DOWN, f.kind());
  }

  @Test
  void twoMembersDownIsRefusedNamingBoth() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    committee.stop(2);
    committee.stop(3);
    CommitteeUnavailableException e = assertThrows(CommitteeUnavailableException.class, () -> redact(l, List.of("m1")));
    assertEquals(List.of(2, 3), e.missingMembers());
    assertTrue(e.getMessage().contains("member 2 (committee2") && e.getMessage().contains("member 3 (committee3"), e.getMessage());
    assertTrue(e.getMessage().contains("1 of 3 members can sign, 2 are needed"), e.getMessage());
    assertTrue(e.faults().stream().allMatch(f -> f.kind() == Kind.DOWN));
    // nothing was left half-done on the member that answered: its round-1 session is pending, never signed
  }

  @Test
  void aMemberWhoseLedgerSaysClosedRefusesAndIsNamed() throws Exception {
    Dealer.Dealt dealt = Dealer.deal(2, 3, RND);
    SyntheticLedger l = ledger(Map.of(0, dealt.publicKey().groupKey()));
    InMemoryLedgerView closed = new InMemoryLedgerView("lethe");
    l.txs().values().forEach(closed::put);
    l.blocks().values().forEach(closed::put);
    var open = l.view().request("req-1").orElseThrow();
    closed.put(new io.lethe.ledger.Records.UnlearningRequest(open.id(), open.owner(), open.startingModels(), open.cascade(),
        open.forgetCommitment(), open.method(), open.paradigm(), "CLOSED", List.of(), 1L, "x", 2L));
    committee = LocalCommittee.start(dir, 3, Map.of(0, dealt), i -> i == 3 ? closed : l.view(), 64, Duration.ofSeconds(60), null);
    coordinator = committee.coordinator(1, DEADLINE);
    var r = redact(l, List.of("m1"));
    assertNull(l.verify(r.value(), groupKeys()));
    assertEquals(List.of(1, 2), r.batch().signers());
    MemberFault f = r.batch().faults().get(0);
    assertEquals(3, f.member());
    assertEquals(Kind.REFUSED, f.kind());
    assertTrue(f.detail().startsWith(Refusal.REQUEST_NOT_OPEN), f.detail());
  }

  @Test
  void closedRequestIsRefusedByEveryMember() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    l.setStatus("CLOSED");
    CommitteeUnavailableException e = assertThrows(CommitteeUnavailableException.class, () -> redact(l, List.of("m1")));
    assertEquals(List.of(1, 2, 3), e.missingMembers());
    assertTrue(e.faults().stream().allMatch(f -> f.kind() == Kind.REFUSED && f.detail().startsWith(Refusal.REQUEST_NOT_OPEN)),
        e.getMessage());
  }

  @Test
  void modelOutsideTheCascadeIsRefused() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    CommitteeUnavailableException e = assertThrows(CommitteeUnavailableException.class, () -> redact(l, List.of("m4")));
    assertTrue(e.faults().stream().allMatch(f -> f.kind() == Kind.REFUSED && f.detail().startsWith(Refusal.NOT_IN_CASCADE)),
        e.getMessage());
  }

  @Test
  void wrongVersionIsRefused() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    LiveTransaction t = l.txs().get("m1");
    byte[] skip = CanonicalBytes.payload(t.version() + 2, l.requestId(), "ipfs://x", new byte[32], t.refs());
    KeyedTarget target = KeyedTarget.of(0, CanonicalBytes.txContext("lethe", "m1"), HEX.parseHex(t.c()), skip);
    CommitteeUnavailableException e =
        assertThrows(CommitteeUnavailableException.class, () -> coordinator.adapt(l.requestId(), List.of(target)));
    assertTrue(e.faults().stream().allMatch(f -> f.detail().startsWith(Refusal.WRONG_VERSION)), e.getMessage());
    assertTrue(e.getMessage().contains("expected 1"), e.getMessage());
  }

  @Test
  void wrongKeyIndexAndForeignRequestIdAreRefused() throws Exception {
    Dealer.Dealt k0 = Dealer.deal(2, 3, RND);
    Dealer.Dealt k1 = Dealer.deal(2, 3, RND);
    SyntheticLedger l = ledger(Map.of(0, k0.publicKey().groupKey()));
    committee = LocalCommittee.start(dir, 3, Map.of(0, k0, 1, k1), i -> l.view(), 64, Duration.ofSeconds(60), null);
    coordinator = committee.coordinator(1, DEADLINE);
    LiveTransaction t = l.txs().get("m1");
    byte[] msg = CanonicalBytes.payload(1, l.requestId(), "ipfs://x", new byte[32], t.refs());
    KeyedTarget wrongKey = KeyedTarget.of(1, CanonicalBytes.txContext("lethe", "m1"), HEX.parseHex(t.c()), msg);
    CommitteeUnavailableException e =
        assertThrows(CommitteeUnavailableException.class, () -> coordinator.adapt(l.requestId(), List.of(wrongKey)));
    assertTrue(e.faults().stream().allMatch(f -> f.detail().startsWith(Refusal.WRONG_KEY_INDEX)), e.getMessage());
    byte[] other = CanonicalBytes.payload(1, "req-other", "ipfs://x", new byte[32], t.refs());
    KeyedTarget foreign = KeyedTarget.of(0, CanonicalBytes.txContext("lethe", "m1"), HEX.parseHex(t.c()), other);
    e = assertThrows(CommitteeUnavailableException.class, () -> coordinator.adapt(l.requestId(), List.of(foreign)));
    assertTrue(e.faults().stream().allMatch(f -> f.detail().startsWith(Refusal.BAD_MESSAGE)), e.getMessage());
    KeyedTarget unknownKey = KeyedTarget.of(7, CanonicalBytes.txContext("lethe", "m1"), HEX.parseHex(t.c()), msg);
    assertThrows(IllegalArgumentException.class, () -> coordinator.adapt(l.requestId(), List.of(unknownKey)));
  }

  @Test
  void aCoordinatorWithANonCommitteeCertificateIsRefusedAtTheHandshake() throws Exception {
    SyntheticLedger l = startDealt(2, 3, null);
    TlsIdentity outsider = EphemeralPki.outsider(dir.resolve("rogue"), "rogue.lethe.local");
    try (RemoteCommittee rogue = new RemoteCommittee(committee.endpoints(), outsider, committee.trust(), committee.keys(), DEADLINE)) {
      CommitteeUnavailableException e = assertThrows(CommitteeUnavailableException.class, () -> rogue.batched(l.requestId(),
          c -> l.redaction(List.of("m1"), c)));
      assertEquals(List.of(1, 2, 3), e.missingMembers());
      assertTrue(e.faults().stream().allMatch(f -> f.kind() == Kind.DOWN && f.detail().startsWith("UNAVAILABLE")), e.getMessage());
    }
    // and no round-1 session was opened on any member
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", committee.endpoints().get(0).port(),
        MutualTls.client(committee.layout().clientIdentity(1, "User1"), committee.trust())).build();
    try {
      assertEquals(0, CommitteeMemberGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .status(StatusRequest.getDefaultInstance()).getPendingSessions());
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void aServerWithANonCommitteeCertificateIsNotTrustedByTheCoordinator() throws Exception {
    startDealt(2, 3, null);
    TlsIdentity outsider = EphemeralPki.outsider(dir.resolve("rogue"), "rogue.lethe.local");
    CommitteeTrust rogueTrust = CommitteeTrust.load(Map.of(1,
        dir.resolve("rogue/peerOrganizations/rogue.lethe.local/tlsca/tlsca.rogue.lethe.local-cert.pem")));
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", committee.endpoints().get(0).port(),
        MutualTls.client(outsider, rogueTrust)).build();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> CommitteeMemberGrpc.newBlockingStub(ch)
          .withDeadlineAfter(5, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance()));
      assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode());
    } finally {
      ch.shutdownNow();
    }
  }

  /** Member 2 adds 1 to its first z in every round-2 answer. */
  private static ServerInterceptor wrongZ() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<Q, R>(call) {
          @Override
          @SuppressWarnings("unchecked")
          public void sendMessage(R message) {
            if (message instanceof SignResponse sr && sr.getZCount() > 0) {
              BigInteger z = new BigInteger(1, sr.getZ(0).toByteArray()).add(BigInteger.ONE).mod(P256.N);
              message = (R) sr.toBuilder().setZ(0, ByteString.copyFrom(P256.encodeScalar(z))).build();
            }
            super.sendMessage(message);
          }
        }, headers);
      }
    };
  }

  @Test
  void aCheatingMemberIsIdentifiedAndTheOthersStillSign() throws Exception {
    SyntheticLedger l = startDealt(2, 3, i -> i == 2 ? List.of(wrongZ()) : List.of());
    var r = redact(l, List.of("m1", "m3"));
    assertNull(l.verify(r.value(), groupKeys()));
    assertEquals(List.of(1, 3), r.batch().signers());
    assertEquals(List.of(2), r.batch().faults().stream().map(MemberFault::member).toList());
    assertEquals(Kind.CHEATED, r.batch().faults().get(0).kind());
  }

  @Test
  void aCheatingMemberInAThreeOfThreeCommitteeBlocksAndIsNamed() throws Exception {
    SyntheticLedger l = startDealt(3, 3, i -> i == 2 ? List.of(wrongZ()) : List.of());
    CommitteeUnavailableException e = assertThrows(CommitteeUnavailableException.class, () -> redact(l, List.of("m1")));
    assertEquals(List.of(2), e.missingMembers());
    assertEquals(Kind.CHEATED, e.faults().get(0).kind());
  }

  @Test
  void pendingSessionsAreCapped() throws Exception {
    Dealer.Dealt dealt = Dealer.deal(2, 3, RND);
    SyntheticLedger l = ledger(Map.of(0, dealt.publicKey().groupKey()));
    committee = LocalCommittee.start(dir, 3, Map.of(0, dealt), i -> l.view(), 2, Duration.ofSeconds(60), null);
    coordinator = committee.coordinator(1, DEADLINE);
    // m1 + m2 + the header of block 1: three sessions per member, two allowed
    CommitteeUnavailableException e =
        assertThrows(CommitteeUnavailableException.class, () -> redact(l, List.of("m1", "m2")));
    assertTrue(e.faults().stream().allMatch(f -> f.detail().startsWith(Refusal.SESSION_CAP)), e.getMessage());
    // within the cap it works, and the sessions are spent afterwards
    var r = redact(l, List.of("m3"));
    assertNull(l.verify(r.value(), groupKeys()));
  }

  @Test
  void olderModelsAreRedactedUnderTheirOwnKeyAfterARotation() throws Exception {
    Dealer.Dealt k0 = Dealer.deal(2, 3, RND);
    Dealer.Dealt k1 = Dealer.deal(2, 3, RND);
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, k0.publicKey().groupKey(), List.of("old"), true);
    l.addBlock(1, k1.publicKey().groupKey(), List.of("new"), true);
    committee = LocalCommittee.start(dir, 3, Map.of(0, k0, 1, k1), i -> l.view(), 64, Duration.ofSeconds(60), null);
    coordinator = committee.coordinator(1, DEADLINE);
    var r = redact(l, List.of("old", "new"));
    assertNull(l.verify(r.value(), groupKeys()));
  }

  @Test
  void largeBatchesGoInChunks() throws Exception {
    Dealer.Dealt dealt = Dealer.deal(2, 3, RND);
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    for (int b = 0; b < 5; b++) {
      l.addBlock(0, dealt.publicKey().groupKey(), List.of("a" + b, "b" + b), true);
    }
    committee = LocalCommittee.start(dir, 3, Map.of(0, dealt), i -> l.view(), 64, Duration.ofSeconds(60), null);
    try (RemoteCommittee small = new RemoteCommittee(committee.endpoints(), committee.layout().clientIdentity(2, "User1"),
        committee.trust(), committee.keys(), DEADLINE, 4)) {
      List<String> ids = l.txs().keySet().stream().toList();
      var r = small.batched(l.requestId(), c -> l.redaction(ids, c));
      assertEquals(10, r.value().rewrites().size());
      assertNull(l.verify(r.value(), groupKeys()));
    }
  }

  @Test
  void statusNamesTheMemberAndItsKeyEpochs() throws Exception {
    startDealt(2, 3, null);
    Endpoint e = committee.endpoints().get(2);
    ManagedChannel ch = Grpc.newChannelBuilderForAddress(e.host(), e.port(),
        MutualTls.client(committee.layout().clientIdentity(1, "User1"), committee.trust())).build();
    try {
      var s = CommitteeMemberGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance());
      assertEquals(3, s.getMember());
      assertEquals("committee3", s.getOrg());
      assertEquals(1, s.getKeysCount());
      CommitteePublicKey pk = committee.keys().get(0);
      assertTrue(java.util.Arrays.equals(pk.groupKey().toSec1(), s.getKeys(0).getGroupKey().toByteArray()));
      assertFalse(s.getMaxPending() == 0);
    } finally {
      ch.shutdownNow();
    }
  }
}
