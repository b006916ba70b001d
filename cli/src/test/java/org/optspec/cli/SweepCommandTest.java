package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec sweep}: one compile, every configuration trained, ranked, the best as a --set line, a plot. */
class SweepCommandTest {

  @Test
  void threeLearningRatesOnDigitsRankedWithTheBestLineAndAPlotParallelAsSequential(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("sweep.png");
    Cli.Run sequential = Cli.run("sweep", Cli.DIGITS.toString(), "--grid", "optimizer.lr=1e-4,3e-3,0.3", "--set", "epochs=2",
        "--metric", "test_loss", "--report", dir.resolve("seq.json").toString(), "--plot", png.toString());
    assertEquals(0, sequential.status(), sequential.err());
    List<String> lines = sequential.out().lines().toList();
    assertTrue(lines.get(0).startsWith("DigitsClassifier: 3 trials, 1 at a time, 2 epochs each, seed 42"), lines.get(0));
    assertTrue(lines.get(1).matches("rank +settings +test_loss +train loss +epochs"), lines.get(1));
    assertTrue(lines.get(3).matches("1 +optimizer\\.lr=3e-3 .*"), sequential.out());
    assertTrue(lines.get(4).matches("2 +optimizer\\.lr=0\\.3 .*"), sequential.out());
    assertTrue(lines.get(5).matches("3 +optimizer\\.lr=1e-4 .*"), sequential.out());
    assertTrue(sequential.out().contains("best: --set epochs=2 --set optimizer.lr=0.003\n"), sequential.out());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(2 * ChartStyle.WIDTH, image.getWidth());
    assertEquals(ChartStyle.HEIGHT, image.getHeight());
    assertTrue(distinctColours(image) > 10, "the plot is blank");

    Cli.Run parallel = Cli.run("sweep", Cli.DIGITS.toString(), "--grid", "optimizer.lr=1e-4,3e-3,0.3", "--set", "epochs=2",
        "--metric", "test_loss", "--parallel", "3", "--report", dir.resolve("par.json").toString());
    assertEquals(0, parallel.status(), parallel.err());
    assertEquals(sequential.out().lines().skip(1).filter(l -> !l.startsWith("wrote")).toList(),
        parallel.out().lines().skip(1).filter(l -> !l.startsWith("wrote")).toList());
    assertEquals(Files.readString(dir.resolve("seq.json")), Files.readString(dir.resolve("par.json")));
  }

  @Test
  void aBadGridValueIsRefusedBeforeAnyTrialTrains() {
    Cli.Run r = Cli.run("sweep", Cli.DIGITS.toString(), "--grid", "optimizer.lr=1e-3,-1");
    assertEquals(1, r.status());
    assertEquals("error: --set optimizer.lr: adamw lr must be > 0, got -1\n", r.err());
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
