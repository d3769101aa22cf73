package io.lethe.committee.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.chameleon.committee.Dealer;
import io.lethe.committee.CommitteeKeys;
import io.lethe.ledger.Records.KeyEpoch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorKeysTest {
  @TempDir Path dir;

  @Test
  void keysAreLoadedByIndexAndPinnedToTheLedger() throws Exception {
    SecureRandom rnd = new SecureRandom();
    Dealer.Dealt k0 = Dealer.deal(2, 3, rnd);
    Dealer.Dealt k1 = Dealer.deal(2, 3, rnd);
    Files.writeString(dir.resolve("public-0.json"), CommitteeKeys.publicJson(k0.publicKey()).toString());
    Files.writeString(dir.resolve("public-1.json"), CommitteeKeys.publicJson(k1.publicKey()).toString());
    var keys = CoordinatorKeys.load(dir);
    assertEquals(List.of(0, 1), List.copyOf(keys.keySet()));
    var ledger = List.of(new KeyEpoch(0, k0.publicKey().groupKey().toHex(), 1, "t0", "a", "initial"));
    assertEquals(List.of(0), List.copyOf(CoordinatorKeys.pinned(keys, ledger).keySet()));
    var wrong = List.of(new KeyEpoch(0, k1.publicKey().groupKey().toHex(), 1, "t0", "a", "initial"));
    assertThrows(IllegalArgumentException.class, () -> CoordinatorKeys.pinned(keys, wrong));
  }
}
