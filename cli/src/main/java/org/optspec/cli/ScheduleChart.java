package org.optspec.cli;

import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The learning rate over the steps of training. */
final class ScheduleChart {

  private ScheduleChart() {}

  /** {@code x} in epochs when {@code stepsPerEpoch > 0}, otherwise in steps. */
  static XYChart of(String name, String schedule, double[] x, double[] lr, long stepsPerEpoch, double[] phaseX, double[] phaseLr) {
    String xTitle = stepsPerEpoch > 0 ? String.format(Locale.ROOT, "epoch (%,d steps each)", stepsPerEpoch) : "step";
    XYChart chart = ChartStyle.newChart(name + ": learning rate", xTitle, "learning rate");
    XYSeries s = chart.addSeries(schedule, x, lr);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(ChartStyle.SOLID);
    if (phaseX.length > 0) {
      XYSeries p = chart.addSeries("phase starts", phaseX, phaseLr);
      p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      p.setMarker(SeriesMarkers.DIAMOND);
      p.setMarkerColor(ChartStyle.PALETTE[1]);
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    return chart;
  }
}
