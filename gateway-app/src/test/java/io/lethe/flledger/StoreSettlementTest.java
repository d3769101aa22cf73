package io.lethe.flledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.model.Network;
import io.lethe.store.ContentStore;
import io.lethe.store.FileSystemContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped anywhere around its commit leaves the stores settled by the next run: each file
 * where it belongs (the current version's in live, the superseded one's in the archive only),
 * nothing lost, nothing doubled, the staging entry gone; a second pass changes nothing.
 */
class StoreSettlementTest {
  @TempDir Path dir;
  private ContentStore live;
  private ContentStore archive;
  private PreparedRewrites staging;
  private FixedPointModel oldModel;
  private FixedPointModel newModel;

  @BeforeEach
  void setUp() throws IOException {
    live = new FileSystemContentStore(dir.resolve("store/live"));
    archive = new FileSystemContentStore(dir.resolve("store/archive"));
    staging = new PreparedRewrites(new FlNetwork(dir.resolve("net")), "r1");
    oldModel = FixedPointModel.of(Network.create("mlp-tiny", 3));
    newModel = FixedPointModel.of(Network.create("mlp-tiny", 4));
  }

  private StoreSettlement.Committed committed() {
    return new StoreSettlement.Committed("u04", 1, oldModel.cid(), oldModel.zkDigestHex(), 2, 2, newModel.cid());
  }

  private void stage() throws IOException {
    staging.put(new PreparedRewrites.Entry("u04", 1, oldModel.zkDigestHex(), newModel.cid(), newModel.zkDigestHex(), 0.5,
        null, UnlearningRun.ModelProof.NONE, null), newModel.file());
  }

  private StoreSettlement.Settled settle() throws IOException {
    return StoreSettlement.settle(List.of(committed()), live, archive, staging);
  }

  private static TreeSet<String> files(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private void assertSettled() throws IOException {
    assertEquals(new TreeSet<>(List.of(newModel.cid())), files(dir.resolve("store/live")), "live: the current file only");
    assertEquals(new TreeSet<>(List.of(oldModel.cid())), files(dir.resolve("store/archive")), "archive: the superseded file");
    assertTrue(staging.find("u04", 1, oldModel.zkDigestHex()).isEmpty(), "the staging entry is gone");
    assertFalse(settle().any(), "a second pass changes nothing");
  }

  @Test
  void killedBetweenCommitAndMoveMovesTheSupersededFile() throws IOException {
    stage();
    live.put(oldModel.file());
    live.put(newModel.file());
    StoreSettlement.Settled s = settle();
    assertEquals(new StoreSettlement.Settled(1, 0, 1), s);
    assertSettled();
  }

  @Test
  void killedBetweenArchivePutAndLiveDeleteLeavesOneCopyInTheArchive() throws IOException {
    stage();
    live.put(oldModel.file());
    archive.put(oldModel.file());
    live.put(newModel.file());
    assertEquals(new StoreSettlement.Settled(1, 0, 1), settle());
    assertSettled();
  }

  @Test
  void aCommitTakenForAFailureGetsItsNewFileBackFromStaging() throws IOException {
    // the run saw its commit fail (status lost) and took the new file out of the live store
    stage();
    live.put(oldModel.file());
    assertEquals(new StoreSettlement.Settled(1, 1, 1), settle());
    assertSettled();
  }

  @Test
  void killedAfterTheMoveOnlyDropsTheStagingEntry() throws IOException {
    stage();
    archive.put(oldModel.file());
    live.put(newModel.file());
    assertEquals(new StoreSettlement.Settled(0, 0, 1), settle());
    assertSettled();
  }

  @Test
  void aNewFileLostEverywhereIsReportedAndNothingMoves() throws IOException {
    live.put(oldModel.file());
    IOException e = assertThrows(IOException.class, this::settle);
    assertTrue(e.getMessage().contains("neither in the live store nor in the staging area"), e.getMessage());
    assertEquals(new TreeSet<>(List.of(oldModel.cid())), files(dir.resolve("store/live")));
    assertTrue(files(dir.resolve("store/archive")).isEmpty());
  }

  @Test
  void aStagedFileOfOtherWeightsIsNotRestoredUnderTheLedgersCid() throws IOException {
    // a forger (or a stale entry) stages other weights for the committed version: not put in live
    FixedPointModel other = FixedPointModel.of(Network.create("mlp-tiny", 5));
    staging.put(new PreparedRewrites.Entry("u04", 1, oldModel.zkDigestHex(), other.cid(), other.zkDigestHex(), 0.5, null,
        UnlearningRun.ModelProof.NONE, null), other.file());
    live.put(oldModel.file());
    assertThrows(IOException.class, this::settle);
    assertFalse(live.contains(other.cid()));
    assertFalse(live.contains(newModel.cid()));
  }

  @Test
  void aVersionRewrittenAgainLaterIsNotRestored() throws IOException {
    // u04 is at version 3 now (another request): version 2's file belongs to the archive, not live
    archive.put(oldModel.file());
    StoreSettlement.Settled s = StoreSettlement.settle(
        List.of(new StoreSettlement.Committed("u04", 1, oldModel.cid(), oldModel.zkDigestHex(), 2, 3, "bafy-v3")),
        live, archive, staging);
    assertEquals(new StoreSettlement.Settled(0, 0, 0), s);
    assertTrue(files(dir.resolve("store/live")).isEmpty());
  }
}
