package io.lethe.bench.zkml;

import io.lethe.bench.zkml.ModelCell.Basis;
import io.lethe.charts.LineCharts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The benchmark's plot: prove CPU time and peak memory against model size (weights), log-log,
 * one colour per backend and statement; solid where the chunk proofs were made in the run,
 * dashed where computed from the per-chunk mean.
 */
public final class ZkmlCharts {
  private static final Color[] PALETTE = {new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28),
      new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd), new Color(0xff, 0x7f, 0x0e), new Color(0x8c, 0x56, 0x4b)};

  private ZkmlCharts() {}

  public static JFreeChart chart(String title, List<ModelCell> cells) {
    LogAxis x = new LogAxis("model size (weights; chunks = ⌈weights / 1024⌉)");
    x.setSmallestValue(100);
    x.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
    plot.setGap(18);
    LogAxis time = new LogAxis("prove CPU time, s (dense update)");
    time.setSmallestValue(0.1);
    time.setTickUnit(new NumberTickUnit(1));
    NumberAxis memory = new NumberAxis("peak memory, MiB (one chunk at a time)");
    memory.setAutoRangeIncludesZero(true);
    plot.add(panel(cells, time, ModelCell::proveCpuSeconds, true), 1);
    plot.add(panel(cells, memory, c -> c.peakRssMiB(), false), 1);
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.addSubtitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 13)));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYPlot panel(List<ModelCell> cells, ValueAxis yAxis, ToDoubleFunction<ModelCell> y, boolean legend) {
    Map<String, XYSeries[]> lines = new LinkedHashMap<>(); // backend/statement → {measured, computed}
    for (ModelCell c : cells) {
      if (c.basis() == Basis.UNAVAILABLE) {
        continue;
      }
      String key = c.backend() + " " + c.statement();
      XYSeries[] s = lines.computeIfAbsent(key, k -> new XYSeries[] {new XYSeries(k + " (measured)", true, true),
          new XYSeries(k + " (computed)", true, true)});
      double v = y.applyAsDouble(c);
      if (v > 0 && !Double.isNaN(v)) {
        s[c.basis() == Basis.MEASURED ? 0 : 1].add(c.weights(), v);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    int i = 0;
    int colour = 0;
    for (XYSeries[] s : lines.values()) {
      // the computed line starts at the last measured point so the two read as one curve
      if (s[0].getItemCount() > 0 && s[1].getItemCount() > 0) {
        s[1].add(s[0].getDataItem(s[0].getItemCount() - 1));
      }
      for (int k = 0; k < 2; k++) {
        data.addSeries(s[k]);
        r.setSeriesPaint(i, PALETTE[colour % PALETTE.length]);
        r.setSeriesStroke(i, k == 0 ? new BasicStroke(2.5f)
            : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        r.setSeriesVisibleInLegend(i, legend && s[k].getItemCount() > 0);
        i++;
      }
      colour++;
    }
    XYPlot p = new XYPlot(data, null, yAxis, r);
    p.setBackgroundPaint(Color.WHITE);
    p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    p.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return p;
  }

  /** Writes the chart as {@code dir/zkmlops.png}; returns its path. */
  public static Path write(Path dir, String title, List<ModelCell> cells) throws IOException {
    Files.createDirectories(dir);
    Path png = dir.resolve("zkmlops.png");
    Files.write(png, LineCharts.png(chart(title, cells), 1000, 800));
    return png;
  }
}
