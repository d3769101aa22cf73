package io.lethe.experiment;

import io.lethe.charts.LineCharts;
import io.lethe.experiment.ExperimentResult.HopRow;
import io.lethe.experiment.ExperimentResult.Scores;
import io.lethe.experiment.ExperimentResult.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders an experiment result as Markdown tables and PNG plots (accuracy per hop, relearn curves,
 * MIA ROC; {@link LineCharts}).
 */
public final class ExperimentReport {
  private ExperimentReport() {}

  /** original first, then the methods in run order. */
  static Map<String, Summary> rows(ExperimentResult result) {
    Map<String, Summary> rows = new LinkedHashMap<>();
    rows.put("original", result.original());
    rows.putAll(result.methods());
    return rows;
  }

  private static String pm(Double mean, Double sd, String fmt) {
    if (mean == null) {
      return "–";
    }
    String m = String.format(Locale.ROOT, fmt, mean);
    return sd == null || sd == 0 ? m : m + " ± " + String.format(Locale.ROOT, fmt, sd);
  }

  public static String markdown(ExperimentResult result) {
    ExperimentResult.Setup setup = result.setup();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Scenario `%s`, model `%s`, forget classes %s %s, seeds %s%s; users' data %s; numbers on the %s split; "
            + "%d affected models, means over the models that knew the class (original A_f > %.2f; %.1f per seed) and ± sd over seeds.%n%n",
        setup.scenario(), setup.model(), List.copyOf(new TreeSet<>(setup.forgetClasses())), setup.forgetClassNames(),
        setup.seeds(), setup.quick() ? " (--quick)" : "", setup.userSampling(), setup.evaluatedOn(),
        setup.affectedModels().size(), setup.knewThreshold(), result.original().knewModels()));
    sb.append(String.format(Locale.ROOT, "| method | A_f | A_r | relearn A_f (%d steps) | relearn steps to 50 %% | probe A_f | KL forget | KL test | U-LiRA AUC | TPR @ 1 %% FPR | seconds | consensus |%n",
        setup.relearnSteps()));
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    rows(result).forEach((name, s) -> {
      Scores sd = s.sd();
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
          pm(s.forgetAccuracy(), sd.forgetAccuracy(), "%.3f"), pm(s.retainAccuracy(), sd.retainAccuracy(), "%.3f"),
          pm(s.relearnForgetAccuracy(), sd.relearnForgetAccuracy(), "%.3f"), pm(s.relearnSteps(), sd.relearnSteps(), "%.1f"),
          pm(s.probeForgetAccuracy(), sd.probeForgetAccuracy(), "%.3f"), pm(s.klForget(), sd.klForget(), "%.3f"),
          pm(s.klTest(), sd.klTest(), "%.3f"), pm(s.uliraAuc(), sd.uliraAuc(), "%.3f"),
          pm(s.uliraTprAt1PctFpr(), sd.uliraTprAt1PctFpr(), "%.3f"), pm(s.seconds(), s.secondsSd(), "%.1f"),
          s.consensusRounds() == null ? "–" : s.consensusRounds().toString()));
    });
    sb.append("\nStarting models apart from descendants (A_f / A_r; descendants that knew the class, and all descendants):\n\n");
    sb.append("| method | starting models | descendants that knew | all descendants |\n| --- | ---: | ---: | ---: |\n");
    rows(result).forEach((name, s) -> sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", name,
        group(s.startingModels()), group(s.descendantsThatKnew()), group(s.allDescendants()))));
    sb.append("\nPer hop from the nearest starting model (A_f / A_r over all models at that hop, mean over seeds; "
        + "in brackets: models at the hop, of which knew the class):\n\n| method |");
    List<HopRow> hops = result.original().perHop();
    hops.forEach(h -> sb.append(String.format(Locale.ROOT, " hop %d (%d, %.1f) |", h.hop(), h.models(), h.knewModels())));
    sb.append("\n| --- |");
    hops.forEach(h -> sb.append(" ---: |"));
    sb.append('\n');
    rows(result).forEach((name, s) -> {
      sb.append("| ").append(name).append(" |");
      s.perHop().forEach(h -> sb.append(String.format(Locale.ROOT, " %.3f / %.3f |", h.forgetAccuracy(), h.retainAccuracy())));
      sb.append('\n');
    });
    ExperimentResult.Speed sp = result.speed();
    if (sp != null) {
      sb.append(String.format(Locale.ROOT, "%nSpeed: ga %.1f s vs retrain %.1f s cumulative compute: %.1f× faster; "
              + "charging %.1f s per consensus round (ga %d, retrain %d): %.1f×.%n",
          sp.gaSeconds(), sp.retrainSeconds(), sp.speedup(), sp.consensusSeconds(), sp.gaConsensusRounds(),
          sp.retrainConsensusRounds(), sp.speedupWithConsensus()));
    }
    return sb.toString();
  }

  private static String group(ExperimentResult.Group g) {
    if (g.models() == 0 || g.forgetAccuracy() == null) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.3f / %.3f (%d)", g.forgetAccuracy(), g.retainAccuracy(), g.models());
  }

  /** Writes {@code accuracy-per-hop.png}, {@code relearn.png} and {@code mia-roc.png} (JFreeChart). */
  public static List<Path> plots(ExperimentResult result, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Summary> rows = rows(result);
    List<Path> out = new ArrayList<>();

    int maxHop = result.original().perHop().stream().mapToInt(HopRow::hop).max().orElse(0);
    List<LineCharts.Line> af = new ArrayList<>();
    List<LineCharts.Line> ar = new ArrayList<>();
    double lowest = 1;
    for (Map.Entry<String, Summary> e : rows.entrySet()) {
      Summary s = e.getValue();
      af.add(new LineCharts.Line(e.getKey(), s.perHop().stream().map(h -> new double[] {h.hop(), h.forgetAccuracy()}).toList()));
      ar.add(new LineCharts.Line(e.getKey(), s.perHop().stream().map(h -> new double[] {h.hop(), h.retainAccuracy()}).toList()));
      lowest = Math.min(lowest, s.perHop().stream().mapToDouble(HopRow::retainAccuracy).min().orElse(1));
    }
    double floor = Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
    out.add(write(dir.resolve("accuracy-per-hop.png"), LineCharts.chart(
        "A_f and A_r per hop from the starting models (mean over seeds)", "hop", 0, maxHop,
        List.of(new LineCharts.Panel("A_f", 0, 1, af), new LineCharts.Panel("A_r", floor, 1, ar))), 1100, 800));

    List<LineCharts.Line> curves = new ArrayList<>();
    double maxStep = 1;
    for (Map.Entry<String, Summary> e : rows.entrySet()) {
      Summary s = e.getValue();
      curves.add(new LineCharts.Line(e.getKey(),
          s.relearnCurve().stream().map(p -> new double[] {p.step(), p.forgetAccuracy()}).toList()));
      maxStep = Math.max(maxStep, s.relearnCurve().stream().mapToDouble(ExperimentResult.CurvePoint::step).max().orElse(1));
    }
    out.add(write(dir.resolve("relearn.png"), LineCharts.chart("Relearning attack: A_f after n SGD steps on "
        + result.setup().relearnForgetImages() + " forget + " + result.setup().relearnRetainedImages()
        + " retained images (models that knew the class)", "steps", 0, maxStep,
        List.of(new LineCharts.Panel("A_f", 0, 1, curves))), 1100, 500));

    List<LineCharts.Line> rocs = new ArrayList<>();
    for (Map.Entry<String, Summary> e : rows.entrySet()) {
      rocs.add(new LineCharts.Line(e.getKey(), e.getValue().roc().stream().map(p -> new double[] {p.fpr(), p.tpr()}).toList()));
    }
    rocs.add(new LineCharts.Line("chance", List.of(new double[] {0, 0}, new double[] {1, 1})));
    out.add(write(dir.resolve("mia-roc.png"), LineCharts.chart("U-LiRA-style membership inference: mean ROC "
        + "(members: forget set; non-members: held-out training images)", "FPR", 0, 1,
        List.of(new LineCharts.Panel("TPR", 0, 1, rocs))), 1000, 800));
    return out;
  }

  private static Path write(Path file, org.jfree.chart.JFreeChart chart, int width, int height) throws IOException {
    Files.write(file, LineCharts.png(chart, width, height));
    return file;
  }
}
