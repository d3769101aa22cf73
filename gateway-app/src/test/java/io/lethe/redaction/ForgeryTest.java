package io.lethe.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForgeryTest {
  private static final String R = "02" + "11".repeat(32);
  private static final String S = "22".repeat(32);
  private final Redaction good = new Redaction("r", List.of(new Rewrite("m", "u", "aa", List.of("p", "q"), R, S)),
      List.of(new HeaderAdapt(3, R, S)), null);

  @Test
  void eachForgeryChangesExactlyWhatItNames() {
    Redaction rnd = Forgery.RANDOMNESS.apply(good);
    assertNotEquals(S, rnd.rewrites().get(0).s());
    assertEquals(good.headers(), rnd.headers());
    Redaction refs = Forgery.REFS.apply(good);
    assertEquals(List.of("p"), refs.rewrites().get(0).refs());
    assertEquals(S, refs.rewrites().get(0).s());
    Redaction header = Forgery.HEADER.apply(good);
    assertNotEquals(S, header.headers().get(0).s());
    assertEquals(good.rewrites(), header.rewrites());
  }

  @Test
  void refsForgeryNeedsRefs() {
    Redaction none = new Redaction("r", List.of(new Rewrite("m", "u", "aa", List.of(), R, S)), List.of(), null);
    assertThrows(IllegalArgumentException.class, () -> Forgery.REFS.apply(none));
  }
}
