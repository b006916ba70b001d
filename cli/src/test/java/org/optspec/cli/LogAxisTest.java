package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.AxisTicks;
import org.optspec.runtime.TrainingListener.EpochSummary;

/**
 * The log axis tells the truth: every value drawn sits where the labelled ticks around it say it should on a log
 * scale (read from the painted chart: XChart's own tick labels and positions, and its own value-to-pixel mapping).
 */
class LogAxisTest {

  private static List<EpochSummary> history(double... losses) {
    List<EpochSummary> h = new ArrayList<>();
    for (int i = 0; i < losses.length; i++) {
      h.add(new EpochSummary(i + 1, losses.length, 45L * (i + 1), losses[i], Double.NaN, 1e-3, 0.1));
    }
    return h;
  }

  @Test
  void theHelperReadsTickPositionsRightOnALinearAxis() {
    XYChart chart = ChartStyle.newChart("linear", "x", "y");
    chart.addSeries("s", new double[] {0, 1, 2}, new double[] {0.0, 0.5, 1.0});
    BitmapEncoder.getBufferedImage(chart);
    List<AxisTicks.Tick> ticks = AxisTicks.y(chart);
    assertTrue(ticks.size() >= 3, ticks.toString());
    for (AxisTicks.Tick t : ticks) {
      double value = Double.parseDouble(t.label().replace(",", ""));
      assertEquals(chart.getScreenYFromChart(value), t.screenY(), 1.0, t.toString());
    }
  }

  @Test
  void compareChartLabelsItsLossAxisLogarithmically() {
    // the bug: a test loss of 0.1419 drawn near the "0.6" label
    assertLogAxisTruthful(CompareChart.of(List.of(
        new CompareChart.Curve("a", history(1.87, 0.83, 0.39, 0.1419), "test"),
        new CompareChart.Curve("b", history(1.75, 0.52, 0.29, 0.19), "test"))));
    // and over many decades
    assertLogAxisTruthful(CompareChart.of(List.of(new CompareChart.Curve("c", history(12.5, 0.3, 2e-3, 4e-7), "test"))));
  }

  /** Every drawn point lies, to 2 px, where log-interpolating between the labelled ticks places its value. */
  static void assertLogAxisTruthful(XYChart chart) {
    BitmapEncoder.getBufferedImage(chart);
    List<AxisTicks.Tick> ticks = new ArrayList<>(AxisTicks.y(chart));
    ticks.sort(java.util.Comparator.comparingDouble(t -> Double.parseDouble(t.label().replace(",", ""))));
    assertTrue(ticks.size() >= 2, "at least two labelled ticks: " + ticks);
    double[] tickValue = ticks.stream().mapToDouble(t -> Double.parseDouble(t.label().replace(",", ""))).toArray();
    int checked = 0;
    for (XYSeries series : chart.getSeriesMap().values()) {
      double[] y = series.getYData();
      // a log axis stores the values themselves and maps them to pixels
      for (double stored : y) {
        if (!Double.isFinite(stored)) {
          continue;
        }
        double value = stored;
        double pixel = chart.getScreenYFromChart(stored);
        // the two ticks around the value (or the nearest two when it lies outside them)
        int a = 0;
        for (int i = 0; i + 1 < tickValue.length - 1 && tickValue[i + 1] <= value; i++) {
          a = i + 1;
        }
        int b = a + 1;
        double expected = ticks.get(a).screenY() + (ticks.get(b).screenY() - ticks.get(a).screenY())
            * (Math.log(value) - Math.log(tickValue[a])) / (Math.log(tickValue[b]) - Math.log(tickValue[a]));
        assertEquals(expected, pixel, 2.0, String.format(Locale.ROOT, "%s: %.4g drawn at y=%.1f, its ticks %s say %.1f",
            series.getName(), value, pixel, ticks, expected));
        checked++;
      }
    }
    assertTrue(checked > 0);
  }
}
