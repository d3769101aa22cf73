package io.lethe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.json.JsonText;
import io.lethe.ledger.Method;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.ObsUnlearning;
import io.lethe.unlearning.RetrainUnlearning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The typed result writes the JSON the committed results hold, and reads them back. */
class ExperimentResultJsonTest {
  static final Path COMMITTED = Path.of("experiments/fmnist-14");

  @Test
  void everyCommittedResultReadsBackAndWritesTheSameJson() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(COMMITTED)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no committed results in " + COMMITTED.toAbsolutePath());
    for (Path file : files) {
      JsonNode committed = JsonText.COMPACT.readTree(file.toFile());
      ExperimentResult result = JsonText.COMPACT.readValue(file.toFile(), ExperimentResult.class);
      assertEquals(List.of(Method.RETRAIN, Method.GRADIENT_ASCENT, Method.OBS), new ArrayList<>(result.methods().keySet()), file.toString());
      assertInstanceOf(RetrainUnlearning.Details.class, result.methods().get(Method.RETRAIN).details(), file.toString());
      assertInstanceOf(GradientAscentUnlearning.Details.class, result.methods().get(Method.GRADIENT_ASCENT).details(), file.toString());
      assertInstanceOf(ObsUnlearning.Details.class, result.methods().get(Method.OBS).details(), file.toString());
      // the committed files predate the one vocabulary: gradient ascent was keyed "ga"
      ObjectNode methods = (ObjectNode) committed.get("methods");
      ObjectNode renamed = JsonText.COMPACT.createObjectNode();
      methods.fields().forEachRemaining(e -> renamed.set(e.getKey().equals("ga") ? "gradient-ascent" : e.getKey(), e.getValue()));
      ((ObjectNode) committed).set("methods", renamed);
      String expected = JsonText.COMPACT.writeValueAsString(committed);
      String written = JsonText.COMPACT.writeValueAsString(result);
      int at = firstDifference(expected, written);
      assertEquals(-1, at, () -> file + " differs at " + at + ": committed …" + around(expected, at) + "… written …" + around(written, at) + "…");
      String md = ExperimentReport.markdown(result);
      assertTrue(md.contains("| gradient-ascent |"), md);
    }
  }

  private static int firstDifference(String a, String b) {
    for (int i = 0; i < Math.min(a.length(), b.length()); i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return a.length() == b.length() ? -1 : Math.min(a.length(), b.length());
  }

  private static String around(String s, int at) {
    return s.substring(Math.max(0, at - 80), Math.min(s.length(), at + 80));
  }

  @Test
  void writesFieldsInTheCommittedOrder() throws Exception {
    String json = JsonText.COMPACT.writeValueAsString(ExperimentReportTest.result());
    assertTrue(json.startsWith("{\"setup\":{\"scenario\":\"fmnist-14\",\"model\":\"mlp\",\"backend\":\"nd4j\""), json);
    assertTrue(json.contains("\"methods\":{\"retrain\":{\"A_f\":0.0,\"A_r\":0.85,\"mia_auc\":0.5,\"seconds\":2.0,\"perModel\":"), json);
    assertTrue(json.contains("{\"model\":\"a\",\"depth\":0,\"hops\":0,\"A_f\":0.97,\"A_r\":0.84,\"mia_auc\":0.5}"), json);
    assertTrue(json.contains("\"details\":{\"consensusRounds\":2}"), json);
    assertTrue(json.contains("\"gradient-ascent\":{"), json);
    assertTrue(json.endsWith(",\"parallelSpeedup\":4.0}"), json);
  }
}
