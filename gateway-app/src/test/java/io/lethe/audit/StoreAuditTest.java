package io.lethe.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.store.FileSystemContentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stores check: superseded files only in the archive, current ones in the live store, bytes = CID. */
class StoreAuditTest {
  @TempDir Path tmp;
  private FileSystemContentStore live;
  private FileSystemContentStore archive;
  private String oldCid;
  private String newCid;

  @BeforeEach
  void setUp() throws Exception {
    live = new FileSystemContentStore(tmp.resolve("live"));
    archive = new FileSystemContentStore(tmp.resolve("archive"));
    oldCid = archive.put("old weights".getBytes(StandardCharsets.UTF_8));
    newCid = live.put("new weights".getBytes(StandardCharsets.UTF_8));
  }

  private CheckResult check() {
    return StoreAudit.check(List.of(new StoreAudit.Version("m", 0, oldCid)), List.of(new StoreAudit.Version("m", 1, newCid)),
        live, archive);
  }

  @Test
  void settledStoresPass() {
    assertEquals(Verdict.PASS, check().verdict(), check().reason());
  }

  @Test
  void supersededFileLeftInTheLiveStoreFails() throws Exception {
    live.put("old weights".getBytes(StandardCharsets.UTF_8));
    CheckResult r = check();
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("still in the live store"), r.reason());
  }

  @Test
  void supersededFileMissingFromTheArchiveFails() throws Exception {
    archive.delete(oldCid);
    CheckResult r = check();
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("not in the archive store"), r.reason());
  }

  @Test
  void fileWhoseBytesNoLongerMatchItsCidFails() throws Exception {
    Files.writeString(tmp.resolve("archive").resolve(oldCid), "old weightz");
    CheckResult r = check();
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("does not hash to its CID"), r.reason());
    Files.writeString(tmp.resolve("archive").resolve(oldCid), "old weights");
    Files.writeString(tmp.resolve("live").resolve(newCid), "new weightz");
    r = check();
    assertEquals(Verdict.FAIL, r.verdict());
    assertTrue(r.reason().contains("live store file of m v1"), r.reason());
  }
}
