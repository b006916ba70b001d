package org.optspec.cli;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Several runs' loss against optimizer steps on one log-scale chart, one colour each. */
final class LossCurvesChart {
  /** Points per curve: more than a 1000-pixel-wide chart can show. */
  private static final int MAX_POINTS = 2000;

  private LossCurvesChart() {}

  /** One run: {@code loss[i]} after {@code step[i]} steps. */
  record Curve(String name, double[] step, double[] loss) {

    /** {@code losses[k]} after k steps. */
    static Curve ofSteps(String name, double[] losses) {
      double[] x = new double[losses.length];
      for (int k = 0; k < x.length; k++) {
        x[k] = k;
      }
      return new Curve(name, x, losses);
    }
  }

  static XYChart of(String title, List<Curve> curves) {
    XYChart chart = ChartStyle.newChart(title, "step", "loss (log scale)");
    double[][] all = new double[curves.size()][];
    for (int c = 0; c < curves.size(); c++) {
      Curve curve = curves.get(c);
      Curve shown = thin(curve);
      double[] y = new double[shown.loss().length];
      for (int i = 0; i < y.length; i++) {
        // a log axis cannot show 0 or a negative loss; such points are gaps
        y[i] = shown.loss()[i] > 0 ? shown.loss()[i] : Double.NaN;
      }
      all[c] = y;
      XYSeries s = chart.addSeries(curve.name(), shown.step(), y);
      var color = ChartStyle.PALETTE[c % ChartStyle.PALETTE.length];
      s.setLineColor(color);
      s.setMarkerColor(color);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(ChartStyle.SOLID);
    }
    ChartStyle.logY(chart, all);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    return chart;
  }

  /** At most {@link #MAX_POINTS} evenly spaced points, the first and the last kept. */
  private static Curve thin(Curve c) {
    int n = c.step().length;
    if (n <= MAX_POINTS) {
      return c;
    }
    double[] x = new double[MAX_POINTS];
    double[] y = new double[MAX_POINTS];
    for (int i = 0; i < MAX_POINTS; i++) {
      int k = (int) ((long) i * (n - 1) / (MAX_POINTS - 1));
      x[i] = c.step()[k];
      y[i] = c.loss()[k];
    }
    return new Curve(c.name(), x, y);
  }
}
