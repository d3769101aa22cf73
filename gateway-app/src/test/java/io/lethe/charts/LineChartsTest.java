package io.lethe.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

class LineChartsTest {
  private static final List<LineCharts.Line> LINES = List.of(
      new LineCharts.Line("original", List.of(new double[] {0, 0.9}, new double[] {1, Double.NaN}, new double[] {2, 0.1})),
      new LineCharts.Line("retrain", List.of(new double[] {0, 0.0}, new double[] {1, 0.0}, new double[] {2, 0.0})));

  @Test
  void panelsShareOneAxisAndOneLegend() throws Exception {
    JFreeChart c = LineCharts.chart("t", "hop", 0, 2,
        List.of(new LineCharts.Panel("A_f", 0, 1, LINES), new LineCharts.Panel("A_r", 0.5, 1, LINES)));
    CombinedDomainXYPlot plot = (CombinedDomainXYPlot) c.getPlot();
    assertEquals(2, plot.getSubplots().size());
    assertEquals(2, plot.getLegendItems().getItemCount(), "one legend entry per line, not per panel");
    XYPlot first = (XYPlot) plot.getSubplots().get(0);
    assertEquals(2, first.getDataset().getItemCount(0), "NaN points are left out");
    byte[] png = LineCharts.png(c, 400, 300);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
  }
}
