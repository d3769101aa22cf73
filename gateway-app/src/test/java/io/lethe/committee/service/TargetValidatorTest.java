package io.lethe.committee.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.chameleon.committee.Dealer;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks a member makes on its own before round 1, one refusal per way a target can be wrong. */
class TargetValidatorTest {
  private static final HexFormat HEX = HexFormat.of();
  private SyntheticLedger l;
  private TargetValidator v;

  @BeforeEach
  void ledger() {
    SecureRandom rnd = new SecureRandom();
    var pk = Dealer.deal(2, 3, rnd).publicKey().groupKey();
    l = new SyntheticLedger("lethe", "req-1", rnd);
    l.addBlock(0, pk, List.of("m1", "m2"), true);
    l.addBlock(0, pk, List.of("m4"), false);
    v = new TargetValidator(l.view());
  }

  private KeyedTarget tx(String id, long version, String request, List<String> refs) {
    LiveTransaction t = l.txs().get(id);
    return KeyedTarget.of(t.keyIndex(), CanonicalBytes.txContext("lethe", id), HEX.parseHex(t.c()),
        CanonicalBytes.payload(version, request, "ipfs://new", new byte[32], refs));
  }

  private KeyedTarget header(long height, long version, byte[] root) {
    LiveBlock b = l.blocks().get(height);
    return KeyedTarget.of(b.keyIndex(), CanonicalBytes.headerContext("lethe", height), HEX.parseHex(b.chCurr()),
        CanonicalBytes.headerMessage(height, HEX.parseHex(b.parentHash()), root, b.timestamp(), version));
  }

  private String code(KeyedTarget t) {
    Optional<Refusal> r = v.validate("req-1", List.of(t));
    return r.map(Refusal::code).orElse("OK");
  }

  @Test
  void validTargetsPass() {
    assertEquals("OK", code(tx("m1", 1, "req-1", l.txs().get("m1").refs())));
    assertEquals("OK", code(header(1, 1, HEX.parseHex(l.blocks().get(1L).merkleRoot()))));
  }

  @Test
  void transactionTargetsAreCheckedAgainstTheLedger() {
    List<String> refs = l.txs().get("m1").refs();
    assertEquals(Refusal.WRONG_VERSION, code(tx("m1", 0, "req-1", refs)));
    assertEquals(Refusal.WRONG_VERSION, code(tx("m1", 2, "req-1", refs)));
    assertEquals(Refusal.BAD_MESSAGE, code(tx("m1", 1, "req-2", refs)));
    assertEquals(Refusal.BAD_MESSAGE, code(tx("m1", 1, "req-1", List.of("other-parent"))));
    assertEquals(Refusal.NOT_IN_CASCADE, code(tx("m4", 1, "req-1", l.txs().get("m4").refs())));
    KeyedTarget t = tx("m1", 1, "req-1", refs);
    KeyedTarget otherC = KeyedTarget.of(0, t.target().ctx(), HEX.parseHex(l.txs().get("m2").c()), t.target().newMessage());
    assertEquals(Refusal.WRONG_DIGEST, code(otherC));
    KeyedTarget otherKey = new KeyedTarget(3, t.target());
    assertEquals(Refusal.WRONG_KEY_INDEX, code(otherKey));
    byte[] longer = java.util.Arrays.copyOf(t.target().newMessage(), t.target().newMessage().length + 1);
    assertEquals(Refusal.BAD_MESSAGE, code(KeyedTarget.of(0, t.target().ctx(), t.target().c(), longer)));
  }

  @Test
  void contextsAreChecked() {
    KeyedTarget t = tx("m1", 1, "req-1", l.txs().get("m1").refs());
    assertEquals(Refusal.BAD_CONTEXT,
        code(KeyedTarget.of(0, CanonicalBytes.txContext("other-channel", "m1"), t.target().c(), t.target().newMessage())));
    assertEquals(Refusal.BAD_CONTEXT, code(KeyedTarget.of(0, new byte[] {0, 0, 0, 9, 1}, t.target().c(), t.target().newMessage())));
    assertEquals(Refusal.NOT_IN_CASCADE,
        code(KeyedTarget.of(0, CanonicalBytes.txContext("lethe", "unknown"), t.target().c(), t.target().newMessage())));
  }

  @Test
  void headerTargetsAreCheckedAgainstTheLedger() {
    byte[] root = HEX.parseHex(l.blocks().get(1L).merkleRoot());
    assertEquals(Refusal.WRONG_VERSION, code(header(1, 2, root)));
    assertEquals(Refusal.BAD_MESSAGE, code(header(1, 1, new byte[32])));
    assertEquals(Refusal.NOT_IN_CASCADE, code(header(2, 1, HEX.parseHex(l.blocks().get(2L).merkleRoot()))));
  }

  @Test
  void theRequestMustExistAndBeOpen() {
    KeyedTarget t = tx("m1", 1, "req-1", l.txs().get("m1").refs());
    assertEquals(Refusal.UNKNOWN_REQUEST, v.validate("req-9", List.of(t)).orElseThrow().code());
    l.setStatus("CLOSED");
    Refusal r = v.validate("req-1", List.of(t)).orElseThrow();
    assertEquals(Refusal.REQUEST_NOT_OPEN, r.code());
    assertTrue(r.message().contains("CLOSED"));
  }

  @Test
  void anUnreachableLedgerRefusesEverything() {
    TargetValidator unwired = new TargetValidator(new UnwiredLedgerView("lethe"));
    KeyedTarget t = tx("m1", 1, "req-1", l.txs().get("m1").refs());
    assertEquals(Refusal.LEDGER_UNAVAILABLE, unwired.validate("req-1", List.of(t)).orElseThrow().code());
  }
}
