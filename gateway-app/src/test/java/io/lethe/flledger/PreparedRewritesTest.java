package io.lethe.flledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.model.Network;
import io.lethe.ledger.Inputs.ChunkProof;
import io.lethe.ledger.Inputs.ProofBundle;
import io.lethe.zk.FisherDigest;
import io.lethe.zk.ObsFisher;
import io.lethe.zk.ObsMask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging area resumes an update only for the version it was computed from, and only intact. */
class PreparedRewritesTest {
  @TempDir Path dir;

  private static final String OLD_DIGEST = "ab".repeat(32);

  private PreparedRewrites.Entry entry(FixedPointModel m) {
    ProofBundle bundle = new ProofBundle("delta", (long) m.raws().length, List.of("01"), List.of("02"), List.of("03"),
        List.of(new ChunkProof(0, "cHJvb2Y=")));
    return new PreparedRewrites.Entry("u01a", 2, OLD_DIGEST, m.cid(), m.zkDigestHex(), 1.5, bundle,
        new UnlearningRun.ModelProof("delta", 1, 0, 3.0), null);
  }

  @Test
  void anEntryComesBackForTheVersionItWasComputedFrom() throws Exception {
    FixedPointModel m = FixedPointModel.of(Network.create("mlp-tiny", 3));
    PreparedRewrites staging = new PreparedRewrites(new FlNetwork(dir), "req-1");
    staging.put(entry(m), m.file());
    PreparedRewrites.Prepared p = staging.find("u01a", 2, OLD_DIGEST).orElseThrow();
    assertArrayEquals(m.raws(), p.model().raws());
    assertEquals("delta", p.entry().bundle().kind());
    assertEquals(3.0, p.entry().proof().seconds());
  }

  @Test
  void aZeroShotProofIsStagedUnderTheMaskAndFisherItUsed() {
    ObsMask mask = new ObsMask(100, new int[] {5}, new int[] {});
    long[] identity = new long[FisherDigest.ENTRIES];
    for (int r = 0; r < FisherDigest.BLOCK; r++) {
      identity[FisherDigest.upper(r, r)] = 1L << 16;
    }
    long[] doubled = java.util.Arrays.stream(identity).map(v -> 2 * v).toArray();
    ObsFisher h = new ObsFisher(new java.util.TreeMap<>(java.util.Map.of(0, identity)));
    String statement = UnlearningRun.obsStatement(new ProviderMasks.Statement(mask, h));
    assertEquals(statement, UnlearningRun.obsStatement(new ProviderMasks.Statement(ObsMask.parse(mask.encode()),
        ObsFisher.parse(h.encode()))));
    // 2·H gives the same W′ (OBS is scale-invariant) but another committed H: not the same statement
    assertNotEquals(statement, UnlearningRun.obsStatement(new ProviderMasks.Statement(mask,
        new ObsFisher(new java.util.TreeMap<>(java.util.Map.of(0, doubled))))));
    assertNotEquals(statement, UnlearningRun.obsStatement(new ProviderMasks.Statement(
        new ObsMask(100, new int[] {6}, new int[] {}), h)));
  }

  @Test
  void theStatementComesBackWithTheEntry() throws Exception {
    FixedPointModel m = FixedPointModel.of(Network.create("mlp-tiny", 3));
    PreparedRewrites staging = new PreparedRewrites(new FlNetwork(dir), "req-1");
    PreparedRewrites.Entry e = entry(m);
    staging.put(new PreparedRewrites.Entry(e.model(), e.fromVersion(), e.oldZkDigest(), e.newCid(), e.newZkDigest(),
        e.unlearningSeconds(), e.bundle(), e.proof(), "obs:12"), m.file());
    assertEquals("obs:12", staging.find("u01a", 2, OLD_DIGEST).orElseThrow().entry().statement());
  }

  @Test
  void anotherVersionOrDigestFindsNothing() throws Exception {
    FixedPointModel m = FixedPointModel.of(Network.create("mlp-tiny", 3));
    PreparedRewrites staging = new PreparedRewrites(new FlNetwork(dir), "req-1");
    staging.put(entry(m), m.file());
    assertTrue(staging.find("u01a", 3, OLD_DIGEST).isEmpty(), "a later version of the model");
    assertTrue(staging.find("u01a", 2, "cd".repeat(32)).isEmpty(), "the ledger's digest changed");
    assertTrue(new PreparedRewrites(new FlNetwork(dir), "req-2").find("u01a", 2, OLD_DIGEST).isEmpty(),
        "another request");
  }

  @Test
  void aDamagedFileOrRecordIsNotResumed() throws Exception {
    FixedPointModel m = FixedPointModel.of(Network.create("mlp-tiny", 3));
    PreparedRewrites staging = new PreparedRewrites(new FlNetwork(dir), "req-1");
    staging.put(entry(m), m.file());
    Path runs = dir.resolve("fl/runs/req-1");
    byte[] file = Files.readAllBytes(runs.resolve("u01a-v2.model"));
    file[file.length - 1] ^= 1;
    Files.write(runs.resolve("u01a-v2.model"), file);
    assertTrue(staging.find("u01a", 2, OLD_DIGEST).isEmpty(), "a file that no longer hashes to its CID");
    staging.put(entry(m), m.file());
    Files.writeString(runs.resolve("u01a-v2.json"), "{not json");
    assertTrue(staging.find("u01a", 2, OLD_DIGEST).isEmpty(), "a damaged record");
  }

  @Test
  void aCommittedRewriteLeavesNothingBehind() throws Exception {
    FixedPointModel m = FixedPointModel.of(Network.create("mlp-tiny", 3));
    PreparedRewrites staging = new PreparedRewrites(new FlNetwork(dir), "req-1");
    staging.put(entry(m), m.file());
    staging.remove("u01a", 2);
    assertTrue(staging.find("u01a", 2, OLD_DIGEST).isEmpty());
    try (var files = Files.list(dir.resolve("fl/runs/req-1"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aRequestIdThatCannotNameAFolderIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PreparedRewrites(new FlNetwork(dir), "../../etc"));
  }
}
