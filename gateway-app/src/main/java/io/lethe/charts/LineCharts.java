package io.lethe.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts with JFreeChart, the project's one charting library (the audit report's charts and
 * {@code lethe experiment}'s plots), rendered to PNG off-screen.
 */
public final class LineCharts {
  /** One named line: points {@code {x, y}}; NaN y values are left out. */
  public record Line(String name, List<double[]> points) {}

  /** One panel: its y label and range, and its lines. */
  public record Panel(String yLabel, double yMin, double yMax, List<Line> lines) {}

  // the first line (the original models, in the experiment) in dark grey
  private static final Color[] PALETTE = {new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4),
      new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c), new Color(0x94, 0x67, 0xbd),
      new Color(0xff, 0x7f, 0x0e), new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2),
      new Color(0x17, 0xbe, 0xcf), new Color(0xbc, 0xbd, 0x22)};

  private LineCharts() {}

  /** Panels stacked over one shared x axis; a line named {@code chance} is drawn light grey. */
  public static JFreeChart chart(String title, String xLabel, double xMin, double xMax, List<Panel> panels) {
    NumberAxis x = new NumberAxis(xLabel);
    x.setRange(xMin, xMax <= xMin ? xMin + 1 : xMax);
    boolean integral = panels.stream().flatMap(p -> p.lines().stream()).flatMap(l -> l.points().stream())
        .allMatch(pt -> pt[0] == Math.rint(pt[0]));
    if (integral) {
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
    plot.setGap(18);
    boolean first = true;
    for (Panel p : panels) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (Line l : p.lines()) {
        XYSeries s = new XYSeries(l.name(), false, true);
        for (double[] pt : l.points()) {
          if (!Double.isNaN(pt[1])) {
            s.add(pt[0], pt[1]);
          }
        }
        data.addSeries(s);
      }
      NumberAxis y = new NumberAxis(p.yLabel());
      y.setRange(p.yMin(), p.yMax());
      XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
      for (int i = 0; i < p.lines().size(); i++) {
        boolean chance = p.lines().get(i).name().equals("chance");
        r.setSeriesPaint(i, chance ? Color.LIGHT_GRAY : PALETTE[i % PALETTE.length]);
        r.setSeriesStroke(i, new BasicStroke(i == 0 ? 3f : 2f));
        r.setSeriesShapesVisible(i, !chance);
        r.setSeriesVisibleInLegend(i, first); // the panels share their lines' names: one legend
      }
      first = false;
      XYPlot sub = new XYPlot(data, null, y, r);
      sub.setBackgroundPaint(Color.WHITE);
      sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
      sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
      plot.add(sub, 1);
    }
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.addSubtitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 13)));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** The chart as PNG bytes. */
  public static byte[] png(JFreeChart chart, int width, int height) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = chart.createBufferedImage(width, height);
    return ChartUtils.encodeAsPNG(img);
  }
}
