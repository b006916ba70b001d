package org.optspec.cli;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.optspec.runtime.TrainingListener.EpochSummary;

/**
 * The loss curves of several runs on one log-scale chart: each run's train loss per epoch as a solid
 * line, its validation (or test) loss in the same colour, dashed.
 */
final class CompareChart {

  private CompareChart() {}

  record Curve(String name, List<EpochSummary> history, String validationLabel) {}

  static XYChart of(List<Curve> curves) {
    return of("Loss per epoch, same data and seed", curves);
  }

  static XYChart of(String title, List<Curve> curves) {
    XYChart chart = ChartStyle.newChart(title, "epoch", "loss (log scale)");
    List<double[]> all = new ArrayList<>();
    for (int c = 0; c < curves.size(); c++) {
      Curve curve = curves.get(c);
      var color = ChartStyle.PALETTE[c % ChartStyle.PALETTE.length];
      int n = curve.history().size();
      double[] x = new double[n];
      double[] train = new double[n];
      double[] validation = new double[n];
      boolean hasValidation = false;
      for (int i = 0; i < n; i++) {
        EpochSummary s = curve.history().get(i);
        x[i] = s.epoch();
        train[i] = positive(s.trainLoss());
        validation[i] = positive(s.validationLoss());
        hasValidation |= !Double.isNaN(s.validationLoss());
      }
      all.add(train);
      if (hasValidation) {
        all.add(validation);
      }
      XYSeries t = chart.addSeries(curve.name() + " train", x, train);
      t.setLineColor(color);
      t.setMarkerColor(color);
      t.setMarker(SeriesMarkers.CIRCLE);
      t.setLineStyle(ChartStyle.SOLID);
      if (hasValidation) {
        XYSeries v = chart.addSeries(curve.name() + " " + curve.validationLabel(), x, validation);
        v.setLineColor(color);
        v.setMarkerColor(color);
        v.setMarker(SeriesMarkers.NONE);
        v.setLineStyle(ChartStyle.DASHED);
      }
    }
    ChartStyle.logY(chart, all.toArray(double[][]::new));
    return chart;
  }

  /** A log axis cannot show 0 or a negative loss; such points are left out as NaN gaps. */
  private static double positive(double v) {
    return v > 0 ? v : Double.NaN;
  }
}
