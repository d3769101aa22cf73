package io.lethe.unlearning;

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
import javax.imageio.ImageIO;

/** Renders an experiment result as a Markdown table (paper Tables III/IV style) and PNG plots. */
public final class ExperimentReport {
  private static final Color[] PALETTE = {new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4),
      new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd)};

  private ExperimentReport() {}

  @SuppressWarnings("unchecked")
  public static String markdown(Map<String, Object> result) {
    Map<String, Object> setup = (Map<String, Object>) result.get("setup");
    Map<String, Object> original = (Map<String, Object>) result.get("original");
    Map<String, Object> methods = (Map<String, Object>) result.get("methods");
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Scenario `%s`, model `%s`, forget classes %s %s, %d affected models%s%n%n",
        setup.get("scenario"), setup.get("model"), setup.get("forgetClasses"), setup.get("forgetClassNames"),
        ((List<?>) setup.get("affectedModels")).size(), Boolean.TRUE.equals(setup.get("quick")) ? " (--quick)" : ""));
    sb.append("| method | A_f | A_r | MIA AUC | cumulative time (s) | consensus rounds |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    sb.append(String.format(Locale.ROOT, "| original | %.4f | %.4f | %.4f | – | – |%n",
        num(original.get("A_f")), num(original.get("A_r")), num(original.get("mia_auc"))));
    for (var e : methods.entrySet()) {
      Map<String, Object> m = (Map<String, Object>) e.getValue();
      Map<String, Object> d = (Map<String, Object>) m.get("details");
      sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.2f | %s |%n", e.getKey(),
          num(m.get("A_f")), num(m.get("A_r")), num(m.get("mia_auc")), num(m.get("seconds")),
          d == null ? "" : d.get("consensusRounds")));
    }
    if (result.containsKey("parallelSpeedup")) {
      sb.append(String.format(Locale.ROOT, "%nParallel (ga) vs sequential (retrain) cumulative time: %.1f× faster.%n",
          num(result.get("parallelSpeedup"))));
    }
    sb.append("\nPer model (A_f / A_r):\n\n| model | hops | original |");
    for (String name : methods.keySet()) {
      sb.append(' ').append(name).append(" |");
    }
    sb.append("\n| --- | ---: | ---: |");
    methods.keySet().forEach(n -> sb.append(" ---: |"));
    sb.append('\n');
    List<Map<String, Object>> rows = (List<Map<String, Object>>) original.get("perModel");
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> r = rows.get(i);
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f / %.3f |", r.get("model"), r.get("hops"),
          num(r.get("A_f")), num(r.get("A_r"))));
      for (var e : methods.entrySet()) {
        Map<String, Object> mr = ((List<Map<String, Object>>) ((Map<String, Object>) e.getValue()).get("perModel")).get(i);
        sb.append(String.format(Locale.ROOT, " %.3f / %.3f |", num(mr.get("A_f")), num(mr.get("A_r"))));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static double num(Object o) {
    return o == null ? Double.NaN : ((Number) o).doubleValue();
  }

  /** Writes {@code accuracy.png} (per-model A_f and A_r per method) and {@code time.png} (cumulative time). */
  @SuppressWarnings("unchecked")
  public static List<Path> plots(Map<String, Object> result, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Map<String, Object> original = (Map<String, Object>) result.get("original");
    Map<String, Object> methods = (Map<String, Object>) result.get("methods");
    List<String> series = new ArrayList<>();
    List<List<Map<String, Object>>> rows = new ArrayList<>();
    series.add("original");
    rows.add((List<Map<String, Object>>) original.get("perModel"));
    for (var e : methods.entrySet()) {
      series.add(e.getKey());
      rows.add((List<Map<String, Object>>) ((Map<String, Object>) e.getValue()).get("perModel"));
    }
    List<String> models = rows.get(0).stream().map(r -> (String) r.get("model")).toList();
    Path acc = dir.resolve("accuracy.png");
    BufferedImage img = new BufferedImage(1100, 700, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    barPanel(g, "A_f (accuracy on forgotten classes) per affected model", 60, 40, 1000, 280, models, series, rows, "A_f", 0.0);
    // A_r differs by hundredths between methods: start the axis just below the smallest value
    double lowest = rows.stream().flatMap(List::stream).mapToDouble(r -> num(r.get("A_r"))).min().orElse(0);
    double floor = Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
    barPanel(g, String.format(Locale.ROOT, "A_r (accuracy on retained classes) per affected model (axis from %.1f)", floor),
        60, 380, 1000, 280, models, series, rows, "A_r", floor);
    ImageIO.write(img, "png", acc.toFile());

    Path time = dir.resolve("time.png");
    img = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
    g = canvas(img);
    double max = 1e-9;
    for (int s = 1; s < rows.size(); s++) {
      for (var r : rows.get(s)) {
        max = Math.max(max, num(r.get("cumulativeSeconds")));
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
        int y = y0 - (int) (num(rows.get(s).get(i).get("cumulativeSeconds")) / max * h);
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
      List<String> series, List<List<Map<String, Object>>> rows, String key, double min) {
    int y0 = top + h;
    double max = 1.0;
    axes(g, title, x0, y0, w, h, models, min, max);
    double slot = (double) w / models.size();
    double bw = slot * 0.8 / series.size();
    for (int s = 0; s < series.size(); s++) {
      g.setColor(PALETTE[s % PALETTE.length]);
      for (int i = 0; i < models.size(); i++) {
        double v = num(rows.get(s).get(i).get(key));
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
