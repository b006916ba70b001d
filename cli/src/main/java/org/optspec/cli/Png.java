package org.optspec.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.optspec.runtime.io.AtomicFiles;

/** Renders a chart to PNG and writes it atomically. */
final class Png {

  private Png() {}

  static void write(XYChart chart, Path target) throws IOException {
    AtomicFiles.write(target, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }
}
