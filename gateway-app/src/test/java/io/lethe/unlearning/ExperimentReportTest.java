package io.lethe.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
  private static Map<String, Object> row(String model, double af, double ar, double cumulative) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", model);
    r.put("hops", 0);
    r.put("A_f", af);
    r.put("A_r", ar);
    r.put("mia_auc", 0.5);
    r.put("seconds", cumulative);
    r.put("cumulativeSeconds", cumulative);
    return r;
  }

  private static Map<String, Object> summary(double af, double ar, List<Map<String, Object>> perModel) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("A_f", af);
    m.put("A_r", ar);
    m.put("mia_auc", 0.5);
    m.put("seconds", 2.0);
    m.put("perModel", perModel);
    return m;
  }

  private static Map<String, Object> result() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("setup", Map.of("scenario", "fmnist-14", "model", "mlp", "forgetClasses", List.of(5),
        "forgetClassNames", List.of("Sandal"), "affectedModels", List.of("a", "b"), "quick", true));
    r.put("original", summary(0.5, 0.85, List.of(row("a", 0.97, 0.84, 0), row("b", 0.1, 0.86, 0))));
    r.put("methods", Map.of("retrain", summary(0, 0.85, List.of(row("a", 0, 0.85, 1), row("b", 0, 0.86, 2)))));
    r.put("parallelSpeedup", 1.0);
    return r;
  }

  @Test
  void plotsAreWrittenAsPngs(@TempDir Path dir) throws Exception {
    List<Path> files = ExperimentReport.plots(result(), dir);
    assertEquals(List.of(dir.resolve("accuracy.png"), dir.resolve("time.png")), files);
    BufferedImage acc = ImageIO.read(files.get(0).toFile());
    assertEquals(1100, acc.getWidth());
    assertEquals(700, acc.getHeight());
    assertTrue(ImageIO.read(files.get(1).toFile()).getWidth() > 0);
  }

  @Test
  void markdownHasOneRowPerMethod() {
    String md = ExperimentReport.markdown(result());
    assertTrue(md.contains("| original |"), md);
    assertTrue(md.contains("| retrain |"), md);
    assertTrue(md.contains("| a |"), md);
  }
}
