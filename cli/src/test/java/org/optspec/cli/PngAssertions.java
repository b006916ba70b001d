package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** A chart PNG that a person can look at: the chart's size, and real content, not a blank canvas. */
final class PngAssertions {

  private PngAssertions() {}

  static void assertChart(Path png) throws IOException {
    assertTrue(Files.size(png) > 10_000, png + " is only " + Files.size(png) + " bytes");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " is not a PNG");
    assertEquals(ChartStyle.WIDTH, image.getWidth());
    assertEquals(ChartStyle.HEIGHT, image.getHeight());
    int background = image.getRGB(0, 0);
    Set<Integer> colours = new HashSet<>();
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        colours.add(rgb);
        if (rgb != background) {
          ink++;
        }
      }
    }
    double inkFraction = (double) ink / ((long) image.getWidth() * image.getHeight());
    assertTrue(colours.size() >= 20, png + " has only " + colours.size() + " colours");
    assertTrue(inkFraction > 0.02, png + " is nearly blank: " + inkFraction + " of its pixels differ from the background");
  }

  /** The number of pixels of exactly this colour: a series drawn in it shows up. */
  static long pixelsOf(Path png, java.awt.Color colour) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }
}
