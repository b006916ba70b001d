package org.optspec.cli;

import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.optspec.runtime.TrainingListener.EpochSummary;

/**
 * {@code loss.png}: train and validation loss per epoch on the left axis, the learning rate over the
 * steps of training (in epochs along the same x axis) on the right.
 */
final class LossChart {
  private static final int MAX_LR_POINTS = 2000;

  private LossChart() {}

  /**
   * @param lr the learning rate at a step, as the trainer's schedule gives it
   * @param stepsPerEpoch to place steps on the epoch axis
   * @param firstStep the step training started from (0, or the resumed checkpoint's)
   */
  static XYChart of(String name, List<EpochSummary> history, String validationLabel, LongToDoubleFunction lr, long stepsPerEpoch,
      long firstStep) {
    XYChart chart = ChartStyle.newChart(name + ": loss per epoch", "epoch", "loss");
    int n = history.size();
    double[] epochs = new double[n];
    double[] train = new double[n];
    double[] validation = new double[n];
    boolean hasValidation = false;
    for (int i = 0; i < n; i++) {
      EpochSummary s = history.get(i);
      epochs[i] = s.epoch();
      train[i] = s.trainLoss();
      validation[i] = s.validationLoss();
      hasValidation |= !Double.isNaN(s.validationLoss());
    }
    XYSeries t = chart.addSeries("train loss", epochs, train);
    t.setMarker(SeriesMarkers.CIRCLE);
    t.setLineStyle(ChartStyle.SOLID);
    if (hasValidation) {
      XYSeries v = chart.addSeries(validationLabel + " loss", epochs, validation);
      v.setMarker(SeriesMarkers.DIAMOND);
      v.setLineStyle(ChartStyle.SOLID);
    }
    long lastStep = n == 0 ? firstStep : history.get(n - 1).step();
    if (lastStep > firstStep && stepsPerEpoch > 0) {
      LrCurve curve = LrCurve.sample(lr, firstStep, lastStep, MAX_LR_POINTS, stepsPerEpoch);
      XYSeries r = chart.addSeries("learning rate", curve.x(), curve.y());
      r.setYAxisGroup(1);
      r.setMarker(SeriesMarkers.NONE);
      r.setLineStyle(ChartStyle.DASHED);
      r.setLineColor(ChartStyle.PALETTE[2]);
      chart.setYAxisGroupTitle(1, "learning rate");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      chart.getStyler().setYAxisMin(1, 0.0);
    }
    chart.getStyler().setXAxisMin(0.0);
    return chart;
  }
}
