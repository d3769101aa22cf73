package io.lethe.contracts.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.contracts.ledger.LedgerFixture;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;

/** Security review attacks on governance (branch attack). */
class AttackGovernanceTest {
  private final LedgerFixture f = LedgerFixture.unkeyed();
  private final GovernanceContract gov = new GovernanceContract();

  private String as(String msp, String name, String nodeOu, Function<Context, String> fn) {
    return f.submit(msp, name, nodeOu, Map.of(), Orgs.COMMITTEE, fn);
  }

  private void denied(Runnable call) {
    var before = LedgerFixture.hexMap(f.peer.snapshotState());
    ChaincodeException e = assertThrows(ChaincodeException.class, call::run);
    assertEquals(ErrorCode.ACCESS_DENIED.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
    assertEquals(before, LedgerFixture.hexMap(f.peer.snapshotState()));
  }

  /**
   * Fabric classifies NodeOUs by exact OU match and a certificate with two role OUs is no valid
   * identity. A committee-org CLIENT whose certificate also carries OU=Admin (e.g. a Fabric CA
   * affiliation named "Admin") is a client to Fabric, so it must not count as an admin here.
   */
  @Test
  void aClientWithAnAdminLookingAffiliationIsNoAdmin() {
    Action a = new Action("set-committee-key", f.publicKeyHex(), 3, null, null, null, null, null, null);
    for (String ou : new String[] {"client,OU=Admin", "client,OU=ADMIN", "ADMIN", "peer,OU=admin"}) {
      denied(() -> as(Orgs.COMMITTEE1, "mallory", ou, ctx -> gov.propose(ctx, "p", Json.string(a))));
    }
    String hash = LedgerFixture.json(as(Orgs.COMMITTEE1, "admin", "admin", ctx -> gov.propose(ctx, "p", Json.string(a))))
        .get("actionHash").asText();
    for (String ou : new String[] {"client,OU=Admin", "client,OU=aDmIn"}) {
      denied(() -> as(Orgs.COMMITTEE2, "mallory", ou, ctx -> gov.approve(ctx, "p", hash)));
    }
    assertTrue(f.peer.snapshotState().keySet().stream().noneMatch(k -> k.contains("lethe.config.committee")));
  }

  /** Publishing needs a Fabric client: an admin with a "Client" affiliation OU is not one. */
  @Test
  void anAdminWithAClientLookingAffiliationDoesNotPublishAsAClient() {
    assertTrue(!io.lethe.contracts.system.AccessProbe.isOu(f, Orgs.USERS, "admin,OU=Client", "client"));
    assertTrue(io.lethe.contracts.system.AccessProbe.isOu(f, Orgs.USERS, "client,OU=dept1", "client"));
    assertTrue(io.lethe.contracts.system.AccessProbe.isOu(f, Orgs.COMMITTEE1, "admin", "admin"));
  }
}
