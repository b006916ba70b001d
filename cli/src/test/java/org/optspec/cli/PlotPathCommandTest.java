package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec plot path}: the loss surface as filled contours with each optimizer's path on it. */
class PlotPathCommandTest {
  private static final String[] ROSENBROCK = {"../docs/examples/rosenbrock_momentum.optspec",
      "../docs/examples/rosenbrock_adam.optspec", "../docs/examples/rosenbrock_nadam.optspec",
      "../docs/examples/rosenbrock_lion.optspec"};

  /** A bowl with its minimum at (1, -0.5); ten plain sgd steps from (-2, 2) stop well short of it. */
  private static final String BOWL = """
      objective Bowl {
        precision float64
        params {
          x = -2
          y = 2
        }
        minimize (x - 1)^2 + 4 * (y + 0.5)^2
        optimizer sgd(lr: 0.02)
        steps 10
      }
      """;

  @Test
  void drawsTheFourRosenbrockPathsWithALegendNamingEachOptimizer(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("paths.png");
    String[] args = new String[ROSENBROCK.length + 4];
    args[0] = "plot";
    args[1] = "path";
    System.arraycopy(ROSENBROCK, 0, args, 2, ROSENBROCK.length);
    args[args.length - 2] = "-o";
    args[args.length - 1] = png.toString();
    Cli.Run r = Cli.run(args);
    assertEquals(0, r.status(), r.err());
    // the picture README.md shows is this one: look at it after a change (target/rosenbrock_paths.png)
    Files.copy(png, Path.of("target/rosenbrock_paths.png"), StandardCopyOption.REPLACE_EXISTING);
    for (String label : List.of("RosenbrockMomentum: sgd(lr: 1e-3, momentum: 0.9)", "RosenbrockAdam: adam(lr: 0.05)",
        "RosenbrockNadam: nadam(lr: 0.02)", "RosenbrockLion: lion(lr: 0.005), cosine(steps: 2000)")) {
      assertTrue(r.out().contains(label + ": (x, y) = (-1.5000, 2.0000) -> "), r.out());
    }
    assertTrue(r.out().contains("RosenbrockAdam: adam(lr: 0.05): (x, y) = (-1.5000, 2.0000) -> (1.0000, 1.0000)"), r.out());
    assertTrue(r.out().contains("surface: x in ["), r.out());
    PngAssertions.assertChart(png);
    for (int c = 0; c < 4; c++) {
      assertTrue(PngAssertions.pixelsOf(png, ChartStyle.PALETTE[c]) > 150, "path " + c + " drawn in its colour");
    }
  }

  @Test
  void startAndEndMarkersSitWhereTheAxisMappingPutsThemAndTheBandsFollowTheLoss(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("bowl.optspec"), BOWL);
    Path png = dir.resolve("bowl.png");
    Cli.Run r = Cli.run("plot", "path", spec.toString(), "--range", "-3:3,-2:3", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(LossSurfaceChart.WIDTH, image.getWidth());
    assertEquals(LossSurfaceChart.HEIGHT, image.getHeight());
    LossSurfaceChart.Frame frame = LossSurfaceChart.frame(new LossSurfaceChart.Range(-3, 3), new LossSurfaceChart.Range(-2, 3), 1);
    ObjectiveRun.Result run = ObjectiveRun.compile(spec).run(null, true);
    double[] start = run.path().get(0);
    double[] end = run.path().get(run.path().size() - 1);
    assertArrayEquals(new double[] {-2, 2}, start);
    // sgd on a separable bowl: x - 1 shrinks by (1 - 2 lr) per step, y + 0.5 by (1 - 8 lr)
    assertEquals(1 - 3 * Math.pow(0.96, 10), end[0], 1e-12);
    assertEquals(-0.5 + 2.5 * Math.pow(0.84, 10), end[1], 1e-12);
    assertEquals(Color.WHITE.getRGB(), pixel(image, frame.px(start[0]), frame.py(start[1])), "the start: a white circle");
    assertEquals(LossSurfaceChart.colour(0).getRGB(), pixel(image, frame.px(end[0]), frame.py(end[1])),
        "the end: a disc of the path's colour");
    // the bands: the minimum's is the lowest band's colour, a far corner's another, higher one
    ObjectiveSurface surface = ObjectiveSurface.of(ObjectiveRun.compile(spec));
    surface.setAll(end);
    double[][] grid = LossSurfaceChart.sample((x, y) -> surface.lossAt(0, x, 1, y), frame);
    Levels levels = Levels.of(grid);
    int atMinimum = pixel(image, frame.px(1), frame.py(-0.5));
    int farCorner = pixel(image, frame.px(-2.9), frame.py(-1.9));
    assertNotEquals(atMinimum, farCorner);
    int minimumBand = levels.band(surface.lossAt(0, 1, 1, -0.5));
    assertEquals(0, minimumBand, "the minimum lies in the lowest band");
    Color lowest = LossSurfaceChart.bandColour(0, levels.bands());
    assertTrue(atMinimum == lowest.getRGB() || atMinimum == LossSurfaceChart.isoLine(lowest).getRGB(),
        Integer.toHexString(atMinimum) + " is not the lowest band's colour " + Integer.toHexString(lowest.getRGB()));
    int cornerBand = levels.band(surface.lossAt(0, -2.9, 1, -1.9));
    assertTrue(cornerBand > minimumBand + 3, cornerBand + " vs " + minimumBand);
    assertEquals(LossSurfaceChart.bandColour(cornerBand, levels.bands()).getRGB(), farCorner);
  }

