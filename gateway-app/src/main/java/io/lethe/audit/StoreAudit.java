package io.lethe.audit;

import io.lethe.store.ContentStore;
import io.lethe.store.UnixFsCid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Check {@code stores}: every file the request superseded is gone from the live store and in
 * the archive store, every file it wrote is in the live store, and each file present re-hashes
 * to its CID ({@link UnixFsCid}, the same code as {@code lethe model cid}).
 */
public final class StoreAudit {
  public static final String NAME = "stores";

  private StoreAudit() {}

  /** A file the request touched: its model and version, CID, which store must hold it, what was found. */
  public record StoreFile(String model, long version, String cid, String role, boolean inLive, boolean inArchive,
      String rehash, String problem) {}

  public record Evidence(List<StoreFile> files) {}

  /** A model version whose file to check. */
  public record Version(String model, long version, String cid) {}

  public static CheckResult check(List<Version> superseded, List<Version> current, ContentStore live,
      ContentStore archive) {
    List<StoreFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Version v : superseded) {
      StoreFile f = inspect(v, "superseded", live, archive);
      files.add(f);
      if (f.problem() != null) {
        problems.add(f.problem());
      }
    }
    for (Version v : current) {
      StoreFile f = inspect(v, "current", live, archive);
      files.add(f);
      if (f.problem() != null) {
        problems.add(f.problem());
      }
    }
    Evidence ev = new Evidence(files);
    if (!problems.isEmpty()) {
      return CheckResult.fail(NAME, String.join("; ", problems), ev);
    }
    return CheckResult.pass(NAME, superseded.size() + " superseded file(s) only in the archive store, " + current.size()
        + " current file(s) in the live store, each re-hashed to its CID", ev);
  }

  private static StoreFile inspect(Version v, String role, ContentStore live, ContentStore archive) {
    String where = v.model() + " v" + v.version() + " (" + v.cid() + ")";
    boolean inLive;
    boolean inArchive;
    try {
      inLive = live.contains(v.cid());
      inArchive = archive.contains(v.cid());
    } catch (IOException | RuntimeException e) {
      return new StoreFile(v.model(), v.version(), v.cid(), role, false, false, null, where + ": store unreadable: " + e);
    }
    boolean superseded = "superseded".equals(role);
    String problem = null;
    if (superseded && inLive) {
      problem = "superseded file of " + where + " is still in the live store";
    } else if (superseded && !inArchive) {
      problem = "superseded file of " + where + " is not in the archive store";
    } else if (!superseded && !inLive) {
      problem = "current file of " + where + " is not in the live store";
    }
    ContentStore home = superseded ? archive : live;
    String rehash = null;
    if (superseded ? inArchive : inLive) {
      rehash = rehash(home, v.cid());
      if (!v.cid().equals(rehash) && problem == null) {
        problem = (superseded ? "archive" : "live") + " store file of " + where + " does not hash to its CID ("
            + rehash + ")";
      }
    }
    return new StoreFile(v.model(), v.version(), v.cid(), role, inLive, inArchive, rehash, problem);
  }

  /** The CID of the bytes the store holds under {@code cid}, or a description of why there are none. */
  private static String rehash(ContentStore store, String cid) {
    try {
      Optional<byte[]> bytes = RawRead.of(store, cid);
      return bytes.map(UnixFsCid::of).orElse("missing");
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
