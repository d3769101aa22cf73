package io.lethe.cli;

import io.lethe.committee.service.CommitteeServices;
import io.lethe.committee.service.CommitteeUnavailableException;
import io.lethe.committee.service.MemberFault;
import io.lethe.committee.service.RemoteCommittee;
import io.lethe.fabric.LedgerClient;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Json;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.redaction.RedactionPlanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Mixin of every command that has the committee co-sign a redaction ({@code ledger redact},
 * {@code unlearn run}): where the collisions come from — the committee's share files
 * ({@code --committee-dir}) or the member services ({@code --committee-services}). One path for
 * all of them, so a redaction is planned the same way whoever asks for it.
 */
final class CommitteePath {
  @Option(names = "--committee-services",
      description = "Collisions from the committee member services (`lethe committee serve`, ports base+351..353; "
          + "$LETHE_PORT_BASE, default 7000) instead of the share files; members that are down or refuse are named.")
  boolean services;
  @Mixin CommitteeDirOption committeeDir;

  /** A planner reading the ledger through {@code client}; with share files unless the services collide. */
  RedactionPlanner planner(LedgerClient client) {
    return new RedactionPlanner(client, services ? null : committeeDir.load(), new SecureRandom());
  }

  /**
   * The redaction of {@code updates} under {@code request}, collisions from the share files or
   * (one batched run) from the member services; members left out are named on {@code err}.
   */
  Redaction plan(LedgerClient client, RedactionPlanner planner, String request, Map<String, NewPayload> updates,
      PrintWriter err) throws java.io.IOException {
    if (!services) {
      return planner.plan(request, updates);
    }
    CommitteeConfig config = Json.read(Json.bytes(client.evaluate("GetCommittee")), CommitteeConfig.class);
    Path networkDir = committeeDir.resolve().toAbsolutePath().getParent();
    int portBase;
    try {
      portBase = CommitteeServices.portBaseFromEnvironment();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    int coordinator = Orgs.COMMITTEE.indexOf(client.gateway().identity().mspId()) + 1;
    if (coordinator < 1) {
      throw new UserError("--committee-services: coordinate as a committee org's identity (e.g. --as committee1)");
    }
    try (RemoteCommittee rc = CommitteeServices.coordinator(networkDir, portBase, coordinator, config.keys())) {
      RemoteCommittee.Batched<Redaction> b = rc.batched(request, c -> planner.plan(request, updates, c));
      for (MemberFault f : b.batch().faults()) {
        err.println("lethe: committee member left out: " + f);
      }
      err.flush();
      return b.value();
    } catch (CommitteeUnavailableException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
