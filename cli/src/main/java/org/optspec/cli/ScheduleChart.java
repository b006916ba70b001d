package org.optspec.cli;

import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The learning rate over the steps of training, one curve per spec, each with its phase starts marked. */
final class ScheduleChart {

  private ScheduleChart() {}

  /** One spec's learning rate and the points where its {@code then} phases begin. */
  record Curve(String label, LrCurve lr, LrCurve phaseStarts) {}

  /** {@code x} in epochs when {@code stepsPerEpoch > 0}, otherwise in steps. */
  static XYChart of(String title, List<Curve> curves, long stepsPerEpoch) {
    String xTitle = stepsPerEpoch > 0 ? String.format(Locale.ROOT, "epoch (%,d steps each)", stepsPerEpoch) : "step";
    XYChart chart = ChartStyle.newChart(title, xTitle, "learning rate");
    boolean anyPhases = false;
    for (int c = 0; c < curves.size(); c++) {
      Curve curve = curves.get(c);
      var color = ChartStyle.PALETTE[c % ChartStyle.PALETTE.length];
      XYSeries s = chart.addSeries(curve.label(), curve.lr().x(), curve.lr().y());
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(ChartStyle.SOLID);
      s.setLineColor(color);
      if (curve.phaseStarts().x().length > 0) {
        // one legend entry says what the diamonds are; each spec's diamonds in its own colour
        XYSeries p = chart.addSeries(anyPhases ? " ".repeat(c + 1) : "phase starts", curve.phaseStarts().x(), curve.phaseStarts().y());
        p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        p.setMarker(SeriesMarkers.DIAMOND);
        p.setMarkerColor(curves.size() == 1 ? ChartStyle.PALETTE[1] : color);
        p.setShowInLegend(!anyPhases);
        anyPhases = true;
      }
    }
    if (curves.size() > 1) {
      // "Name: warmup(...) then cosine(...)" labels side by side would run off the chart
      chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    return chart;
  }
}
