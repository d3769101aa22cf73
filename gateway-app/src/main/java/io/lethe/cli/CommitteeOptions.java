package io.lethe.cli;

import io.lethe.committee.CommitteeFiles;
import io.lethe.committee.service.CommitteeServices;
import io.lethe.committee.service.RemoteCommittee;
import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.fabric.LedgerClient;
import io.lethe.fabric.ProfileLocator;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.KeyEpoch;
import io.lethe.redaction.CommitteeSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Mixin: where a redaction's collisions come from. By default the committee member services that
 * {@code network.sh up} runs ({@code lethe committee serve}, one share each, ports base+351..353
 * with the base from the connection profile); {@code --insecure-share-files} computes them in
 * this process from every share of {@code --committee-dir} (offline/dev only).
 */
final class CommitteeOptions {
  static final String INSECURE = "--insecure-share-files";

  @Option(names = INSECURE,
      description = "INSECURE, offline/dev only: compute collisions in this process from every share file in "
          + "--committee-dir (whoever reads that folder holds the trapdoor; no member validates anything). "
          + "Default: the committee member services that network.sh runs.")
  boolean insecureShareFiles;

  @Option(names = "--committee-dir", paramLabel = "DIR",
      description = "With " + INSECURE + ": the share files (default: $LETHE_COMMITTEE_DIR, else committee/ next to the "
          + "connection profile).")
  Path dir;

  /** The services are the default now; the option stays accepted for older scripts. */
  @Option(names = "--committee-services", hidden = true) boolean services;

  Path resolve() {
    return resolve(dir);
  }

  /** {@code dir}, else $LETHE_COMMITTEE_DIR, else committee/ next to the connection profile. */
  static Path resolve(Path dir) {
    if (dir != null) {
      return dir;
    }
    String env = System.getenv("LETHE_COMMITTEE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return profileFile(null).getParent().resolve("committee");
  }

  static Path profileFile(GatewayOptions gateway) {
    Path explicit = gateway == null ? null : gateway.profilePath;
    return ProfileLocator.locate(explicit, System.getenv(), System.getProperty("lethe.root"), Path.of("")).toAbsolutePath();
  }

  /**
   * The committee for {@code client}'s redactions. Services: the coordinator acts for the
   * client's committee org; keys are the DKG's {@code public-<k>.json} pinned to the ledger's key
   * epochs. Share files: {@code setKey} deals a committee if the folder has none and sets its key
   * through governance unless the ledger has it (seed, bench); members left out are reported on {@code err}.
   */
  CommitteeSigner open(GatewayOptions gateway, FabricSession session, LedgerClient client, boolean setKey, PrintWriter err) {
    if (services && insecureShareFiles) {
      throw new UserError("--committee-services and " + INSECURE + " exclude each other");
    }
    if (insecureShareFiles) {
      Path d = resolve();
      CommitteeFiles files;
      if (setKey) {
        files = CommitteeFiles.loadOrDeal(d, new SecureRandom());
        client.ensureCommitteeKey(files.publicKey(), 3, GovernanceClient.majorityOfAdmins(session));
      } else if (!CommitteeFiles.exists(d)) {
        throw new UserError("no committee key files in " + d + " (" + INSECURE + " needs `lethe ledger committee init`)");
      } else {
        files = CommitteeFiles.load(d);
      }
      err.println("lethe: WARNING: " + INSECURE + ": collisions computed in this process from every share in " + d);
      err.flush();
      return CommitteeSigner.insecureShareFiles(files, epochs(client), new SecureRandom());
    }
    Path networkDir = profileFile(gateway).getParent();
    int portBase;
    try {
      portBase = session.profile().portBase() > 0 ? session.profile().portBase() : CommitteeServices.portBaseFromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    int coordinator = Orgs.COMMITTEE.indexOf(client.gateway().identity().mspId()) + 1;
    if (coordinator < 1) {
      throw new UserError("the committee services take requests from committee orgs only: run as one (e.g. --as committee1)");
    }
    RemoteCommittee rc;
    try {
      rc = CommitteeServices.coordinator(networkDir, portBase, coordinator, epochs(client));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError("committee services: " + e.getMessage()
          + " (network.sh up runs the services, their DKG and sets the key through governance)", e);
    }
    return CommitteeSigner.services(rc, f -> {
      err.println("lethe: committee member left out: " + f);
      err.flush();
    });
  }

  static List<KeyEpoch> epochs(LedgerClient client) {
    try {
      return Json.read(Json.bytes(client.evaluate("GetCommittee")), CommitteeConfig.class).keys();
    } catch (ChaincodeRefusal e) {
      if (e.code() == ErrorCode.FAILED_PRECONDITION) {
        throw new UserError("no committee key on the ledger yet (network.sh up sets the services' DKG key through governance)", e);
      }
      throw e;
    }
  }
}
