package io.lethe.committee;

import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Records.KeyEpoch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * INSECURE, offline/development only: a committee's key files in one folder ({@code public.json},
 * {@code share-<i>.json}, as written by {@link CommitteeKeys}), used in this process to compute
 * collisions. Whoever reads the folder holds the trapdoor; the product runs the committee as
 * member services ({@code lethe committee serve}, one share each) instead.
 */
public final class CommitteeFiles {
  private final Path dir;
  private final CommitteePublicKey publicKey;
  private final List<KeyShare> shares;

  private CommitteeFiles(Path dir, CommitteePublicKey publicKey, List<KeyShare> shares) {
    this.dir = dir;
    this.publicKey = publicKey;
    this.shares = shares;
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("public.json"));
  }

  /** Deals a fresh t-of-n committee and writes its files (refuses to overwrite). */
  public static CommitteeFiles deal(Path dir, int threshold, int members, SecureRandom rnd) {
    if (exists(dir)) {
      throw new IllegalStateException("committee key files already exist in " + dir);
    }
    try {
      CommitteeKeys.write(dir, Dealer.deal(threshold, members, rnd));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write committee key files to " + dir + ": " + e.getMessage(), e);
    }
    return load(dir);
  }

  /** The files in {@code dir}, or a fresh 2-of-3 committee dealt there if it holds none. */
  public static CommitteeFiles loadOrDeal(Path dir, SecureRandom rnd) {
    return exists(dir) ? load(dir) : deal(dir, 2, 3, rnd);
  }

  public static CommitteeFiles load(Path dir) {
    if (!exists(dir)) {
      throw new IllegalStateException("no committee key files in " + dir);
    }
    try {
      CommitteePublicKey pk = CommitteeKeys.readPublic(dir.resolve("public.json"));
      List<KeyShare> shares = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.getFileName().toString().matches("share-\\d+\\.json")).sorted().toList()) {
          KeyShare s = CommitteeKeys.readShare(f);
          pk.verifyShare(s);
          shares.add(s);
        }
      }
      return new CommitteeFiles(dir, pk, shares);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read committee key files in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public CommitteePublicKey publicKey() {
    return publicKey;
  }

  /**
   * Collisions by the first {@code threshold} members holding a share (FROST-style, in process),
   * for targets hashed under a key index whose key on the ledger ({@code ledgerEpochs}) is this
   * folder's key. The folder holds one key: after a rotation, the models of the other epoch are
   * refused with an error naming the key index (a collision under the wrong key would only be
   * refused later by the chaincode, with no hint why).
   */
  public LedgerRequests.Collider collider(SecureRandom rnd, List<KeyEpoch> ledgerEpochs) {
    List<KeyShare> signers = shares.subList(0, Math.min(shares.size(), publicKey.threshold()));
    String mine = publicKey.groupKey().toHex();
    Map<Integer, String> ledgerKeys = new HashMap<>();
    ledgerEpochs.forEach(e -> ledgerKeys.put(e.index(), e.publicKey()));
    return (keyIndex, ctx, c, msg) -> {
      String onLedger = ledgerKeys.get(keyIndex);
      if (onLedger == null || !onLedger.equalsIgnoreCase(mine)) {
        throw new IllegalStateException("the share files in " + dir + " hold committee key " + mine
            + ", but this target was hashed under key index " + keyIndex + " ("
            + (onLedger == null ? "unknown to the ledger" : "ledger key " + onLedger)
            + "); use the committee member services, which keep a share per key index");
      }
      if (signers.size() < publicKey.threshold()) {
        throw new IllegalStateException(dir + " holds " + signers.size() + " shares, " + publicKey.threshold() + " are needed");
      }
      return InProcessCommittee.adapt(publicKey, signers, ctx, c, msg, rnd).randomness();
    };
  }
}
