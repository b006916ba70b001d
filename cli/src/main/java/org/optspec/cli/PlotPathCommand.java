package org.optspec.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.optspec.grammar.Frontend;
import org.optspec.runtime.io.AtomicFiles;
import org.optspec.spec.CheckResult;
import org.optspec.spec.ObjectiveSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec plot path A.optspec B.optspec ... -o PNG}: each objective minimized from its own start, and its path
 * through two parameter elements drawn on the loss surface over them (filled contours at log-spaced levels). The
 * surface is the first spec's loss, evaluated by its generated class with every other element held at the first
 * spec's final values; a spec whose loss differs from it there is named on standard error.
 */
@Command(
    name = "path",
    mixinStandardHelpOptions = true,
    description = {"Draws each objective's path on the loss surface over two of its parameter elements (filled contours, log-spaced levels).",
        "The surface is the first spec's loss; elements other than the two are held at the first spec's final values."},
    footer = {"", "Example:", "  optspec plot path docs/examples/rosenbrock_momentum.optspec docs/examples/rosenbrock_adam.optspec "
        + "docs/examples/rosenbrock_nadam.optspec docs/examples/rosenbrock_lion.optspec -o rosenbrock_paths.png"})
final class PlotPathCommand implements Callable<Integer> {
  /** The range a path's bounding box is widened by on each side. */
  private static final double MARGIN = 0.12;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The objective .optspec files.")
  List<Path> files;

  @Option(names = {"-o", "--output", "--out"}, required = true, paramLabel = "PNG", description = "Write the picture here.")
  Path output;

  @Option(names = "--params", split = ",", paramLabel = "X,Y",
      description = "The two parameter elements to draw, by their trace names (e.g. w[0],w[1]; default: the objective's two elements).")
  List<String> params;

  @Option(names = "--range", paramLabel = "XMIN:XMAX,YMIN:YMAX",
      description = "The plane to draw, e.g. -2:2,-1:3 (default: the paths' extent and 12%% more on each side).")
  String range;