  @Test
  void theBandsAreLogSpacedRoundLevels() {
    Levels levels = Levels.of(new double[][] {{0.05, 1}, {40, 2500}});
    assertArrayEquals(new double[] {0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000}, levels.bounds(), 1e-12);
    assertEquals(0, levels.band(0.05));
    assertEquals(3, levels.band(1));
    assertEquals(9, levels.band(2500));
    Levels fewer = Levels.of(new double[][] {{1, 60}});
    assertArrayEquals(new double[] {2, 5, 10, 20, 50}, fewer.bounds(), 1e-12);
    Levels negative = Levels.of(new double[][] {{-1, 999}});
    assertTrue(negative.bounds()[0] > -1 && negative.bounds()[negative.bounds().length - 1] < 999);
    assertTrue(negative.band(-0.999) < negative.band(0) && negative.band(0) < negative.band(100), "monotone over the shift");
  }

  @Test
  void refusesATrainerAndAnElementTheObjectiveLacks(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("p.png");
    Cli.Run trainer = Cli.run("plot", "path", Cli.DIABETES.toString(), "-o", png.toString());
    assertEquals(1, trainer.status());
    assertTrue(trainer.err().contains("plot path draws objectives"), trainer.err());
    Path spec = Files.writeString(dir.resolve("bowl.optspec"), BOWL);
    Cli.Run missing = Cli.run("plot", "path", spec.toString(), "--params", "x,z", "-o", png.toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("Bowl has no parameter element z (it has x, y)"), missing.err());
    Cli.Run badRange = Cli.run("plot", "path", spec.toString(), "--range", "1:0,0:1", "-o", png.toString());
    assertEquals(1, badRange.status());
    assertTrue(badRange.err().contains("each range needs finite MIN < MAX, got 1:0"), badRange.err());
    assertTrue(Files.notExists(png));
  }

  @Test
  void choosesTwoElementsOfALargerObjective(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("three.optspec"), """
        objective Three {
          precision float64
          params {
            w[3] = [2, -1, 0.5]
          }
          minimize sum(w^2)
          optimizer adam(lr: 0.1)
          steps 30
        }
        """);
    Path png = dir.resolve("three.png");
    Cli.Run none = Cli.run("plot", "path", spec.toString(), "-o", png.toString());
    assertEquals(1, none.status());
    assertTrue(none.err().contains("Three has 3 parameter elements (w[0], w[1], w[2]); choose two with --params X,Y"), none.err());
    Cli.Run r = Cli.run("plot", "path", spec.toString(), "--params", "w[0],w[2]", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("Three: adam(lr: 0.1): (w[0], w[2]) = (2.0000, 0.5000) -> "), r.out());
    PngAssertions.assertChart(png);
  }

  private static int pixel(BufferedImage image, double x, double y) {
    return image.getRGB((int) Math.floor(x), (int) Math.floor(y));
  }
}
