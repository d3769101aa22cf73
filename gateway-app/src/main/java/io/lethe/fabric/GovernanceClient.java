package io.lethe.fabric;

import io.lethe.ledger.Governance;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Governance.Proposal;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;

/**
 * The Governance contract as one committee org's admin sees it: propose an action, approve a
 * reviewed proposal by its action hash, read a proposal. The chaincode executes an action only
 * when admins of {@link Governance#REQUIRED_APPROVALS} committee orgs have approved it.
 */
public final class GovernanceClient {
  private final Contract governance;
  private final String identity;

  public GovernanceClient(LetheGateway gateway, String identity) {
    this.governance = gateway.contract("Governance");
    this.identity = identity;
  }

  /** Admin clients of the first {@link Governance#REQUIRED_APPROVALS} committee orgs ({@code committee<i>-admin}). */
  public static List<GovernanceClient> majorityOfAdmins(FabricSession session) {
    List<GovernanceClient> out = new ArrayList<>();
    for (int i = 1; i <= Governance.REQUIRED_APPROVALS && i <= Orgs.COMMITTEE.size(); i++) {
      String name = "committee" + i + "-admin";
      out.add(new GovernanceClient(session.connect(name), name));
    }
    return out;
  }

  public String identity() {
    return identity;
  }

  public Proposal propose(String id, Action action) {
    return submit("Propose", id, Json.string(action));
  }

  public Proposal approve(String id, String actionHash) {
    return submit("Approve", id, actionHash);
  }

  public Proposal get(String id) {
    try {
      return Json.read(governance.evaluateTransaction("GetProposal", id), Proposal.class);
    } catch (GatewayException e) {
      throw GatewayErrors.translate("Governance:GetProposal", e);
    }
  }

  /**
   * Proposes with the first admin and approves with the others until the chaincode executes
   * the action (a convenience for demos and tests where one operator holds several orgs'
   * admin identities; in a consortium each org's admin runs its own approve).
   */
  public static Proposal enact(List<GovernanceClient> admins, String id, Action action) {
    if (admins.size() < Governance.REQUIRED_APPROVALS) {
      throw new IllegalArgumentException("governance needs admins of " + Governance.REQUIRED_APPROVALS
          + " committee orgs, got " + admins.size());
    }
    Proposal p = admins.get(0).propose(id, action);
    for (int i = 1; i < admins.size() && !"EXECUTED".equals(p.status()); i++) {
      p = admins.get(i).approve(id, p.actionHash());
    }
    return p;
  }

  private Proposal submit(String fn, String... args) {
    try {
      return Json.read(governance.submitTransaction(fn, args), Proposal.class);
    } catch (GatewayException e) {
      throw GatewayErrors.translate("Governance:" + fn, e);
    } catch (CommitException e) {
      throw GatewayErrors.translate("Governance:" + fn, e);
    }
  }
}
