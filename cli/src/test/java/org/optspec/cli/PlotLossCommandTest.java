package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec plot loss}: several runs' loss against steps on one log-scale chart, from specs or trace CSVs. */
class PlotLossCommandTest {

  @Test
  void specsAndATraceCsvShareOneLogScaleChart(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("nadam_trace.csv");
    Cli.Run traced = Cli.run("trace", "../docs/examples/rosenbrock_nadam.optspec", "--steps", "300", "--out", trace.toString());
    assertEquals(0, traced.status(), traced.err());
    Path png = dir.resolve("loss.png");
    Cli.Run r = Cli.run("plot", "loss", "../docs/examples/rosenbrock_adam.optspec", "../docs/examples/rosenbrock_lion.optspec",
        trace.toString(), "--steps", "500", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    // the loss at the start (-1.5, 2): (2.5)^2 + 100 (2 - 2.25)^2 = 12.5
    assertTrue(r.out().contains("RosenbrockAdam: 500 steps, loss 12.5000 -> "), r.out());
    assertTrue(r.out().contains("RosenbrockLion: 500 steps, loss 12.5000 -> "), r.out());
    assertTrue(r.out().contains("nadam_trace: 300 steps, loss 12.5000 -> "), r.out());
    PngAssertions.assertChart(png);
    for (int c = 0; c < 3; c++) {
      assertTrue(PngAssertions.pixelsOf(png, ChartStyle.PALETTE[c]) > 300, "run " + c + " drawn in its colour");
    }
  }

  @Test
  void aCsvThatIsNotATraceIsRefusedWithItsHeader(@TempDir Path dir) throws IOException {
    Path csv = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
    Cli.Run r = Cli.run("plot", "loss", csv.toString(), "-o", dir.resolve("x.png").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("not a trace CSV (`optspec trace --out` writes step,lr,loss,...); its header is a,b"), r.err());
    assertTrue(Files.notExists(dir.resolve("x.png")));
  }
}
