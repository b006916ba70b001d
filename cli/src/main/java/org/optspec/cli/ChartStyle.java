package org.optspec.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/** One look for every chart the command line draws: white, light grid, readable fonts, Tableau colours. */
final class ChartStyle {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  static final int WIDTH = 1000;
  static final int HEIGHT = 600;

  /** Tableau 10: distinguishable, and kind to colour-blind readers. */
  static final Color[] PALETTE = {
      new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x59A14F), new Color(0xB07AA1),
      new Color(0x76B7B2), new Color(0xEDC948), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

  static final BasicStroke SOLID = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  static final BasicStroke DASHED =
      new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);

  private ChartStyle() {}

  static XYChart newChart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0xBBBBBB));
    s.setPlotGridLinesColor(new Color(0xE6E6E6));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setLegendBorderColor(Color.WHITE);
    s.setSeriesColors(PALETTE);
    s.setChartPadding(14);
    s.setMarkerSize(7);
    s.setAntiAlias(true);
    s.setyAxisTickLabelsFormattingFunction(TickLabels::number);
    s.setChartTitleBoxVisible(false);
    return chart;
  }

  /**
   * Makes the y axis logarithmic over the positive finite values in {@code values}: XChart's own log tick calculator
   * (decade labels, grid lines at 2..9 of each decade), which it uses only without a custom label function (with one
   * it places linear ticks over log-placed data, the labels then lie). The axis starts at the decade below the
   * smallest value; it ends at the largest value, or at the decade above it when the values span no decade boundary,
   * so at least two labelled ticks always show.
   */
  static void logY(XYChart chart, double[]... values) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double[] series : values) {
      for (double v : series) {
        if (v > 0 && Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    XYStyler s = chart.getStyler();
    s.setYAxisLogarithmic(true);
    s.setyAxisTickLabelsFormattingFunction(null);
    if (max == 0) {
      return;
    }
    double low = Math.pow(10, Math.floor(Math.log10(min)));
    double high = max >= 10 * low ? max : Math.pow(10, Math.ceil(Math.log10(max)));
    s.setYAxisMin(low);
    s.setYAxisMax(high > low ? high : 10 * low);
  }
}
