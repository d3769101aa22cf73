package io.lethe.experiment;

import io.lethe.experiment.ExperimentResult.HopRow;
import io.lethe.experiment.ExperimentResult.Scores;
import io.lethe.experiment.ExperimentResult.Summary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/** Renders an experiment result as Markdown tables and PNG plots (accuracy per hop, relearn curves, MIA ROC). */
public final class ExperimentReport {
  private static final Color[] PALETTE = {new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4),
      new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd),
      new Color(0xff, 0x7f, 0x0e), new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2),
      new Color(0x17, 0xbe, 0xcf), new Color(0xbc, 0xbd, 0x22)};

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

  /** Writes {@code accuracy-per-hop.png}, {@code relearn.png} and {@code mia-roc.png}. */
  public static List<Path> plots(ExperimentResult result, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Map<String, Summary> rows = rows(result);
    List<Path> out = new ArrayList<>();

    Path acc = dir.resolve("accuracy-per-hop.png");
    BufferedImage img = new BufferedImage(1100, 800, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    int maxHop = result.original().perHop().stream().mapToInt(HopRow::hop).max().orElse(0);
    List<List<double[]>> af = new ArrayList<>();
    List<List<double[]>> ar = new ArrayList<>();
    double lowest = 1;
    for (Summary s : rows.values()) {
      af.add(s.perHop().stream().map(h -> new double[] {h.hop(), h.forgetAccuracy()}).toList());
      ar.add(s.perHop().stream().map(h -> new double[] {h.hop(), h.retainAccuracy()}).toList());
      lowest = Math.min(lowest, s.perHop().stream().mapToDouble(HopRow::retainAccuracy).min().orElse(1));
    }
    List<String> names = new ArrayList<>(rows.keySet());
    linePanel(g, "A_f per hop from the starting models (mean over seeds)", 80, 60, 820, 300, "hop", 0, maxHop, 0, 1, names, af);
    double floor = Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
    linePanel(g, "A_r per hop", 80, 440, 820, 300, "hop", 0, maxHop, floor, 1, names, ar);
    ImageIO.write(img, "png", acc.toFile());
    out.add(acc);

    Path rel = dir.resolve("relearn.png");
    img = new BufferedImage(1100, 500, BufferedImage.TYPE_INT_RGB);
    g = canvas(img);
    List<List<double[]>> curves = new ArrayList<>();
    double maxStep = 1;
    for (Summary s : rows.values()) {
      curves.add(s.relearnCurve().stream().map(p -> new double[] {p.step(), p.forgetAccuracy()}).toList());
      maxStep = Math.max(maxStep, s.relearnCurve().stream().mapToDouble(ExperimentResult.CurvePoint::step).max().orElse(1));
    }
    linePanel(g, "Relearning attack: A_f after n SGD steps on " + result.setup().relearnForgetImages() + " forget + "
        + result.setup().relearnRetainedImages() + " retained images (models that knew the class)", 80, 60, 820, 360,
        "steps", 0, maxStep, 0, 1, names, curves);
    ImageIO.write(img, "png", rel.toFile());
    out.add(rel);

    Path roc = dir.resolve("mia-roc.png");
    img = new BufferedImage(1000, 800, BufferedImage.TYPE_INT_RGB);
    g = canvas(img);
    List<List<double[]>> rocs = new ArrayList<>();
    for (Summary s : rows.values()) {
      rocs.add(s.roc().stream().map(p -> new double[] {p.fpr(), p.tpr()}).toList());
    }
    List<String> withChance = new ArrayList<>(names);
    withChance.add("chance");
    rocs.add(List.of(new double[] {0, 0}, new double[] {1, 1}));
    linePanel(g, "U-LiRA-style membership inference: mean ROC (members: forget set; non-members: held-out training images)",
        80, 60, 700, 660, "FPR", 0, 1, 0, 1, withChance, rocs);
    ImageIO.write(img, "png", roc.toFile());
    out.add(roc);
    return out;
  }

  private static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  private static void linePanel(Graphics2D g, String title, int x0, int top, int w, int h, String xLabel,
      double xMin, double xMax, double yMin, double yMax, List<String> names, List<List<double[]>> series) {
    int y0 = top + h;
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawLine(x0, y0, x0 + w, y0);
    g.drawLine(x0, y0, x0, top);
    g.drawString(title, x0, top - 14);
    double xr = Math.max(1e-9, xMax - xMin);
    double yr = Math.max(1e-9, yMax - yMin);
    for (int t = 0; t <= 4; t++) {
      int y = y0 - t * h / 4;
      g.drawLine(x0 - 4, y, x0, y);
      g.drawString(String.format(Locale.ROOT, "%.2f", yMin + yr * t / 4), x0 - 40, y + 4);
      int x = x0 + t * w / 4;
      g.drawLine(x, y0, x, y0 + 4);
      g.drawString(String.format(Locale.ROOT, xr >= 4 ? "%.0f" : "%.2f", xMin + xr * t / 4), x - 8, y0 + 18);
    }
    g.drawString(xLabel, x0 + w / 2, y0 + 34);
    for (int s = 0; s < series.size(); s++) {
      Color c = names.get(s).equals("chance") ? Color.LIGHT_GRAY : PALETTE[s % PALETTE.length];
      g.setColor(c);
      g.setStroke(new BasicStroke(s == 0 ? 3f : 2f));
      int px = Integer.MIN_VALUE;
      int py = 0;
      for (double[] p : series.get(s)) {
        if (Double.isNaN(p[1])) {
          continue;
        }
        int x = x0 + (int) ((p[0] - xMin) / xr * w);
        int y = y0 - (int) ((Math.max(yMin, Math.min(yMax, p[1])) - yMin) / yr * h);
        if (px != Integer.MIN_VALUE) {
          g.drawLine(px, py, x, y);
        }
        g.fillOval(x - 3, y - 3, 7, 7);
        px = x;
        py = y;
      }
      int ly = top + 10 + 18 * s;
      g.fillRect(x0 + w + 20, ly - 9, 12, 12);
      g.drawString(names.get(s), x0 + w + 38, ly + 2);
    }
  }
}
