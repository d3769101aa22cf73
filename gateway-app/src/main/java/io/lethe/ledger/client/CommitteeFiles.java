package io.lethe.ledger.client;

import io.lethe.chameleon.Randomness;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.InProcessCommittee;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.cli.UserError;
import io.lethe.committee.CommitteeKeys;
import io.lethe.ledger.LedgerRequests;
import io.lethe.network.ProfileLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committee's key files ({@code public.json}, {@code share-<i>.json}, as written by
 * {@code lethe ch keygen}) used in-process to compute collisions. Default folder:
 * {@code $LETHE_COMMITTEE_DIR}, else {@code committee/} next to the connection profile.
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

  public static Path defaultDir(Path explicit) {
    if (explicit != null) {
      return explicit;
    }
    String env = System.getenv("LETHE_COMMITTEE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return ProfileLocator.locate(null, System.getenv(), System.getProperty("lethe.root"), Path.of(""))
        .getParent()
        .resolve("committee");
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("public.json"));
  }

  /** Deals a fresh t-of-n committee and writes its files (refuses to overwrite). */
  public static CommitteeFiles deal(Path dir, int threshold, int members, SecureRandom rnd) {
    if (exists(dir)) {
      throw new UserError("committee key files already exist in " + dir);
    }
    try {
      CommitteeKeys.write(dir, Dealer.deal(threshold, members, rnd));
    } catch (IOException e) {
      throw new UserError("cannot write committee key files to " + dir + ": " + e.getMessage(), e);
    }
    return load(dir);
  }

  public static CommitteeFiles load(Path dir) {
    if (!exists(dir)) {
      throw new UserError("no committee key files in " + dir + " (create them with `lethe ledger committee init`)");
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
      throw new UserError("cannot read committee key files in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public CommitteePublicKey publicKey() {
    return publicKey;
  }

  /** Collisions by the first {@code threshold} members holding a share (FROST-style, in process). */
  public LedgerRequests.Collider collider(SecureRandom rnd) {
    List<KeyShare> signers = shares.subList(0, Math.min(shares.size(), publicKey.threshold()));
    return (keyIndex, ctx, c, msg) -> {
      Randomness r = InProcessCommittee.adapt(publicKey, signers, ctx, c, msg, rnd).randomness();
      return r;
    };
  }
}
