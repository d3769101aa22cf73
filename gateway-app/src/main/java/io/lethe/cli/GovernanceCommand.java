package io.lethe.cli;

import io.lethe.fabric.FabricSession;
import io.lethe.fabric.GovernanceClient;
import io.lethe.ledger.Governance;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Governance.Proposal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lethe governance ...}: changes no single committee org may make alone (committee key,
 * verifying keys, parameters, closing a request early). An admin of a committee org proposes;
 * admins of other committee orgs approve the reviewed action hash; the chaincode executes the
 * action at {@link Governance#REQUIRED_APPROVALS} approvals. Run as an admin identity
 * ({@code --as committee2-admin}).
 */
@Command(
    name = "governance",
    mixinStandardHelpOptions = true,
    description = "Committee governance: propose, approve, show|status (admins of committee orgs; a majority of the orgs "
        + "must approve).",
    subcommands = {GovernanceCommand.Propose.class, GovernanceCommand.Approve.class, GovernanceCommand.Show.class,
        GovernanceCommand.Enact.class})
public final class GovernanceCommand {
  /** A proposal's id and action, from the command line. */
  static final class ActionOptions {
    @Parameters(index = "0", paramLabel = "ID", description = "Proposal id ([A-Za-z0-9._:-]{1,128}).") String id;
    @Parameters(index = "1", paramLabel = "KIND",
        description = "set-committee-key | rotate-committee-key | register-verifying-key | set-parameter | close-request")
    String kind;
    @Option(names = "--public-key", description = "Committee public key Y (SEC1 compressed hex): set/rotate-committee-key.")
    String publicKey;
    @Option(names = "--threshold", description = "Committee orgs that must endorse a redaction: set-committee-key.")
    Integer threshold;
    @Option(names = "--reason", description = "Why: rotate-committee-key, close-request.") String reason;
    @Option(names = "--key-id", description = "Verifying key id: register-verifying-key.") String keyId;
    @Option(names = "--vk", description = "gnark verifying key file (vk.bin): register-verifying-key.") Path vk;
    @Option(names = "--parameter", description = "Parameter name: set-parameter.") String parameter;
    @Option(names = "--value", description = "Parameter value: set-parameter.") String value;
    @Option(names = "--request", description = "Request id: close-request.") String request;

    Action action() {
      try {
        Governance.Kind k = Governance.Kind.parse(kind);
        String vkBase64 = vk == null ? null : Base64.getEncoder().encodeToString(Files.readAllBytes(vk));
        return new Action(k.word(), publicKey, threshold, reason, keyId, vkBase64, parameter, value, request);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      } catch (IOException e) {
        throw new UserError("--vk: cannot read " + vk + ": " + e.getMessage(), e);
      }
    }
  }

  abstract static class Base extends FabricCommand {
    GovernanceClient client(FabricSession session) {
      return new GovernanceClient(gateway.connect(session), gateway.identityName());
    }

    void report(Proposal p) {
      if (json.enabled()) {
        printJson(p);
        return;
      }
      out("proposal " + p.id() + " (" + p.action().kind() + ") " + p.status() + ": " + p.approvals().size() + " of "
          + p.required() + " approvals " + p.approvals().stream().map(Governance.Approval::msp).toList()
          + "; action hash " + p.actionHash() + (p.result() == null ? "" : "; result " + p.result()));
    }
  }

  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = "Propose an action (your org's approval included). Prints the action hash other admins approve.")
  static final class Propose extends Base {
    @picocli.CommandLine.Mixin ActionOptions action;

    @Override
    int call(FabricSession session) {
      report(client(session).propose(action.id, action.action()));
      return 0;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve proposal ID, naming the action hash you reviewed (`lethe governance show ID`).")
  static final class Approve extends Base {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--action-hash", required = true, description = "SHA-256 of the reviewed action (hex).")
    String actionHash;

    @Override
    int call(FabricSession session) {
      report(client(session).approve(id, actionHash));
      return 0;
    }
  }

  @Command(name = "show", aliases = "status", mixinStandardHelpOptions = true,
      description = "A proposal, its action and its approvals (alias: status).")
  static final class Show extends Base {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    int call(FabricSession session) {
      report(client(session).get(id));
      return 0;
    }
  }

  @Command(name = "enact", mixinStandardHelpOptions = true,
      description = "Propose as the first of --admins and approve as the others until executed "
          + "(for an operator who holds several orgs' admin identities, e.g. a demo network).")
  static final class Enact extends Base {
    @picocli.CommandLine.Mixin ActionOptions action;
    @Option(names = "--admins", defaultValue = "committee1-admin,committee2-admin",
        description = "Admin identities, one per committee org (default: ${DEFAULT-VALUE}).") String admins;

    @Override
    int call(FabricSession session) {
      List<GovernanceClient> clients = new ArrayList<>();
      for (String name : split(admins)) {
        clients.add(new GovernanceClient(session.connect(name), name));
      }
      try {
        report(GovernanceClient.enact(clients, action.id, action.action()));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      return 0;
    }
  }
}
