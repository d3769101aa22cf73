package io.lethe.committee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.chameleon.ChameleonHash;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.SeededRandom;
import io.lethe.chameleon.committee.CommitteeMember;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.chameleon.committee.Lagrange;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitteeKeysTest {
  private final SeededRandom rnd = new SeededRandom("CommitteeKeysTest");
  @TempDir Path dir;

  @Test
  void keyFilesRoundTripOneSharePerFile() throws Exception {
    Dealer.Dealt dealt = Dealer.deal(3, 5, rnd);
    List<Path> files = CommitteeKeys.write(dir, dealt);
    assertEquals(6, files.size());
    CommitteePublicKey pk = CommitteeKeys.readPublic(dir.resolve("public.json"));
    assertEquals(dealt.publicKey().groupKey(), pk.groupKey());
    assertEquals(3, pk.threshold());
    assertEquals(5, pk.members());
    assertEquals(3, pk.commitments().size());
    List<KeyShare> shares = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      Path f = dir.resolve("share-" + i + ".json");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      String text = Files.readString(f);
      for (int j = 1; j <= 5; j++) { // no other member's secret in this file
        if (j != i) {
          assertTrue(!text.contains(HexCodec.encode(dealt.shares().get(j - 1).shareBytes())));
        }
      }
      KeyShare s = CommitteeKeys.readShare(f);
      pk.verifyShare(s);
      shares.add(s);
    }
    byte[] ctx = {1, 2, 3};
    ChameleonHash.Hashed h = ChameleonHash.hash(pk.groupKey(), ctx, new byte[] {9}, rnd);
    var res = InProcessCommittee.adapt(pk, shares.subList(2, 5), ctx, h.c(), new byte[] {8}, rnd);
    assertTrue(ChameleonHash.verify(pk.groupKey(), ctx, new byte[] {8}, h.c(), res.randomness()).valid());

    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(dir.resolve("public.json").toFile());
    assertEquals(List.of("scheme", "Y", "threshold", "members", "memberKeys", "commitments"),
        iterable(json.fieldNames()));
    assertEquals(List.of("1", "2", "3", "4", "5"), iterable(json.get("memberKeys").fieldNames()));
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void feldmanCheckCatchesABadDealerShare() {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    KeyShare good = dealt.shares().get(1);
    KeyShare bad = new KeyShare(2, new BigInteger(1, good.shareBytes()).add(BigInteger.ONE), good.groupKey(), 2, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> dealt.publicKey().verifyShare(bad));
    assertTrue(e.getMessage().contains("member 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CommitteeMember(dealt.publicKey(), bad));
  }

  @Test
  void feldmanCheckCatchesMemberKeysInconsistentWithCommitments() {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    CommitteePublicKey pk = dealt.publicKey();
    Map<Integer, ECPoint> keys = new java.util.TreeMap<>(pk.memberKeys());
    keys.put(3, P256.mulG(BigInteger.valueOf(42)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> new CommitteePublicKey(pk.groupKey(), 2, 3, keys, pk.commitments()));
    assertTrue(e.getMessage().contains("member 3"), e.getMessage());
  }

  @Test
  void dealtSharesInterpolateToTheTrapdoor() {
    for (int t = 1; t <= 5; t++) {
      Dealer.Dealt dealt = Dealer.deal(t, 5, rnd);
      List<Integer> ids = new ArrayList<>();
      for (int i = 1; i <= t; i++) {
        ids.add(i + (5 - t)); // the last t members
      }
      BigInteger x = BigInteger.ZERO;
      for (int i : ids) {
        x = x.add(new BigInteger(1, dealt.shares().get(i - 1).shareBytes()).multiply(Lagrange.coefficient(i, ids)));
      }
      assertEquals(dealt.publicKey().groupKey().point(), P256.mulG(x.mod(P256.N)));
    }
  }

  @Test
  void malformedFilesAreRejectedWithTheReason() throws Exception {
    Dealer.Dealt dealt = Dealer.deal(2, 3, rnd);
    CommitteeKeys.write(dir, dealt);
    ObjectMapper om = new ObjectMapper();
    ObjectNode share = (ObjectNode) om.readTree(dir.resolve("share-1.json").toFile());
    share.put("memberKey", HexCodec.encode(P256.encodePoint(P256.mulG(BigInteger.TWO))));
    Path bad = dir.resolve("bad.json");
    om.writeValue(bad.toFile(), share);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommitteeKeys.readShare(bad));
    assertTrue(e.getMessage().contains("memberKey"), e.getMessage());
    ObjectNode pub = (ObjectNode) om.readTree(dir.resolve("public.json").toFile());
    pub.put("threshold", 5);
    om.writeValue(bad.toFile(), pub);
    assertThrows(IllegalArgumentException.class, () -> CommitteeKeys.readPublic(bad));
  }
}
