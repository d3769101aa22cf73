package io.lethe.committee.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.chameleon.committee.Lagrange;
import io.lethe.committee.CommitteeKeys;
import io.lethe.proto.CommitteeMemberGrpc;
import io.lethe.proto.DkgDeliverRequest;
import io.lethe.proto.DkgDeliverResponse;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DKG run among the three services: each writes only its own share, no file ever holds x. */
// a bound on a hung call, not a speed check (20 s once under load 15, JIT and TLS start-up)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DkgOverServicesTest {
  private static final SecureRandom RND = new SecureRandom();
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private LocalCommittee committee;

  @AfterEach
  void close() {
    if (committee != null) {
      committee.close();
    }
  }

  @Test
  void dkgSharesAdaptAndNoFileHoldsTheTrapdoor() throws Exception {
    InMemoryLedgerView view = new InMemoryLedgerView("lethe");
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> view, 64, Duration.ofSeconds(60), null);
    DkgCoordinator.DkgResult result = committee.dkg(2, 0, DEADLINE);
    Path publicJson = DkgCoordinator.writePublic(result, dir.resolve("governance/public.json"));
    CommitteePublicKey pk = CommitteeKeys.readPublic(publicJson);
    assertTrue(pk.sameAs(result.publicKey()));

    // each member's folder holds its own share only, mode 0600
    List<KeyShare> shares = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path epoch = committee.stateDir(i).resolve("keys/0");
      try (Stream<Path> files = Files.list(epoch)) {
        assertEquals(List.of("public.json", "share-" + i + ".json"),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
      Path share = epoch.resolve("share-" + i + ".json");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(share)));
      shares.add(CommitteeKeys.readShare(share));
    }

    // x, reconstructed here only to search for it, appears in no file anywhere
    BigInteger x = BigInteger.ZERO;
    List<Integer> signers = List.of(1, 2);
    for (KeyShare s : shares.subList(0, 2)) {
      x = x.add(Lagrange.coefficient(s.member(), signers).multiply(new BigInteger(1, s.shareBytes()))).mod(P256.N);
    }
    assertEquals(pk.groupKey().point(), P256.mulG(x).normalize());
    String xHex = HexCodec.encode(P256.encodeScalar(x));
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase();
        assertFalse(text.contains(xHex), f + " holds the trapdoor");
      }
    }

    // the DKG key adapts through the services
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, pk.groupKey(), List.of("m1", "m2"), true);
    l.txs().values().forEach(view::put);
    l.blocks().values().forEach(view::put);
    view.put(l.view().request("req-1").orElseThrow());
    try (RemoteCommittee c = committee.coordinator(2, DEADLINE)) {
      var r = c.batched(l.requestId(), col -> l.redaction(List.of("m1", "m2"), col));
      assertNull(l.verify(r.value(), Map.of(0, pk.groupKey())));
    }
  }

  @Test
  void aSecondDkgForAnExistingKeyIndexIsRefused() throws Exception {
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> new InMemoryLedgerView("lethe"), 64, Duration.ofSeconds(60), null);
    committee.dkg(2, 0, DEADLINE);
    DkgCoordinator.DkgFailedException e =
        assertThrows(DkgCoordinator.DkgFailedException.class, () -> committee.dkg(2, 0, DEADLINE));
    assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    committee.dkg(3, 1, DEADLINE); // the next epoch is fine
    assertEquals(3, committee.keys().get(1).threshold());
  }

  @Test
  void aDkgWithAMemberDownFailsNamingIt() throws Exception {
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> new InMemoryLedgerView("lethe"), 64, Duration.ofSeconds(60), null);
    committee.stop(3);
    DkgCoordinator.DkgFailedException e =
        assertThrows(DkgCoordinator.DkgFailedException.class, () -> committee.dkg(2, 0, DEADLINE));
    assertEquals(3, e.member());
    assertTrue(e.getMessage().contains("member 3 (committee3"), e.getMessage());
  }

  @Test
  void aShareClaimingAnotherSenderIsRefused() throws Exception {
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> new InMemoryLedgerView("lethe"), 64, Duration.ofSeconds(60), null);
    Endpoint two = committee.endpoints().get(1);
    // a committee1 client claims to deliver member 3's share to member 2
    ManagedChannel ch = Grpc.newChannelBuilderForAddress(two.host(), two.port(),
        MutualTls.client(committee.layout().clientIdentity(1, "User1"), committee.trust())).build();
    try {
      DkgDeliverResponse r = CommitteeMemberGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .dkgDeliver(DkgDeliverRequest.newBuilder().setSession("s").setFrom(3).setTo(2)
              .setValue(ByteString.copyFrom(P256.encodeScalar(BigInteger.TEN))).build());
      assertTrue(r.hasProblem());
      assertEquals(Refusal.NOT_AUTHORIZED, r.getProblem().getCode());
      assertTrue(r.getProblem().getMessage().contains("the caller is committee1"), r.getProblem().getMessage());
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void aShareFileOthersCanReadStopsTheService() throws Exception {
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> new InMemoryLedgerView("lethe"), 64, Duration.ofSeconds(60), null);
    committee.dkg(2, 0, DEADLINE);
    committee.close();
    Path share = committee.stateDir(1).resolve("keys/0/share-1.json");
    Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("rw-r--r--"));
    ShareStore store = new ShareStore(committee.stateDir(1), 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, store::load);
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    Files.setPosixFilePermissions(share, PosixFilePermissions.fromString("rw-------"));
    Files.copy(committee.stateDir(2).resolve("keys/0/share-2.json"), committee.stateDir(1).resolve("keys/0/share-2.json"));
    e = assertThrows(IllegalStateException.class, store::load);
    assertTrue(e.getMessage().contains("another member's share"), e.getMessage());
  }

  /** Attacker: another local user reading a member's folder. The DKG leaves it 0700; opened up, the service refuses it. */
  @Test
  void aStateFolderOthersCanEnterStopsTheService() throws Exception {
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> new InMemoryLedgerView("lethe"), 64, Duration.ofSeconds(60), null);
    committee.dkg(2, 0, DEADLINE);
    committee.close();
    for (int i = 1; i <= 3; i++) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(committee.stateDir(i))));
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(committee.stateDir(i).resolve("keys/0/share-" + i + ".json"))));
    }
    Files.setPosixFilePermissions(committee.stateDir(1), PosixFilePermissions.fromString("rwxr-xr-x"));
    IllegalStateException e = assertThrows(IllegalStateException.class, new ShareStore(committee.stateDir(1), 1)::load);
    assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
  }

  @Test
  void aCoordinatorShowingMembersDifferentRoundOnePackagesIsCaughtBeforeAnyShareIsWritten() throws Exception {
    committee = LocalCommittee.start(dir, 3, Map.of(), i -> new InMemoryLedgerView("lethe"), 64, Duration.ofSeconds(60), null);
    List<Endpoint> endpoints = committee.endpoints();
    Map<Integer, ManagedChannel> channels = new java.util.TreeMap<>();
    try {
      for (Endpoint e : endpoints) {
        channels.put(e.member(), Grpc.newChannelBuilderForAddress(e.host(), e.port(),
            MutualTls.client(committee.layout().clientIdentity(1, "User1"), committee.trust())).build());
      }
      java.util.function.IntFunction<CommitteeMemberGrpc.CommitteeMemberBlockingStub> stub =
          i -> CommitteeMemberGrpc.newBlockingStub(channels.get(i)).withDeadlineAfter(10, TimeUnit.SECONDS);
      io.lethe.proto.DkgRound1Request.Builder r1 = io.lethe.proto.DkgRound1Request.newBuilder()
          .setSession("equivocation").setKeyIndex(0).setThreshold(2).setMembers(3);
      endpoints.forEach(e -> r1.addEndpoints(io.lethe.proto.MemberEndpoint.newBuilder()
          .setMember(e.member()).setHost(e.host()).setPort(e.port())));
      List<io.lethe.proto.DkgCommitments> honest = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        honest.add(stub.apply(i).dkgRound1(r1.build()).getPackage());
      }
      // members 2 and 3 are shown another (well-formed) package for member 1
      io.lethe.proto.DkgCommitments forged =
          ProtoCodec.dkgRound1(new io.lethe.chameleon.committee.DkgParticipant(1, 2, 3).round1(RND));
      List<io.lethe.proto.DkgCommitments> other = List.of(forged, honest.get(1), honest.get(2));
      stub.apply(1).dkgRound2(io.lethe.proto.DkgRound2Request.newBuilder().setSession("equivocation").addAllPackages(honest).build());
      stub.apply(2).dkgRound2(io.lethe.proto.DkgRound2Request.newBuilder().setSession("equivocation").addAllPackages(other).build());
      stub.apply(3).dkgRound2(io.lethe.proto.DkgRound2Request.newBuilder().setSession("equivocation").addAllPackages(other).build());
      for (int i = 1; i <= 3; i++) {
        var fin = stub.apply(i).dkgFinish(io.lethe.proto.DkgFinishRequest.newBuilder().setSession("equivocation").build());
        assertTrue(fin.hasProblem(), "member " + i + " finished");
        assertTrue(fin.getProblem().getMessage().contains("equivocated"), fin.getProblem().getMessage());
        assertFalse(Files.exists(committee.stateDir(i).resolve("keys/0/share-" + i + ".json")));
      }
    } finally {
      channels.values().forEach(ManagedChannel::shutdownNow);
    }
  }
}
