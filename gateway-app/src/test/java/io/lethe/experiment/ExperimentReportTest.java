package io.lethe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.experiment.ExperimentResult.MethodResult;
import io.lethe.experiment.ExperimentResult.ModelResult;
import io.lethe.experiment.ExperimentResult.Original;
import io.lethe.experiment.ExperimentResult.Setup;
import io.lethe.fl.train.TrainConfig;
import io.lethe.ledger.Method;
import io.lethe.unlearning.GradientAscentUnlearning;
import io.lethe.unlearning.RetrainUnlearning;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {
  static ModelResult row(String model, double af, double ar, Double cumulative) {
    return new ModelResult(model, 0, 0, af, ar, 0.5, cumulative, cumulative);
  }

  static ExperimentResult result() {
    TrainConfig train = new TrainConfig(1, 32, 0.01, 0.9, true);
    Setup setup = new Setup("fmnist-14", "mlp", "nd4j", 10, Set.of(5), List.of("Sandal"), true, 1, 14, 15, 5,
        List.of("a"), List.of("a", "b"), 8000, "disjoint", train, train, 100, 100, 900, 1.5,
        Map.of("a", "bafy"), "fs /tmp/s");
    Map<Method, MethodResult> methods = new LinkedHashMap<>();
    methods.put(Method.RETRAIN, new MethodResult(0, 0.85, 0.5, 2.0,
        List.of(row("a", 0, 0.85, 1.0), row("b", 0, 0.86, 2.0)), new RetrainUnlearning.Details(2)));
    methods.put(Method.GRADIENT_ASCENT, new MethodResult(0.01, 0.84, 0.5, 0.5,
        List.of(row("a", 0.02, 0.84, 0.4), row("b", 0, 0.84, 0.5)),
        new GradientAscentUnlearning.Details(1, 1e-3, Map.of("a", 3), Map.of("a", 1.0, "b", 0.5), 1, List.of(), 1)));
    return new ExperimentResult(setup,
        new Original(0.5, 0.85, 0.5, List.of(row("a", 0.97, 0.84, null), row("b", 0.1, 0.86, null))),
        methods, 4.0);
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
  void markdownHasOneRowPerMethodInTheRequestVocabulary() {
    String md = ExperimentReport.markdown(result());
    assertTrue(md.contains("| original |"), md);
    assertTrue(md.contains("| retrain | 0.0000 | 0.8500 | 0.5000 | 2.00 | 2 |"), md);
    assertTrue(md.contains("| gradient-ascent | 0.0100 | 0.8400 | 0.5000 | 0.50 | 1 |"), md);
    assertTrue(md.contains("Parallel (gradient-ascent) vs sequential (retrain) cumulative time: 4.0× faster."), md);
    assertTrue(md.contains("| a | 0 | 0.970 / 0.840 | 0.000 / 0.850 | 0.020 / 0.840 |"), md);
  }
}
