package io.lethe.experiment;

import io.lethe.experiment.ExperimentResult.MethodResult;
import io.lethe.experiment.ExperimentResult.ModelResult;
import io.lethe.fl.Scenario;
import io.lethe.ledger.Method;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Renders an experiment result as a Markdown table (paper Tables III/IV style) and PNG plots. */
public final class ExperimentReport {
  private static final Color[] PALETTE = {new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4),
      new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd)};

  private ExperimentReport() {}

  public static String markdown(ExperimentResult result) {
    ExperimentResult.Setup setup = result.setup();
    ExperimentResult.Original original = result.original();
    Map<Method, MethodResult> methods = result.methods();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Scenario `%s`, model `%s`, forget classes %s %s, %d affected models%s%n%n",
        setup.scenario(), setup.model(), List.copyOf(new TreeSet<>(setup.forgetClasses())), setup.forgetClassNames(),
        setup.affectedModels().size(), setup.quick() ? " (--quick)" : ""));
    sb.append("| method | A_f | A_r | MIA AUC | cumulative time (s) | consensus rounds |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    sb.append(String.format(Locale.ROOT, "| original | %.4f | %.4f | %.4f | – | – |%n",
        original.forgetAccuracy(), original.retainAccuracy(), original.miaAuc()));
    for (var e : methods.entrySet()) {
      MethodResult m = e.getValue();
      sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.2f | %s |%n", e.getKey(),
          m.forgetAccuracy(), m.retainAccuracy(), m.miaAuc(), m.seconds(),
          m.details() == null ? "" : m.details().consensusRounds()));
    }
    if (result.parallelSpeedup() != null) {
      sb.append(String.format(Locale.ROOT, "%nParallel (%s) vs sequential (%s) cumulative time: %.1f× faster.%n",
          Method.GRADIENT_ASCENT, Method.RETRAIN, result.parallelSpeedup()));
    }
    sb.append("\nPer model (A_f / A_r):\n\n| model | hops | original |");
    for (Method method : methods.keySet()) {
      sb.append(' ').append(method).append(" |");
    }
    sb.append("\n| --- | ---: | ---: |");
    methods.keySet().forEach(n -> sb.append(" ---: |"));
    sb.append('\n');
    List<ModelResult> rows = original.perModel();
    for (int i = 0; i < rows.size(); i++) {
      ModelResult r = rows.get(i);
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f / %.3f |", r.model(), r.hops(),
          r.forgetAccuracy(), r.retainAccuracy()));
      for (MethodResult m : methods.values()) {
        ModelResult mr = m.perModel().get(i);
        sb.append(String.format(Locale.ROOT, " %.3f / %.3f |", mr.forgetAccuracy(), mr.retainAccuracy()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes {@code accuracy.png} (per-model A_f and A_r per method) and {@code time.png} (cumulative time). */
  public static List<Path> plots(ExperimentResult result, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    List<String> series = new ArrayList<>();
    List<List<ModelResult>> rows = new ArrayList<>();
    series.add("original");
    rows.add(result.original().perModel());
    for (var e : result.methods().entrySet()) {
      series.add(e.getKey().word());
      rows.add(e.getValue().perModel());
    }
    List<String> models = rows.get(0).stream().map(ModelResult::model).toList();
    Path acc = dir.resolve("accuracy.png");
    BufferedImage img = new BufferedImage(1100, 700, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    barPanel(g, "A_f (accuracy on forgotten classes) per affected model", 60, 40, 1000, 280, models, series, rows,
        ModelResult::forgetAccuracy, 0.0);
    // A_r differs by hundredths between methods: start the axis just below the smallest value
    double lowest = rows.stream().flatMap(List::stream).mapToDouble(ModelResult::retainAccuracy).min().orElse(0);
    double floor = Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
    barPanel(g, String.format(Locale.ROOT, "A_r (accuracy on retained classes) per affected model (axis from %.1f)", floor),
        60, 380, 1000, 280, models, series, rows, ModelResult::retainAccuracy, floor);
    ImageIO.write(img, "png", acc.toFile());

    Path time = dir.resolve("time.png");
    img = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
    g = canvas(img);
    double max = 1e-9;
    for (int s = 1; s < rows.size(); s++) {
      for (var r : rows.get(s)) {
        max = Math.max(max, cumulativeSeconds(r));
      }
    }
    int x0 = 80;
    int y0 = 420;
    int w = 760;
    int h = 360;
    axes(g, "Cumulative unlearning time (s) over affected models (topological order)", x0, y0, w, h, models, 0, max);
    for (int s = 1; s < rows.size(); s++) {
      g.setColor(PALETTE[s % PALETTE.length]);
      g.setStroke(new BasicStroke(2.5f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < rows.get(s).size(); i++) {
        int x = x0 + (int) ((i + 0.5) * w / models.size());
        int y = y0 - (int) (cumulativeSeconds(rows.get(s).get(i)) / max * h);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        g.fillOval(x - 3, y - 3, 7, 7);
        px = x;
        py = y;
      }
      g.drawString(series.get(s), x0 + 20, y0 - h + 20 * s);
    }
    ImageIO.write(img, "png", time.toFile());
    return List.of(acc, time);
  }

  private static double cumulativeSeconds(ModelResult r) {
    return r.cumulativeSeconds() == null ? Double.NaN : r.cumulativeSeconds();
  }

  private static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  private static void axes(Graphics2D g, String title, int x0, int y0, int w, int h, List<String> labels,
      double min, double max) {
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawLine(x0, y0, x0 + w, y0);
    g.drawLine(x0, y0, x0, y0 - h);
    g.drawString(title, x0, y0 - h - 12);
    for (int t = 0; t <= 4; t++) {
      int y = y0 - t * h / 4;
      g.drawLine(x0 - 4, y, x0, y);
      g.drawString(String.format(Locale.ROOT, "%.2f", min + (max - min) * t / 4), x0 - 50, y + 4);
    }
    for (int i = 0; i < labels.size(); i++) {
      g.drawString(labels.get(i), x0 + (int) ((i + 0.5) * w / labels.size()) - 12, y0 + 16);
    }
  }

  private static void barPanel(Graphics2D g, String title, int x0, int top, int w, int h, List<String> models,
      List<String> series, List<List<ModelResult>> rows, ToDoubleFunction<ModelResult> metric, double min) {
    int y0 = top + h;
    double max = 1.0;
    axes(g, title, x0, y0, w, h, models, min, max);
    double slot = (double) w / models.size();
    double bw = slot * 0.8 / series.size();
    for (int s = 0; s < series.size(); s++) {
      g.setColor(PALETTE[s % PALETTE.length]);
      for (int i = 0; i < models.size(); i++) {
        double v = metric.applyAsDouble(rows.get(s).get(i));
        int bh = (int) Math.round(Math.max(0, v - min) / (max - min) * h);
        int x = x0 + (int) (i * slot + slot * 0.1 + s * bw);
        g.fillRect(x, y0 - bh, Math.max(1, (int) bw - 1), bh);
      }
      // legend on the title line, right-aligned, so it never covers a bar
      int lx = x0 + w - 90 * (series.size() - s);
      g.fillRect(lx, top - 22, 10, 10);
      g.drawString(series.get(s), lx + 14, top - 12);
    }
  }
}
