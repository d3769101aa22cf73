package io.lethe.committee.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.NonceCommitment;
import io.lethe.chameleon.committee.SigningPackage;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.proto.CommitRequest;
import io.lethe.proto.CommitResponse;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.SignRequest;
import io.lethe.proto.SignResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Round-2 refusals at the service: replayed packages, expired sessions, a target swapped after round 1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemberSessionsTest {
  private static final SecureRandom RND = new SecureRandom();
  @TempDir Path dir;
  private LocalCommittee committee;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private SyntheticLedger l;

  @AfterEach
  void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (committee != null) {
      committee.close();
    }
  }

  private void start(Duration session) throws Exception {
    Dealer.Dealt dealt = Dealer.deal(2, 3, RND);
    l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, dealt.publicKey().groupKey(), List.of("m1", "m2"), true);
    committee = LocalCommittee.start(dir, 3, Map.of(0, dealt), i -> l.view(), 64, session, null);
  }

  private CommitteeMemberGrpc.CommitteeMemberBlockingStub stub(int member) {
    Endpoint e = committee.endpoints().get(member - 1);
    ManagedChannel ch = Grpc.newChannelBuilderForAddress(e.host(), e.port(),
        MutualTls.client(committee.layout().clientIdentity(1, "User1"), committee.trust())).build();
    channels.add(ch);
    return CommitteeMemberGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  private KeyedTarget target(String id) {
    LiveTransaction t = l.txs().get(id);
    return KeyedTarget.of(0, CanonicalBytes.txContext("lethe", id), HexFormat.of().parseHex(t.c()),
        CanonicalBytes.payload(1, "req-1", "ipfs://new", new byte[32], t.refs()));
  }

  private SignRequest round1(KeyedTarget committed, KeyedTarget signed) {
    List<NonceCommitment> b = new ArrayList<>();
    for (int m = 1; m <= 2; m++) {
      CommitResponse r = stub(m).commit(CommitRequest.newBuilder().setRequestId("req-1")
          .addTargets(ProtoCodec.target(committed)).build());
      assertTrue(!r.hasProblem(), r.getProblem().getMessage());
      b.add(ProtoCodec.commitment(r.getCommitments(0)));
    }
    return SignRequest.newBuilder().setRequestId("req-1")
        .addPackages(ProtoCodec.signingPackage(0, new SigningPackage(signed.target(), b))).build();
  }

  @Test
  void aReplayedPackageIsRefused() throws Exception {
    start(Duration.ofSeconds(60));
    SignRequest req = round1(target("m1"), target("m1"));
    SignResponse first = stub(1).sign(req);
    assertEquals(1, first.getZCount());
    SignResponse again = stub(1).sign(req);
    assertEquals(Refusal.SIGN_REFUSED, again.getProblem().getCode());
    assertTrue(again.getProblem().getMessage().contains("single-use"), again.getProblem().getMessage());
  }

  @Test
  void anExpiredSessionIsRefused() throws Exception {
    start(Duration.ofMillis(300));
    SignRequest req = round1(target("m1"), target("m1"));
    Thread.sleep(400);
    SignResponse late = stub(1).sign(req);
    assertEquals(Refusal.SIGN_REFUSED, late.getProblem().getCode());
    assertEquals(0, late.getZCount());
  }

  @Test
  void aPackageForAnotherTargetThanValidatedIsRefused() throws Exception {
    start(Duration.ofSeconds(60));
    SignRequest req = round1(target("m1"), target("m2"));
    SignResponse r = stub(2).sign(req);
    assertEquals(Refusal.SIGN_REFUSED, r.getProblem().getCode());
    assertTrue(r.getProblem().getMessage().contains("differs from the one validated"), r.getProblem().getMessage());
  }
}
