package io.lethe.cli;

import io.lethe.committee.CommitteeFiles;
import io.lethe.fabric.ProfileLocator;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/** Mixin {@code --committee-dir DIR}: where the committee's key files are. */
final class CommitteeDirOption {
  @Option(names = "--committee-dir", paramLabel = "DIR",
      description = "Committee key files (default: $LETHE_COMMITTEE_DIR, else committee/ next to the connection profile).")
  Path dir;

  Path resolve() {
    if (dir != null) {
      return dir;
    }
    String env = System.getenv("LETHE_COMMITTEE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return ProfileLocator.locate(null, System.getenv(), System.getProperty("lethe.root"), Path.of(""))
        .getParent()
        .resolve("committee");
  }

  CommitteeFiles load() {
    Path d = resolve();
    if (!CommitteeFiles.exists(d)) {
      throw new UserError("no committee key files in " + d + " (create them with `lethe ledger committee init`)");
    }
    return CommitteeFiles.load(d);
  }

  CommitteeFiles loadOrDeal(SecureRandom rnd) {
    return CommitteeFiles.loadOrDeal(resolve(), rnd);
  }
}
