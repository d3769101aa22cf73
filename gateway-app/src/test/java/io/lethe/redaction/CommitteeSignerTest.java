package io.lethe.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.committee.CommitteeFiles;
import io.lethe.committee.CommitteeKeys;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.committee.service.LocalCommittee;
import io.lethe.committee.service.MemberFault;
import io.lethe.committee.service.SyntheticLedger;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.Records.KeyEpoch;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where redactions get their collisions: the member services (product) or one folder of shares (offline/dev). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitteeSignerTest {
  private static final SecureRandom RND = new SecureRandom();
  @TempDir Path dir;

  private static KeyEpoch epoch(int index, ChameleonPublicKey pk) {
    return new KeyEpoch(index, pk.toHex(), 1L, "tx" + index, "Committee1MSP,Committee2MSP", index == 0 ? "initial" : "rotation");
  }

  /** A rotated ledger: "old" hashed under key index 0, "new" under 1, both in the request's cascade. */
  private static SyntheticLedger rotated(Dealer.Dealt k0, Dealer.Dealt k1) {
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, k0.publicKey().groupKey(), List.of("old"), true);
    l.addBlock(1, k1.publicKey().groupKey(), List.of("new"), true);
    return l;
  }

  @Test
  void servicesRedactBothKeyEpochsAfterARotationAndNameAMemberLeftOut() throws Exception {
    Dealer.Dealt k0 = Dealer.deal(2, 3, RND);
    Dealer.Dealt k1 = Dealer.deal(2, 3, RND);
    SyntheticLedger l = rotated(k0, k1);
    try (LocalCommittee c = LocalCommittee.start(dir, 3, Map.of(0, k0, 1, k1), i -> l.view(), 64, Duration.ofSeconds(60), null)) {
      c.stop(3);
      List<MemberFault> leftOut = new ArrayList<>();
      try (CommitteeSigner s = CommitteeSigner.services(c.coordinator(2, Duration.ofSeconds(5)), leftOut::add)) {
        Inputs.Redaction r = s.collide(l.requestId(), col -> l.redaction(List.of("old", "new"), col));
        assertNull(l.verify(r, Map.of(0, k0.publicKey().groupKey(), 1, k1.publicKey().groupKey())));
        assertEquals("services", s.kind());
      }
      assertEquals(1, leftOut.size());
      assertEquals(3, leftOut.get(0).member());
      assertEquals(MemberFault.Kind.DOWN, leftOut.get(0).kind());
    }
  }

  @Test
  void servicesWithTwoMembersDownRefuseNamingBoth() throws Exception {
    Dealer.Dealt k0 = Dealer.deal(2, 3, RND);
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, k0.publicKey().groupKey(), List.of("m1"), true);
    try (LocalCommittee c = LocalCommittee.start(dir, 3, Map.of(0, k0), i -> l.view(), 64, Duration.ofSeconds(60), null)) {
      c.stop(1);
      c.stop(3);
      try (CommitteeSigner s = CommitteeSigner.services(c.coordinator(2, Duration.ofSeconds(5)), f -> {})) {
        CommitteeUnavailableException e = assertThrows(CommitteeUnavailableException.class,
            () -> s.collide(l.requestId(), col -> l.redaction(List.of("m1"), col)));
        assertEquals(List.of(1, 3), e.missingMembers());
      }
    }
  }

  /**
   * The folder-of-shares path after a rotation (the key-index bug): its key is epoch 0's, so the
   * old model is still redacted; a target under epoch 1 is refused naming the key index, instead
   * of a collision under the wrong key.
   */
  @Test
  void shareFilesRedactTheirOwnEpochAndRefuseAnotherNamingTheKeyIndex() throws Exception {
    Dealer.Dealt k0 = Dealer.deal(2, 3, RND);
    Dealer.Dealt k1 = Dealer.deal(2, 3, RND);
    CommitteeKeys.write(dir, k0);
    SyntheticLedger l = rotated(k0, k1);
    List<KeyEpoch> epochs = List.of(epoch(0, k0.publicKey().groupKey()), epoch(1, k1.publicKey().groupKey()));
    try (CommitteeSigner s = CommitteeSigner.insecureShareFiles(CommitteeFiles.load(dir), epochs, RND)) {
      Inputs.Redaction r = s.collide(l.requestId(), col -> l.redaction(List.of("old"), col));
      assertNull(l.verify(r, Map.of(0, k0.publicKey().groupKey(), 1, k1.publicKey().groupKey())));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> s.collide(l.requestId(), col -> l.redaction(List.of("new"), col)));
      assertTrue(e.getMessage().contains("key index 1") && e.getMessage().contains("member services"), e.getMessage());
      assertEquals("insecure-share-files", s.kind());
    }
  }

  @Test
  void shareFilesRefuseAKeyIndexTheLedgerDoesNotKnow() throws Exception {
    Dealer.Dealt k0 = Dealer.deal(2, 3, RND);
    CommitteeKeys.write(dir, k0);
    SyntheticLedger l = new SyntheticLedger("lethe", "req-1", RND);
    l.addBlock(0, k0.publicKey().groupKey(), List.of("m1"), true);
    try (CommitteeSigner s = CommitteeSigner.insecureShareFiles(CommitteeFiles.load(dir), List.of(), RND)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> s.collide(l.requestId(), col -> l.redaction(List.of("m1"), col)));
      assertTrue(e.getMessage().contains("unknown to the ledger"), e.getMessage());
    }
  }
}
