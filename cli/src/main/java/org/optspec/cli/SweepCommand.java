package org.optspec.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.optspec.runtime.Rng;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.io.AtomicFiles;
import org.optspec.runtime.progress.DivergenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec sweep FILE --grid KEY=V1,V2,...} (or {@code --random KEY=log(a,b) --trials N}): compiles the spec once,
 * trains every configuration of run-time settings on the same data from the same seed, and prints them sorted by the
 * metric, the best as a {@code --set} line. Trials run on a thread pool ({@code --parallel N}), or as Spark tasks
 * with {@code --spark URL} (optspec-spark's {@link DataParallelBackend}); each trains its own trainer, so the results
 * are those of running them one by one.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {"Trains a spec under several settings without recompiling and ranks them by a metric.",
        "--grid KEY=V1,V2,... (repeatable: every combination) or --random KEY=log(A,B)|uniform(A,B) with --trials N."},
    footer = {"", "Example:",
        "  optspec sweep samples/src/main/resources/org/optspec/samples/digits/digits.optspec --grid optimizer.lr=1e-3,3e-3,1e-2 "
            + "--set epochs=2 --metric test_loss"})
final class SweepCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", description = "Values of one setting; several --grid: every combination.")
  List<String> grid = new ArrayList<>();

  @Option(names = "--random", paramLabel = "KEY=log(A,B)",
      description = "Draw a setting log-uniformly (log(A,B)) or uniformly (uniform(A,B)) in [A, B] for each of --trials.")
  List<String> random = new ArrayList<>();

  @Option(names = "--trials", paramLabel = "N", description = "Configurations --random draws. Default: ${DEFAULT-VALUE}.",
      defaultValue = "8")
  int trials;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Settings every trial shares (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--metric", paramLabel = "NAME", defaultValue = "validation_loss",
      description = "validation_loss, train_loss, test_loss or test_accuracy (the final epoch's). Default: ${DEFAULT-VALUE}.")
  String metric;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "Trials at once. Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--spark", paramLabel = "URL",
      description = "Run every trial as a Spark task (one trainer each) at this master: local[*] in this process, "
          + "spark://HOST:PORT on a standalone cluster; needs optspec-spark and Spark on the class path (docs/SPARK.md).")
  String spark;

  @Option(names = "--data", paramLabel = "CSV", description = "Train on this CSV instead of the spec's.")
  Path data;

  @Option(names = "--report", paramLabel = "JSON", description = "Write every trial's settings, metric and history here.")
  Path report;

  @Option(names = "--plot", paramLabel = "PNG", description = "Draw the metric against the swept value and the loss curves.")
  Path plot;

  /** One trial's settings and what training them gave. */
  record Trial(int index, List<String> assignments, RunSettings settings, TrainingRun.Result result, double metric) {}

  @Override
  public Integer call() {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    if (grid.isEmpty() == random.isEmpty()) {
      return Errors.message(stderr, "give --grid KEY=V1,V2,... or --random KEY=log(A,B) (not both)");
    }
    if (parallel < 1 || trials < 1) {
      return Errors.message(stderr, "--parallel and --trials must be at least 1");
    }
    if (spark != null && parallel != 1) {
      return Errors.message(stderr, "--parallel is for trials on this machine: with --spark, Spark runs as many at once "
          + "as its executors have cores");
    }
    DataParallelBackend backend = null;
    if (spark != null) {
      try {
        backend = DataParallelBackend.find();
      } catch (IllegalStateException e) {
        return Errors.message(stderr, e.getMessage());
      }
    }
    Metric m = Metric.named(metric);
    if (m == null) {
      return Errors.message(stderr, "--metric must be validation_loss, train_loss, test_loss or test_accuracy, got " + metric);
    }
    CompiledSpec spec;
    Splits splits;
    RunSettings base;
    List<List<String>> configurations;
    try {
      spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE);
      base = spec.settings().with(sets);
      configurations = grid.isEmpty() ? randomConfigurations(base) : gridConfigurations();
      for (List<String> c : configurations) {
        base.with(c); // every configuration is valid before any trains
      }
      splits = spec.loadData(data);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(stderr, e);
    } catch (RunSettings.BadSetting e) {
      return Errors.message(stderr, e.getMessage());
    } catch (DataException e) {
      return Errors.data(stderr, e);
    }
    if (m == Metric.VALIDATION_LOSS && splits.validation() == null) {
      return Errors.message(stderr, file + " has no validation split: give --metric train_loss or test_loss");
    }
    stdout.printf(Locale.ROOT, "%s: %d trials, %s, %d epochs each, seed %d%n", spec.name(), configurations.size(),
        spark == null ? parallel + " at a time" : "as Spark tasks at " + spark, spec.use(base).epochs(), spec.seed());
    List<Trial> done;
    try {
      done = backend == null ? run(spec, splits, base, configurations, m)
          : runOn(backend, spec, splits, base, configurations, m);
    } catch (DivergenceException e) {
      return Errors.message(stderr, "a trial diverged: " + e.getMessage());
    } catch (IllegalStateException e) {
      if (backend == null) {
        throw e;
      }
      return Errors.message(stderr, "the sweep on Spark failed: " + e.getMessage());
    }
    List<Trial> ranked = new ArrayList<>(done);
    ranked.sort(Comparator.comparingDouble((Trial t) -> m.higherIsBetter ? -t.metric() : t.metric())
        .thenComparingInt(Trial::index));
    stdout.print(table(ranked, m));
    Trial best = ranked.get(0);
    stdout.println("best: " + bestLine(best));
    try {
      if (report != null) {
        AtomicFiles.write(report, json(ranked, m).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdout.println("wrote " + report);
      }
      if (plot != null) {
        writePlot(done, m, plot);
        stdout.println("wrote " + plot);
      }
    } catch (IOException e) {
      return Errors.message(stderr, e.getMessage());
    }
    return 0;
  }

  /** The best trial's settings as {@code --set} options: the shared {@code --set} keys, then the swept ones. */
  private String bestLine(Trial best) {
    List<String> keys = new ArrayList<>();
    for (String a : sets) {
      keys.add(a.substring(0, Math.max(0, a.indexOf('='))).trim());
    }
    for (String a : best.assignments()) {
      keys.add(a.substring(0, a.indexOf('=')).trim());
    }
    StringBuilder line = new StringBuilder();
    for (String key : keys.stream().distinct().toList()) {
      line.append(line.length() == 0 ? "" : " ").append("--set ").append(key).append('=')
          .append(best.settings().text(key).replace(" ", ""));
    }
    return line.toString();
  }

  /** Trains every configuration, {@link #parallel} at a time; the list is in configuration order. */
  List<Trial> run(CompiledSpec spec, Splits splits, RunSettings base, List<List<String>> configurations, Metric m) {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<Trial>> futures = new ArrayList<>();
      for (int i = 0; i < configurations.size(); i++) {
        int index = i;
        List<String> c = configurations.get(i);
        RunSettings settings = base.with(c);
        futures.add(pool.submit(() -> {
          TrainingRun run = new TrainingRun(spec, splits, spec.newTrainer(settings));
          TrainingRun.Result result = run.fit(TrainingListener.NONE);
          return new Trial(index, c, settings, result, m.of(result));
        }));
      }
      List<Trial> trials = new ArrayList<>();
      for (Future<Trial> f : futures) {
        trials.add(f.get());
      }
      return trials;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Trains every configuration as a task of {@code backend} (one trainer per task, on the data {@link #run} trains
   * on: the training rows, the validation split, and the test split, or the validation split without one, evaluated
   * once); the list is in configuration order, the trials {@link #run} makes.
   */
  List<Trial> runOn(DataParallelBackend backend, CompiledSpec spec, Splits splits, RunSettings base,
      List<List<String>> configurations, Metric m) {
    List<RunSettings> settings = new ArrayList<>();
    List<Record> records = new ArrayList<>();
    for (List<String> c : configurations) {
      RunSettings s = base.with(c);
      settings.add(s);
      records.add(s.values());
    }
    // a local trial's rows: TrainingRun's validation and evaluation splits
    TrainingRun rows = new TrainingRun(spec, splits, spec.newTrainer(base));
    Class<? extends Trainer> type = rows.trainer.getClass();
    List<DataParallelBackend.Trial> outcomes = backend.sweep(new DataParallelBackend.SweepRequest(spark, type,
        InMemoryJavaCompiler.classFiles(type), records, splits.train(), rows.validation, rows.evaluation));
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < configurations.size(); i++) {
      TrainingRun.Result result = new TrainingRun.Result(outcomes.get(i).report(), outcomes.get(i).test());
      trials.add(new Trial(i, configurations.get(i), settings.get(i), result, m.of(result)));
    }
    return trials;
  }

  /** Every combination of the {@code --grid} values, the first key varying slowest. */
  List<List<String>> gridConfigurations() {
    List<List<String>> all = new ArrayList<>();
    all.add(List.of());
    for (String g : grid) {
      int eq = g.indexOf('=');
      if (eq <= 0) {
        throw new RunSettings.BadSetting("--grid expects KEY=V1,V2,..., got '" + g + "'");
      }
      String key = g.substring(0, eq).trim();
      List<String> values = splitValues(g.substring(eq + 1));
      List<List<String>> next = new ArrayList<>();
      for (List<String> c : all) {
        for (String v : values) {
          List<String> more = new ArrayList<>(c);
          more.add(key + "=" + v);
          next.add(more);
        }
      }
      all = next;
    }
    return all;
  }

  /** {@code 1e-3,(0.9,0.99),3e-3} → its values, commas inside parentheses kept. */
  static List<String> splitValues(String text) {
    List<String> values = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if (ch == ',' && depth == 0) {
        values.add(current.toString().trim());
        current.setLength(0);
        continue;
      }
      depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
      current.append(ch);
    }
    values.add(current.toString().trim());
    return values;
  }

  /** {@link #trials} draws of every {@code --random} key, from a stream seeded by the spec's seed. */
  List<List<String>> randomConfigurations(RunSettings base) {
    Rng rng = new Rng(base.raw(base.key("seed")).longValue() ^ 0x5EEDL);
    Map<String, double[]> ranges = new LinkedHashMap<>();
    Map<String, Boolean> log = new LinkedHashMap<>();
    for (String r : random) {
      int eq = r.indexOf('=');
      String spec = eq > 0 ? r.substring(eq + 1).trim() : "";
      boolean isLog = spec.startsWith("log(");
      if (eq <= 0 || !(isLog || spec.startsWith("uniform(")) || !spec.endsWith(")")) {
        throw new RunSettings.BadSetting("--random expects KEY=log(A,B) or KEY=uniform(A,B), got '" + r + "'");
      }
      List<String> ab = splitValues(spec.substring(spec.indexOf('(') + 1, spec.length() - 1));
      double a;
      double b;
      try {
        a = Double.parseDouble(ab.get(0));
        b = Double.parseDouble(ab.get(ab.size() - 1));
      } catch (NumberFormatException e) {
        throw new RunSettings.BadSetting("--random " + r + ": A and B must be numbers");
      }
      if (ab.size() != 2 || !(a < b) || isLog && !(a > 0)) {
        throw new RunSettings.BadSetting("--random " + r + ": expects A < B" + (isLog ? ", both > 0" : ""));
      }
      ranges.put(r.substring(0, eq).trim(), new double[] {a, b});
      log.put(r.substring(0, eq).trim(), isLog);
    }
    List<List<String>> all = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      List<String> c = new ArrayList<>();
      for (Map.Entry<String, double[]> e : ranges.entrySet()) {
        double u = rng.nextDouble();
        double[] ab = e.getValue();
        double x = log.get(e.getKey()) ? Math.exp(Math.log(ab[0]) + u * (Math.log(ab[1]) - Math.log(ab[0])))
            : ab[0] + u * (ab[1] - ab[0]);
        c.add(e.getKey() + "=" + Double.toString(x));
      }
      all.add(c);
    }
    return all;
  }

  private static String table(List<Trial> ranked, Metric m) {
    TextTable table = new TextTable("rank", "settings", m.name, "train loss", "epochs");
    for (int i = 0; i < ranked.size(); i++) {
      Trial t = ranked.get(i);
      table.row(Integer.toString(i + 1), String.join(" ", t.assignments()), String.format(Locale.ROOT, "%.6g", t.metric()),
          String.format(Locale.ROOT, "%.6g", t.result().finalTrainLoss()), Integer.toString(t.result().report().epochs()));
    }
    return table.render();
  }

  private static String json(List<Trial> ranked, Metric m) {
    List<Object> trials = new ArrayList<>();
    for (Trial t : ranked) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("settings", t.assignments());
      o.put(m.name, t.metric());
      o.put("train_loss", t.result().finalTrainLoss());
      List<Object> history = new ArrayList<>();
      t.result().report().history().forEach(e -> history.add(Map.of("epoch", e.epoch(), "train_loss", e.trainLoss())));
      o.put("history", history);
      trials.add(o);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("metric", m.name);
    root.put("trials", trials);
    return Json.write(root);
  }

  /** Left: the metric against the first swept key's value; right: every trial's train loss per epoch. */
  private static void writePlot(List<Trial> trials, Metric m, Path target) throws IOException {
    String key = trials.get(0).assignments().isEmpty() ? "trial" : trials.get(0).assignments().get(0).split("=")[0];
    XYChart left = ChartStyle.newChart(m.name + " by " + key, key, m.name);
    double[] x = new double[trials.size()];
    double[] y = new double[trials.size()];
    boolean positive = true;
    List<Trial> byX = new ArrayList<>(trials);
    byX.sort(Comparator.comparingDouble(SweepCommand::sweptValue));
    for (int i = 0; i < byX.size(); i++) {
      x[i] = sweptValue(byX.get(i));
      y[i] = byX.get(i).metric();
      positive &= x[i] > 0;
    }
    XYSeries s = left.addSeries(m.name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(ChartStyle.PALETTE[0]);
    s.setMarkerColor(ChartStyle.PALETTE[0]);
    left.getStyler().setXAxisLogarithmic(positive && x.length > 1 && x[x.length - 1] / x[0] >= 10);
    List<LossCurvesChart.Curve> curves = new ArrayList<>();
    for (Trial t : trials) {
      var history = t.result().report().history();
      double[] ex = new double[history.size()];
      double[] loss = new double[history.size()];
      for (int i = 0; i < ex.length; i++) {
        ex[i] = history.get(i).epoch();
        loss[i] = history.get(i).trainLoss();
      }
      curves.add(new LossCurvesChart.Curve(String.join(" ", t.assignments()), ex, loss));
    }
    XYChart right = LossCurvesChart.of("train loss per epoch", curves);
    right.setXAxisTitle("epoch");
    BufferedImage image = new BufferedImage(2 * ChartStyle.WIDTH, ChartStyle.HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    left.paint(g, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    g.translate(ChartStyle.WIDTH, 0);
    right.paint(g, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    AtomicFiles.write(target, bytes.toByteArray());
  }

  /** The first swept key's value in a trial (its first item for a tuple), or its index without keys. */
  private static double sweptValue(Trial t) {
    if (t.assignments().isEmpty()) {
      return t.index();
    }
    String v = t.assignments().get(0).split("=", 2)[1].replace("(", "").split(",")[0].trim();
    return Double.parseDouble(v);
  }

  /** What ranks the trials. */
  enum Metric {
    VALIDATION_LOSS("validation_loss", false),
    TRAIN_LOSS("train_loss", false),
    TEST_LOSS("test_loss", false),
    TEST_ACCURACY("test_accuracy", true);

    final String name;
    final boolean higherIsBetter;

    Metric(String name, boolean higherIsBetter) {
      this.name = name;
      this.higherIsBetter = higherIsBetter;
    }

    static Metric named(String name) {
      for (Metric m : values()) {
        if (m.name.equals(name)) {
          return m;
        }
      }
      return null;
    }

    double of(TrainingRun.Result r) {
      return switch (this) {
        case VALIDATION_LOSS -> r.finalValidationLoss();
        case TRAIN_LOSS -> r.finalTrainLoss();
        case TEST_LOSS -> r.test() == null ? Double.NaN : r.test().get("loss");
        case TEST_ACCURACY -> r.test() == null ? Double.NaN : r.test().get("accuracy");
      };
    }
  }
}
