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

  private void refused(ErrorCode code, Runnable call) {
    var before = LedgerFixture.hexMap(f.peer.snapshotState());
    ChaincodeException e = assertThrows(ChaincodeException.class, call::run);
    assertEquals(code.name(), new String(e.getPayload(), StandardCharsets.UTF_8), e.getMessage());
    assertEquals(before, LedgerFixture.hexMap(f.peer.snapshotState()));
  }

  /**
   * Not bugs (recorded): the proposer's org spelled another way is no committee org; an approval
   * naming the hash in upper case or of another proposal's action is refused; once executed a
   * proposal neither executes again nor can its id be reused.
   */
  @Test
  void spellingsReplaysAndReuseChangeNothing() {
    Action a = new Action("set-committee-key", f.publicKeyHex(), 2, null, null, null, null, null, null);
    Action b = new Action("set-committee-key", f.publicKeyHex(), 3, null, null, null, null, null, null);
    String ha = LedgerFixture.json(as(Orgs.COMMITTEE1, "admin", "admin", ctx -> gov.propose(ctx, "pa", Json.string(a))))
        .get("actionHash").asText();
    String hb = LedgerFixture.json(as(Orgs.COMMITTEE3, "admin", "admin", ctx -> gov.propose(ctx, "pb", Json.string(b))))
        .get("actionHash").asText();
    for (String msp : new String[] {"committee1msp", "COMMITTEE1MSP", " Committee1MSP", "Committee1MSP ", "Committee1"}) {
      refused(ErrorCode.ACCESS_DENIED, () -> as(msp, "admin", "admin", ctx -> gov.approve(ctx, "pa", ha)));
    }
    refused(ErrorCode.ALREADY_EXISTS, () -> as(Orgs.COMMITTEE1, "admin2", "admin", ctx -> gov.approve(ctx, "pa", ha)));
    refused(ErrorCode.FAILED_PRECONDITION, () -> as(Orgs.COMMITTEE2, "admin", "admin", ctx -> gov.approve(ctx, "pa", hb)));
    refused(ErrorCode.FAILED_PRECONDITION,
        () -> as(Orgs.COMMITTEE2, "admin", "admin", ctx -> gov.approve(ctx, "pa", ha.toUpperCase())));
    assertEquals("EXECUTED", LedgerFixture.json(as(Orgs.COMMITTEE2, "admin", "admin", ctx -> gov.approve(ctx, "pa", ha)))
        .get("status").asText());
    refused(ErrorCode.FAILED_PRECONDITION, () -> as(Orgs.COMMITTEE3, "admin", "admin", ctx -> gov.approve(ctx, "pa", ha)));
    refused(ErrorCode.ALREADY_EXISTS,
        () -> as(Orgs.COMMITTEE1, "admin", "admin", ctx -> gov.propose(ctx, "pa", Json.string(a))));
    // the competing set-committee-key proposal cannot execute once the key is set
    refused(ErrorCode.ALREADY_EXISTS, () -> as(Orgs.COMMITTEE1, "admin", "admin", ctx -> gov.approve(ctx, "pb", hb)));
  }
}
