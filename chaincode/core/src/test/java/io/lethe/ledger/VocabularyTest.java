package io.lethe.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  @Test
  void forgetSpecIsCanonical() {
    assertEquals("classes:2,4,6", ForgetSpec.parse("classes:6,2, 4").toString());
    assertEquals(Set.of(5, 7), ForgetSpec.parse("classes:7,5").classes());
    assertEquals("samples:user8-0..99", ForgetSpec.parse("samples:user8-0..99").toString());
    assertEquals(ForgetSpec.parse("classes:5"), ForgetSpec.classes(Set.of(5)));
  }

  @Test
  void forgetSpecRejectsWhatItCannotMean() {
    for (String bad : new String[] {null, "", "5", "classes:", "classes:10", "classes:-1", "classes:3,3",
        "classes:a", "classes:0,1,2,3,4,5,6,7,8,9", "samples:", "samples:a b", "labels:3"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForgetSpec.parse(bad), bad);
      assertTrue(e.getMessage().contains("forget spec"), e.getMessage());
    }
  }

  @Test
  void eachMethodHasOneParadigm() {
    assertEquals(Paradigm.SEQUENTIAL, Method.parse("retrain").paradigm());
    assertEquals(Paradigm.PARALLEL, Method.parse("Gradient-Ascent").paradigm());
    assertEquals(Paradigm.ZERO_SHOT, Method.parse("obs").paradigm());
    assertEquals(Method.OBS, Method.of(Paradigm.ZERO_SHOT));
    assertEquals(Paradigm.ZERO_SHOT, Paradigm.parse("zero-shot"));
    assertThrows(IllegalArgumentException.class, () -> Method.parse("ga"));
    assertThrows(IllegalArgumentException.class, () -> Paradigm.parse("zeroshot"));
  }
}
