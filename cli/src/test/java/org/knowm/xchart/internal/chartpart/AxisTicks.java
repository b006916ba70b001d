package org.knowm.xchart.internal.chartpart;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads, after a chart has been painted, the labelled ticks XChart drew on its y axis and where: the axis mapping a
 * reader of the PNG sees. Lives in XChart's package because the axis is package-private there; tests only.
 */
public final class AxisTicks {

  private AxisTicks() {}

  /** A labelled tick: its text and the screen y (pixels from the top of the image) where it is drawn. */
  public record Tick(String label, double screenY) {}

  public static List<Tick> y(Chart<?, ?> chart) {
    Axis<?, ?> axis = chart.getYAxis();
    AxisTickCalculator ticks = axis.getAxisTickCalculator();
    Rectangle2D bounds = axis.getBounds();
    List<Tick> out = new ArrayList<>();
    for (int i = 0; i < ticks.getTickLabels().size(); i++) {
      String label = ticks.getTickLabels().get(i);
      // AxisTickLabels and the grid draw tick i at bounds.y + bounds.height - location(i); ticks beyond the axis are not drawn
      double screenY = bounds.getY() + bounds.getHeight() - ticks.getTickLocations().get(i);
      if (label != null && !label.isBlank() && screenY >= bounds.getY() - 0.5 && screenY <= bounds.getMaxY() + 0.5) {
        out.add(new Tick(label.strip(), screenY));
      }
    }
    return out;
  }
}
