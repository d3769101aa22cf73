package io.lethe.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fl.Scenario;
import io.lethe.ledger.ForgetSpec;
import io.lethe.ledger.Paradigm;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerSeedTest {
  @Test
  void everyScenarioUserPublishesUnderItsOwnFabricIdentity() {
    assertEquals("user1", LedgerSeed.identityOf("u01"));
    assertEquals("user14", LedgerSeed.identityOf("u14"));
    List<String> identities = Scenario.users().stream().map(LedgerSeed::identityOf).toList();
    assertEquals(14, identities.stream().distinct().count());
    assertThrows(IllegalArgumentException.class, () -> LedgerSeed.identityOf("m01"));
  }

  @Test
  void theSeedRedactsSyntheticallyInTheTwoCommittedParadigms() {
    ForgetSpec five = ForgetSpec.parse("classes:5");
    assertThrows(IllegalArgumentException.class, () -> new LedgerSeed.Options("", Paradigm.ZERO_SHOT, 0, five));
    assertThrows(IllegalArgumentException.class, () -> new LedgerSeed.Options("", Paradigm.PARALLEL, -1, five));
  }

  @Test
  void syntheticUrisLookLikeCidsAndAreStable() {
    String uri = SyntheticModels.uri("u01a");
    assertTrue(uri.matches("bafybei[a-z2-7]{52}"), uri);
    assertEquals(uri, SyntheticModels.uri("u01a"));
    assertTrue(!uri.equals(SyntheticModels.uri("u02")));
    assertEquals(32, SyntheticModels.digest("u01a").length);
    assertEquals(List.of("a", "b"), List.copyOf(SyntheticModels.rewrites(List.of("a", "b"), "t").keySet()));
  }
}
