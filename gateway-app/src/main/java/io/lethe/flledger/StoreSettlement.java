package io.lethe.flledger;

import io.lethe.store.ContentStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Finishes the store side of rewrites the ledger committed under a request, whatever point a run
 * stopped at (a crash, a SIGKILL, a lost commit status): for each committed rewrite
 * <ul>
 *   <li>the new version's file back in the live store when it is missing there — a run that saw its
 *       commit fail, although the transaction did commit, took it out — from the staging area, where
 *       it waits until the run records the commit;</li>
 *   <li>the superseded file in the archive store and out of the live store (a run stopped between
 *       its commit and the move);</li>
 *   <li>the staging entry dropped (a run stopped before it recorded the commit).</li>
 * </ul>
 * Idempotent: a second pass over a settled request changes nothing.
 */
public final class StoreSettlement {
  /**
   * One rewrite the ledger committed: model {@code id} from {@code fromVersion} (its file
   * {@code oldUri}, digest {@code oldZkDigest}, archived) to {@code toVersion}; {@code currentVersion}
   * and {@code currentUri}: what the live ledger names now.
   */
  public record Committed(String id, long fromVersion, String oldUri, String oldZkDigest, long toVersion,
      long currentVersion, String currentUri) {}

  /** What a pass did: files moved live → archive, new files restored to live, staging entries dropped. */
  public record Settled(int moved, int restored, int stagingDropped) {
    public boolean any() {
      return moved + restored + stagingDropped > 0;
    }
  }

  private StoreSettlement() {}

  public static Settled settle(List<Committed> committed, ContentStore live, ContentStore archive, PreparedRewrites staging)
      throws IOException {
    int moved = 0;
    int restored = 0;
    int dropped = 0;
    for (Committed c : committed) {
      Optional<PreparedRewrites.Prepared> staged = staging.find(c.id(), c.fromVersion(), c.oldZkDigest());
      if (c.currentVersion() == c.toVersion() && !live.contains(c.currentUri())) {
        if (staged.isEmpty() || !staged.get().entry().newCid().equals(c.currentUri())) {
          throw new IOException(c.id() + " version " + c.toVersion() + ": its file " + c.currentUri()
              + " is neither in the live store nor in the staging area");
        }
        String cid = live.put(staged.get().model().file());
        if (!cid.equals(c.currentUri())) {
          throw new IOException("the live store named " + c.id() + "'s file " + cid + ", the ledger " + c.currentUri());
        }
        restored++;
      }
      if (!c.oldUri().equals(c.currentUri()) && live.contains(c.oldUri())) {
        byte[] file = live.get(c.oldUri()).orElseThrow();
        if (!archive.put(file).equals(c.oldUri())) {
          throw new IOException("the archive store named " + c.id() + "'s superseded file differently from " + c.oldUri());
        }
        if (live.delete(c.oldUri())) {
          moved++;
        }
      }
      if (staged.isPresent()) {
        staging.remove(c.id(), c.fromVersion());
        dropped++;
      }
    }
    return new Settled(moved, restored, dropped);
  }
}
