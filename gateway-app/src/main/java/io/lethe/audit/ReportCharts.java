package io.lethe.audit;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts (JFreeChart), as PNG data URIs so the HTML needs no other file. */
final class ReportCharts {
  private ReportCharts() {}

  /** Grouped bars of one accuracy before and after, per model; null when nothing was measured. */
  static String beforeAfter(String title, List<BehaviourAudit.ModelFigures> models, boolean forget) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (BehaviourAudit.ModelFigures m : models) {
      Double before = forget ? m.forgetBefore() : m.retainBefore();
      Double after = forget ? m.forgetAfter() : m.retainAfter();
      if (before != null && after != null) {
        data.addValue(before, "before (archive store)", m.model());
        data.addValue(after, "after (live store)", m.model());
      }
    }
    if (data.getColumnCount() == 0) {
      return null;
    }
    JFreeChart chart = ChartFactory.createBarChart(title, "model", forget ? "A_f" : "A_r", data,
        PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getRangeAxis().setRange(0, 1);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, new Color(0x9e, 0x9e, 0x9e));
    r.setSeriesPaint(1, forget ? new Color(0xc6, 0x28, 0x28) : new Color(0x2e, 0x7d, 0x32));
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, Math.max(520, 46 * models.size() + 160), 320);
  }

  /** A_f along the relearning attack, one line per model that knew the classes; null when none. */
  static String relearn(List<BehaviourAudit.ModelFigures> models) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (BehaviourAudit.ModelFigures m : models) {
      if (m.relearnCurve() == null) {
        continue;
      }
      XYSeries s = new XYSeries(m.model() + " (after)");
      m.relearnCurve().forEach(p -> s.add(p.step(), p.forgetAccuracy()));
      data.addSeries(s);
    }
    if (data.getSeriesCount() == 0) {
      return null;
    }
    JFreeChart chart = ChartFactory.createXYLineChart("Relearning attack on the unlearnt models", "SGD steps",
        "A_f", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.getRangeAxis().setRange(0, 1);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    plot.setRenderer(r);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, 640, 320);
  }

  /** The membership-inference ROC before and after, per model that has the figures, over the diagonal; null when none. */
  static String membershipRoc(List<BehaviourAudit.ModelFigures> models) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (BehaviourAudit.ModelFigures m : models) {
      if (m.membership() == null) {
        continue;
      }
      data.addSeries(roc(m.model() + " before", m.membership().before()));
      data.addSeries(roc(m.model() + " after", m.membership().after()));
    }
    if (data.getSeriesCount() == 0) {
      return null;
    }
    XYSeries chance = new XYSeries("chance");
    chance.add(0, 0);
    chance.add(1, 1);
    data.addSeries(chance);
    JFreeChart chart = ChartFactory.createXYLineChart("MIA ROC", "false-positive rate", "true-positive rate", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.getRangeAxis().setRange(0, 1);
    plot.getDomainAxis().setRange(0, 1);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(data.getSeriesCount() - 1, Color.GRAY);
    plot.setRenderer(r);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, 520, 420);
  }

  private static XYSeries roc(String name, MembershipAudit.Attack attack) {
    XYSeries s = new XYSeries(name, false);
    attack.roc().forEach(p -> s.add(p.fpr(), p.tpr()));
    return s;
  }

  static String png(JFreeChart chart, int width, int height) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = chart.createBufferedImage(width, height);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(img));
  }
}
