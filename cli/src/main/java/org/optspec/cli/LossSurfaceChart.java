package org.optspec.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss over two parameters as filled contours, with optimizer paths drawn on it: {@code optspec plot path}.
 * XChart has no filled contour, so this paints its own: the loss at the centre of every pixel of the plot area,
 * coloured by its band between log-spaced levels ({@link Levels}), a darker line where the band changes (the
 * iso-lines), a colour bar naming the levels, then axes, each path with its start (a white circle) and end (a disc
 * of the path's colour), and a legend below.
 */
final class LossSurfaceChart {
  static final int WIDTH = ChartStyle.WIDTH;
  static final int HEIGHT = ChartStyle.HEIGHT;
  private static final int LEFT = 86;
  private static final int TOP = 52;
  private static final int RIGHT = 118;
  private static final int LEGEND_ROW = 22;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Color INK = new Color(0x333333);

  private LossSurfaceChart() {}

  /** The loss at a point of the plane. */
  interface Surface {
    double loss(double x, double y);
  }

  /** One optimizer's path: the two chosen elements after 0, 1, ... steps. */
  record Path(String label, double[] x, double[] y) {}

  /** {@code [min, max]} of one axis. */
  record Range(double min, double max) {
    Range {
      if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
        throw new IllegalArgumentException("an empty range: " + min + ".." + max);
      }
    }
  }

  /** Where the plot area is, and the mapping between the plane and its pixels. */
  record Frame(Range x, Range y, Rectangle area) {

    /** The horizontal pixel coordinate of {@code v} (the area's left edge is x.min, its right edge x.max). */
    double px(double v) {
      return area.x + (v - x.min()) / (x.max() - x.min()) * area.width;
    }

    /** The vertical pixel coordinate of {@code v} (the area's bottom edge is y.min, its top edge y.max). */
    double py(double v) {
      return area.y + area.height - (v - y.min()) / (y.max() - y.min()) * area.height;
    }

    /** The plane's x at the centre of pixel column {@code column} of the area. */
    double xAt(int column) {
      return x.min() + (column + 0.5) / area.width * (x.max() - x.min());
    }

    /** The plane's y at the centre of pixel row {@code row} of the area (row 0 at the top). */
    double yAt(int row) {
      return y.max() - (row + 0.5) / area.height * (y.max() - y.min());
    }
  }

  /** The frame a chart with {@code paths} legend entries uses. */
  static Frame frame(Range x, Range y, int paths) {
    int legendRows = (paths + 1) / 2 + 1;
    int bottom = 52 + legendRows * LEGEND_ROW;
    return new Frame(x, y, new Rectangle(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - bottom));
  }

  /** The loss at every pixel of the frame's area, row by row from the top; NaN where it is not finite. */
  static double[][] sample(Surface surface, Frame frame) {
    double[][] grid = new double[frame.area().height][frame.area().width];
    for (int row = 0; row < grid.length; row++) {
      double y = frame.yAt(row);
      for (int col = 0; col < grid[row].length; col++) {
        double v = surface.loss(frame.xAt(col), y);
        grid[row][col] = Double.isFinite(v) ? v : Double.NaN;
      }
    }
    return grid;
  }

  static BufferedImage draw(String title, String xName, String yName, Frame frame, double[][] grid, Levels levels,
      List<Path> paths) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    Rectangle a = frame.area();
    paintBands(image, a, grid, levels);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    axes(g, frame, xName, yName);
    colourBar(g, a, levels);
    java.awt.Shape clip = g.getClip();
    g.clip(a);
    // halos first, then the lines, each narrower than the one before: paths that share a stretch of the valley
    // show as nested stripes instead of the last one hiding the others
    List<Path2D> lines = paths.stream().map(p -> polyline(frame, p)).toList();
    for (int i = 0; i < paths.size(); i++) {
      g.setStroke(new BasicStroke(width(i, paths.size()) + 2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(new Color(255, 255, 255, 150));
      g.draw(lines.get(i));
    }
    for (int i = 0; i < paths.size(); i++) {
      g.setStroke(new BasicStroke(width(i, paths.size()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(colour(i));
      g.draw(lines.get(i));
    }
    for (int i = 0; i < paths.size(); i++) {
      Path p = paths.get(i);
      marker(g, frame.px(p.x()[0]), frame.py(p.y()[0]), 6.5, Color.WHITE, INK);
    }
    for (int i = 0; i < paths.size(); i++) {
      Path p = paths.get(i);
      int last = lastFinite(p);
      marker(g, frame.px(p.x()[last]), frame.py(p.y()[last]), 6, colour(i), Color.WHITE);
    }
    g.setClip(clip);
    g.setColor(INK);
    g.setFont(TITLE);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(fit(title, fm, WIDTH - 20), (WIDTH - Math.min(fm.stringWidth(title), WIDTH - 20)) / 2, 32);
    legend(g, a, paths);
    g.dispose();
    return image;
  }

  /** The line width of path {@code i} of {@code n}: 2 px for the last, 1.3 px more for each one before it. */
  static float width(int i, int n) {
    return 2f + 1.3f * (n - 1 - i);
  }

  /** The colour of path {@code i}: the palette every chart uses. */
  static Color colour(int i) {
    return ChartStyle.PALETTE[i % ChartStyle.PALETTE.length];
  }

  /** The colour of band {@code band} of {@code bands}: viridis, lightened so that the paths stand out on it. */
  static Color bandColour(int band, int bands) {
    double t = bands <= 1 ? 0 : (double) band / (bands - 1);
    int[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    double s = t * (stops.length - 1);
    int k = Math.min((int) s, stops.length - 2);
    double f = s - k;
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      double v = stops[k][c] + f * (stops[k + 1][c] - stops[k][c]);
      rgb[c] = (int) Math.round(0.55 * v + 0.45 * 255);
    }
    return new Color(rgb[0], rgb[1], rgb[2]);
  }

  /** An iso-line through a band of colour {@code band}: the band's colour, darker. */
  static Color isoLine(Color band) {
    return new Color((int) (band.getRed() * 0.72), (int) (band.getGreen() * 0.72), (int) (band.getBlue() * 0.72));
  }

  /** Not-finite loss (outside the objective's domain): light grey. */
  static final Color UNDEFINED = new Color(0xEEEEEE);

  private static void paintBands(BufferedImage image, Rectangle a, double[][] grid, Levels levels) {
    int[][] band = new int[a.height][a.width];
    for (int row = 0; row < a.height; row++) {
      for (int col = 0; col < a.width; col++) {
        band[row][col] = Double.isNaN(grid[row][col]) ? -1 : levels.band(grid[row][col]);
      }
    }
    int bands = levels.bands();
    for (int row = 0; row < a.height; row++) {
      for (int col = 0; col < a.width; col++) {
        int b = band[row][col];
        Color c = b < 0 ? UNDEFINED : bandColour(b, bands);
        boolean edge = (col + 1 < a.width && band[row][col + 1] != b) || (row + 1 < a.height && band[row + 1][col] != b);
        if (edge && b >= 0) {
          c = isoLine(c);
        }
        image.setRGB(a.x + col, a.y + row, c.getRGB());
      }
    }
  }

  private static void axes(Graphics2D g, Frame f, String xName, String yName) {
    Rectangle a = f.area();
    g.setColor(new Color(0x888888));
    g.setStroke(new BasicStroke(1f));
    g.drawRect(a.x, a.y, a.width, a.height);
    g.setFont(TICK);
    FontMetrics fm = g.getFontMetrics();
    for (double v : ticks(f.x())) {
      int x = (int) Math.round(f.px(v));
      g.setColor(new Color(0x888888));
      g.drawLine(x, a.y + a.height, x, a.y + a.height + 5);
      g.setColor(INK);
      String s = TickLabels.number(v);
      g.drawString(s, x - fm.stringWidth(s) / 2, a.y + a.height + 8 + fm.getAscent());
    }
    for (double v : ticks(f.y())) {
      int y = (int) Math.round(f.py(v));
      g.setColor(new Color(0x888888));
      g.drawLine(a.x - 5, y, a.x, y);
      g.setColor(INK);
      String s = TickLabels.number(v);
      g.drawString(s, a.x - 8 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
    }
    g.setFont(LABEL);
    fm = g.getFontMetrics();
    g.drawString(xName, a.x + (a.width - fm.stringWidth(xName)) / 2, a.y + a.height + 44);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    r.drawString(yName, -(a.y + (a.height + fm.stringWidth(yName)) / 2), 24);
    r.dispose();
  }

  /** The level bar right of the plot: one box per band, labelled with the levels between them. */
  private static void colourBar(Graphics2D g, Rectangle a, Levels levels) {
    int x = a.x + a.width + 18;
    int w = 18;
    int bands = levels.bands();
    double h = (double) a.height / bands;
    for (int b = 0; b < bands; b++) {
      g.setColor(bandColour(b, bands));
      int top = (int) Math.round(a.y + a.height - (b + 1) * h);
      int bottom = (int) Math.round(a.y + a.height - b * h);
      g.fillRect(x, top, w, bottom - top);
    }
    g.setColor(new Color(0x888888));
    g.drawRect(x, a.y, w, a.height);
    g.setFont(TICK);
    FontMetrics fm = g.getFontMetrics();
    g.setColor(INK);
    double[] bounds = levels.bounds();
    int every = Math.max(1, (int) Math.ceil(bounds.length / (a.height / (fm.getHeight() + 4.0))));
    for (int k = 0; k < bounds.length; k += every) {
      int y = (int) Math.round(a.y + a.height - (k + 1) * h);
      g.drawLine(x + w, y, x + w + 4, y);
      g.drawString(TickLabels.number(bounds[k]), x + w + 7, y + fm.getAscent() / 2 - 1);
    }
    g.setFont(TICK);
    g.drawString("loss", x - 2, a.y - 8);
  }

  private static void legend(Graphics2D g, Rectangle a, List<Path> paths) {
    g.setFont(LEGEND);
    FontMetrics fm = g.getFontMetrics();
    int top = a.y + a.height + 62;
    int column = (WIDTH - LEFT - 20) / 2;
    for (int i = 0; i < paths.size(); i++) {
      int x = LEFT + (i % 2) * column;
      int y = top + (i / 2) * LEGEND_ROW;
      g.setStroke(new BasicStroke(Math.min(width(i, paths.size()), 6f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setColor(colour(i));
      g.drawLine(x, y - 5, x + 26, y - 5);
      g.setColor(INK);
      g.drawString(fit(paths.get(i).label(), fm, column - 46), x + 34, y);
    }
    int y = top + ((paths.size() + 1) / 2) * LEGEND_ROW;
    marker(g, LEFT + 13, y - 5, 6.5, Color.WHITE, INK);
    g.setColor(INK);
    g.drawString("start", LEFT + 34, y);
    marker(g, LEFT + 100, y - 5, 6, new Color(0x777777), Color.WHITE);
    g.setColor(INK);
    g.drawString("end (in the path's colour)", LEFT + 114, y);
  }

  private static void marker(Graphics2D g, double x, double y, double r, Color fill, Color outline) {
    Ellipse2D disc = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
    g.setColor(fill);
    g.fill(disc);
    g.setStroke(new BasicStroke(1.6f));
    g.setColor(outline);
    g.draw(disc);
  }

  private static Path2D polyline(Frame f, Path p) {
    Path2D line = new Path2D.Double();
    int last = lastFinite(p);
    for (int k = 0; k <= last; k++) {
      // far outside points are pulled in so that Java2D's rasterizer sees coordinates it can handle
      double x = clamp(f.px(p.x()[k]));
      double y = clamp(f.py(p.y()[k]));
      if (k == 0) {
        line.moveTo(x, y);
      } else {
        line.lineTo(x, y);
      }
    }
    return line;
  }

  private static double clamp(double v) {
    return Math.max(-1e5, Math.min(1e5, v));
  }

  /** The last step before the path leaves the finite numbers (a diverged run ends there). */
  static int lastFinite(Path p) {
    int k = 0;
    while (k + 1 < p.x().length && Double.isFinite(p.x()[k + 1]) && Double.isFinite(p.y()[k + 1])) {
      k++;
    }
    return k;
  }

  /** Round-number ticks over {@code r}, about six of them. */
  static List<Double> ticks(Range r) {
    double raw = (r.max() - r.min()) / 6;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    List<Double> out = new ArrayList<>();
    for (double v = Math.ceil(r.min() / step) * step; v <= r.max() + 1e-9 * step; v += step) {
      out.add(Math.abs(v) < 1e-12 * step ? 0.0 : v);
    }
    return out;
  }

  private static String fit(String s, FontMetrics fm, int width) {
    if (fm.stringWidth(s) <= width) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }
}