  @Option(names = "--steps", paramLabel = "N", description = "Run every spec exactly N steps (default: each spec's steps and stop rule).")
  Long steps;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (steps != null && steps < 1) {
      return Errors.message(err, "--steps must be at least 1, got " + steps);
    }
    List<ObjectiveRun> runs = new ArrayList<>();
    try {
      for (Path file : files) {
        CheckResult checked = Frontend.check(file);
        if (!checked.ok()) {
          return Errors.spec(err, new SpecCompilation.SpecFailure(checked.diagnostics()));
        }
        if (!(checked.spec().orElseThrow() instanceof ObjectiveSpec)) {
          return Errors.message(err, file + ": plot path draws objectives (a loss over declared parameters); this is a trainer spec");
        }
        runs.add(ObjectiveRun.compile(file));
      }
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(err, e);
    }
    String[] names = runs.get(0).newObjective().parameterNames();
    int[] chosen;
    try {
      chosen = chosen(names, runs);
    } catch (IllegalArgumentException e) {
      return Errors.message(err, e.getMessage());
    }
    List<ObjectiveRun.Result> results = new ArrayList<>();
    List<LossSurfaceChart.Path> paths = new ArrayList<>();
    for (int r = 0; r < runs.size(); r++) {
      ObjectiveRun run = runs.get(r);
      out.printf(Locale.ROOT, "minimizing %s (%s)...%n", run.name(), run.file.getFileName());
      ObjectiveRun.Result result = run.run(steps, true);
      results.add(result);
      int i = indexOf(result.parameterNames(), names[chosen[0]]);
      int j = indexOf(result.parameterNames(), names[chosen[1]]);
      double[] x = result.path().stream().mapToDouble(p -> p[i]).toArray();
      double[] y = result.path().stream().mapToDouble(p -> p[j]).toArray();
      paths.add(new LossSurfaceChart.Path(label(runs, r), x, y));
    }
    LossSurfaceChart.Range[] plane;
    try {
      plane = range != null ? parseRange(range) : extent(paths);
    } catch (IllegalArgumentException e) {
      return Errors.message(err, "--range " + range + ": " + e.getMessage());
    }
    LossSurfaceChart.Frame frame = LossSurfaceChart.frame(plane[0], plane[1], paths.size());
    double[] fixed = results.get(0).path().get(results.get(0).path().size() - 1);
    ObjectiveSurface surface = ObjectiveSurface.of(runs.get(0));
    surface.setAll(fixed);
    double[][] grid = LossSurfaceChart.sample((a, b) -> surface.lossAt(chosen[0], a, chosen[1], b), frame);
    for (int r = 1; r < runs.size(); r++) {
      if (!sameSurface(surface, runs.get(r), names, chosen, fixed, frame)) {
        err.printf(Locale.ROOT, "note: %s minimizes another loss than %s; the surface drawn is %s's%n", label(runs, r),
            label(runs, 0), label(runs, 0));
      }
    }
    Levels levels = Levels.of(grid);
    String title = "Optimizer paths on " + SourceLines.statement(runs.get(0).spec, runs.get(0).spec.minimize().pos(), "minimize")
        .orElse(runs.get(0).name() + "'s loss");
    var image = LossSurfaceChart.draw(title, names[chosen[0]], names[chosen[1]], frame, grid, levels, paths);
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      AtomicFiles.write(output, png.toByteArray());
    } catch (IOException e) {
      return Errors.message(err, output + ": cannot write the picture: " + e);
    }
    out.println();
    out.print(ObjectiveComparison.table(runs, results));
    for (int r = 0; r < runs.size(); r++) {
      LossSurfaceChart.Path p = paths.get(r);
      int last = LossSurfaceChart.lastFinite(p);
      out.printf(Locale.ROOT, "%s: (%s, %s) = (%s, %s) -> (%s, %s)%n", p.label(), names[chosen[0]], names[chosen[1]],
          TrainSummary.number(p.x()[0]), TrainSummary.number(p.y()[0]), TrainSummary.number(p.x()[last]),
          TrainSummary.number(p.y()[last]));
    }
    out.printf(Locale.ROOT, "surface: %s in [%s, %s] x %s in [%s, %s], %d levels from %s to %s%n", names[chosen[0]],
        TrainSummary.number(plane[0].min()), TrainSummary.number(plane[0].max()), names[chosen[1]],
        TrainSummary.number(plane[1].min()), TrainSummary.number(plane[1].max()), levels.bounds().length,
        TrainSummary.number(levels.bounds()[0]), TrainSummary.number(levels.bounds()[levels.bounds().length - 1]));
    out.println("wrote " + output);
    return 0;
  }

  /** The declaration-order indices of the two elements drawn; every spec must have both. */
  private int[] chosen(String[] names, List<ObjectiveRun> runs) {
    int[] chosen;
    if (params == null) {
      if (names.length != 2) {
        throw new IllegalArgumentException(runs.get(0).file + ": " + runs.get(0).name() + " has " + names.length
            + " parameter elements (" + String.join(", ", names) + "); choose two with --params X,Y");
      }
      chosen = new int[] {0, 1};
    } else {
      if (params.size() != 2 || params.get(0).equals(params.get(1))) {
        throw new IllegalArgumentException("--params takes two different parameter elements, e.g. --params x,y; got " + params);
      }
      chosen = new int[] {indexOf(names, params.get(0)), indexOf(names, params.get(1))};
      for (int k = 0; k < 2; k++) {
        if (chosen[k] < 0) {
          throw new IllegalArgumentException(runs.get(0).file + ": " + runs.get(0).name() + " has no parameter element "
              + params.get(k) + " (it has " + String.join(", ", names) + ")");
        }
      }
    }
    for (ObjectiveRun run : runs) {
      List<String> own = Arrays.asList(run.newObjective().parameterNames());
      for (int c : chosen) {
        if (!own.contains(names[c])) {
          throw new IllegalArgumentException(run.file + ": " + run.name() + " has no parameter element " + names[c]
              + " (it has " + String.join(", ", own) + ")");
        }
      }
    }
    return chosen;
  }

  /** Whether {@code other}'s loss equals the drawn surface at three points of the plane (to 1e-9 relative). */
  private static boolean sameSurface(ObjectiveSurface drawn, ObjectiveRun other, String[] names, int[] chosen, double[] fixed,
      LossSurfaceChart.Frame frame) {
    ObjectiveSurface theirs = ObjectiveSurface.of(other);
    String[] own = other.newObjective().parameterNames();
    if (!Arrays.equals(own, names)) {
      return false;
    }
    theirs.setAll(fixed);
    int[][] at = {{0, 0}, {frame.area().width / 3, frame.area().height / 2}, {frame.area().width - 1, frame.area().height - 1}};
    for (int[] p : at) {
      double a = drawn.lossAt(chosen[0], frame.xAt(p[0]), chosen[1], frame.yAt(p[1]));
      double b = theirs.lossAt(chosen[0], frame.xAt(p[0]), chosen[1], frame.yAt(p[1]));
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a)) && !(Double.isNaN(a) && Double.isNaN(b))) {
        return false;
      }
    }
    return true;
  }

  /** The paths' finite extent, widened by {@link #MARGIN} on each side (by 1 when it is a point). */
  static LossSurfaceChart.Range[] extent(List<LossSurfaceChart.Path> paths) {
    double[] x = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] y = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (LossSurfaceChart.Path p : paths) {
      for (int k = 0; k <= LossSurfaceChart.lastFinite(p); k++) {
        x[0] = Math.min(x[0], p.x()[k]);
        x[1] = Math.max(x[1], p.x()[k]);
        y[0] = Math.min(y[0], p.y()[k]);
        y[1] = Math.max(y[1], p.y()[k]);
      }
    }
    return new LossSurfaceChart.Range[] {widen(x), widen(y)};
  }

  private static LossSurfaceChart.Range widen(double[] r) {
    double pad = r[1] > r[0] ? MARGIN * (r[1] - r[0]) : 1;
    return new LossSurfaceChart.Range(r[0] - pad, r[1] + pad);
  }

  /** {@code XMIN:XMAX,YMIN:YMAX}. */
  static LossSurfaceChart.Range[] parseRange(String text) {
    String[] axes = text.split(",");
    if (axes.length != 2) {
      throw new IllegalArgumentException("expected XMIN:XMAX,YMIN:YMAX, e.g. -2:2,-1:3");
    }
    LossSurfaceChart.Range[] out = new LossSurfaceChart.Range[2];
    for (int a = 0; a < 2; a++) {
      String[] ends = axes[a].split(":");
      if (ends.length != 2) {
        throw new IllegalArgumentException("expected XMIN:XMAX,YMIN:YMAX, e.g. -2:2,-1:3");
      }
      double min;
      double max;
      try {
        min = Double.parseDouble(ends[0].strip());
        max = Double.parseDouble(ends[1].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + axes[a]);
      }
      if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
        throw new IllegalArgumentException("each range needs finite MIN < MAX, got " + axes[a]);
      }
      out[a] = new LossSurfaceChart.Range(min, max);
    }
    return out;
  }

  private static int indexOf(String[] names, String name) {
    return Arrays.asList(names).indexOf(name);
  }

  /** The spec's name (or file name when names repeat) and its optimizer (and schedule) as written. */
  private static String label(List<ObjectiveRun> runs, int r) {
    ObjectiveSpec spec = runs.get(r).spec;
    String optimizer = SourceLines.statement(spec, spec.optimizer().pos(), "optimizer").orElse(spec.optimizer().name());
    String schedule = SourceLines.statement(spec, spec.schedule().pos(), "schedule").map(s -> ", " + s).orElse("");
    return ObjectiveComparison.label(runs, r) + ": " + optimizer + schedule;
  }
}
