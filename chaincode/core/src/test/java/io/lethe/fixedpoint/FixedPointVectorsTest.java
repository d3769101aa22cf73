package io.lethe.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Known-answer vectors of the fixed-point rule, shared with prover-native's Go test
 * (prover-native/fixedpoint reads the same file by relative path).
 */
class FixedPointVectorsTest {
  private static JsonNode file() throws Exception {
    try (InputStream in = FixedPointVectorsTest.class.getResourceAsStream("/fixedpoint/fixedpoint-vectors.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @TestFactory
  List<DynamicTest> everyVector() throws Exception {
    JsonNode f = file();
    assertEquals(FixedPoint.FRACTION_BITS, f.get("fractionBits").asInt());
    assertEquals(FixedPoint.BOUND, 1L << f.get("magnitudeBits").asInt());
    assertFalse(f.get("vectors").isEmpty());
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : f.get("vectors")) {
      double w = Double.parseDouble(v.get("w").asText());
      tests.add(DynamicTest.dynamicTest(v.get("name").asText(), () -> {
        if (v.has("raw")) {
          assertEquals(v.get("raw").asLong(), FixedPoint.toRaw(w), () -> "toRaw(" + v.get("w").asText() + ")");
        } else {
          assertTrue(List.of("out of range", "not finite").contains(v.get("error").asText()));
          assertThrows(ArithmeticException.class, () -> FixedPoint.toRaw(w));
        }
      }));
    }
    return tests;
  }
}
