package org.optspec.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A classifier's confusion matrix as a picture: one square per (actual, predicted) pair, shaded by the share of the
 * actual class's rows it holds (so a class with few rows is as readable as a big one), the count written in it;
 * actual classes down the left, predicted ones along the top, the diagonal (right answers) outlined.
 */
final class ConfusionChart {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final Color LOW = new Color(0xF7FBFF);
  private static final Color HIGH = ChartStyle.PALETTE[0];

  private ConfusionChart() {}

  static byte[] png(String title, int[][] confusion) throws IOException {
    int n = confusion.length;
    int width = ChartStyle.WIDTH;
    int height = ChartStyle.HEIGHT;
    int top = 110;
    // the largest square cells that fit, the matrix centred
    int cell = Math.max(4, Math.min(90, (height - top - 30) / Math.max(1, n)));
    int left = (width - n * cell) / 2;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, 14, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(Color.GRAY);
    g.drawString("shade: share of the actual class's rows; outlined: right answers", 14, 52);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    centered(g, "predicted class", left + n * cell / 2, top - 42);
    drawVertical(g, "actual class", left - 50, top + n * cell / 2);
    Font labels = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    Font counts = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, Math.min(16, cell / 3)));
    for (int a = 0; a < n; a++) {
      int rowTotal = 0;
      for (int p = 0; p < n; p++) {
        rowTotal += confusion[a][p];
      }
      for (int p = 0; p < n; p++) {
        double share = rowTotal == 0 ? 0 : (double) confusion[a][p] / rowTotal;
        int x = left + p * cell;
        int y = top + a * cell;
        g.setColor(mix(LOW, HIGH, share));
        g.fillRect(x, y, cell, cell);
        g.setColor(new Color(0xDDDDDD));
        g.drawRect(x, y, cell, cell);
        g.setFont(counts);
        g.setColor(share > 0.5 ? Color.WHITE : Color.DARK_GRAY);
        centered(g, String.valueOf(confusion[a][p]), x + cell / 2, y + cell / 2);
      }
      g.setFont(labels);
      g.setColor(Color.DARK_GRAY);
      centered(g, String.valueOf(a), left - 18, top + a * cell + cell / 2);
      centered(g, String.valueOf(a), left + a * cell + cell / 2, top - 14);
    }
    g.setColor(ChartStyle.PALETTE[2]);
    g.setStroke(new java.awt.BasicStroke(2f));
    for (int d = 0; d < n; d++) {
      g.drawRect(left + d * cell + 1, top + d * cell + 1, cell - 2, cell - 2);
    }
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  private static Color mix(Color a, Color b, double t) {
    return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }

  private static void centered(Graphics2D g, String text, int cx, int cy) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, cx - fm.stringWidth(text) / 2, cy + (fm.getAscent() - fm.getDescent()) / 2);
  }

  private static void drawVertical(Graphics2D g, String text, int x, int cy) {
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2, x, cy);
    centered(r, text, x, cy);
    r.dispose();
  }
}
