package io.lethe.contracts.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.contracts.ledger.CommitteeEndorsementPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.junit.jupiter.api.Test;

/** The test peer behaves like Fabric where the contracts depend on it. */
class InMemoryPeerTest {
  private final InMemoryPeer peer = new InMemoryPeer("ch").collection("c", Set.of("A", "B"));

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsSeeCommittedStateOnlyAndFailedTransactionsWriteNothing() {
    InMemoryStub tx = peer.proposal("A", "alice", "A");
    tx.putState("k", b("v"));
    assertEquals(0, tx.getState("k").length, "no read-your-own-writes");
    tx.commit(List.of("A"));
    assertArrayEquals(b("v"), peer.committedState("k"));
    InMemoryStub tx2 = peer.proposal("A", "alice", "A");
    tx2.putState("k", b("w"));
    // never committed
    assertArrayEquals(b("v"), peer.committedState("k"));
    assertEquals("A", tx.context().getClientIdentity().getMSPID());
  }

  @Test
  void compositeKeyScansReturnOnlyTheirPrefixInOrder() {
    InMemoryStub tx = peer.proposal("A", "alice", "A");
    tx.putState(tx.createCompositeKey("t", "p", "2").toString(), b("2"));
    tx.putState(tx.createCompositeKey("t", "p", "1").toString(), b("1"));
    tx.putState(tx.createCompositeKey("t", "pp", "3").toString(), b("3"));
    tx.putState("plain", b("x"));
    tx.commit(List.of("A"));
    InMemoryStub read = peer.proposal("A", "alice", "A");
    List<String> values = new ArrayList<>();
    for (KeyValue kv : read.getStateByPartialCompositeKey("t", "p")) {
      values.add(kv.getStringValue());
    }
    assertEquals(List.of("1", "2"), values);
  }

  @Test
  void privateDataHasHashesPurgeRemovesBothAndNonMembersHoldNothing() {
    InMemoryStub tx = peer.proposal("A", "alice", "A");
    tx.putPrivateData("c", "k", b("secret"));
    tx.commit(List.of("A"));
    InMemoryStub read = peer.proposal("A", "alice", "B");
    assertArrayEquals(b("secret"), read.getPrivateData("c", "k"));
    assertEquals(32, read.getPrivateDataHash("c", "k").length);
    assertThrows(IllegalStateException.class, () -> peer.proposal("C", "carol", "C").getPrivateData("c", "k"));
    InMemoryStub purge = peer.proposal("A", "alice", "A");
    purge.purgePrivateData("c", "k");
    purge.commit(List.of("A"));
    assertNull(peer.committedPrivate("c", "k"));
    assertEquals(0, peer.proposal("A", "alice", "A").getPrivateDataHash("c", "k").length);
  }

  @Test
  void keyLevelPoliciesAreEnforcedAtCommit() {
    InMemoryStub tx = peer.proposal("A", "alice", "A");
    tx.putState("k", b("v"));
    tx.setStateValidationParameter("k", CommitteeEndorsementPolicy.tOfN(List.of("A", "B", "C"), 2));
    tx.commit(List.of("A"));
    InMemoryStub one = peer.proposal("A", "alice", "A");
    one.putState("k", b("w"));
    assertThrows(InMemoryPeer.EndorsementPolicyFailure.class, () -> one.commit(List.of("A")));
    assertArrayEquals(b("v"), peer.committedState("k"));
    InMemoryStub two = peer.proposal("A", "alice", "A");
    two.putState("k", b("w"));
    two.commit(List.of("A", "C"));
    assertArrayEquals(b("w"), peer.committedState("k"));
  }

  /** As on a Fabric peer: after a private-data range query, a transaction may not write. */
  @Test
  void aTransactionThatRangeQueriedPrivateDataCannotWrite() {
    InMemoryStub tx = peer.proposal("A", "alice", "A");
    tx.getPrivateDataByPartialCompositeKey("c", tx.createCompositeKey("t", "p").toString());
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> tx.putState("k", b("v")));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Writes are not allowed"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> tx.putPrivateData("c", "k", b("v")));
    InMemoryStub point = peer.proposal("A", "alice", "A");
    point.getPrivateData("c", "k");
    point.putState("k", b("v")); // point reads do not restrict writes
  }
}
