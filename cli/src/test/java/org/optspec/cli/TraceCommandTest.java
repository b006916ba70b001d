package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code optspec trace} and {@code optspec train} on objectives, and {@code trace} on a trainer (full batch). */
class TraceCommandTest {

  private static final Path REFERENCE = Path.of("../processor/src/test/resources/reference");
  private static final Path ROSENBROCK = Path.of("../processor/src/test/resources/specs/rosenbrock.optspec");

  @Test
  void traceOfAnObjectiveReproducesTheTorchTrajectory(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("trace.csv");
    Cli.Run r = Cli.run("trace", REFERENCE.resolve("sched_warmup_cosine.optspec").toString(),
        "--steps", "300", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> actual = Files.readAllLines(out);
    List<String> expected = Files.readAllLines(REFERENCE.resolve("sched_warmup_cosine.csv"));
    assertEquals(expected.get(0), actual.get(0));
    assertEquals(expected.size(), actual.size());
    for (int k = 1; k < expected.size(); k++) {
      String[] e = expected.get(k).split(",");
      String[] a = actual.get(k).split(",");
      assertEquals(e[0], a[0]);
      for (int j = 1; j < e.length; j++) {
        double want = Double.parseDouble(e[j]);
        double got = Double.parseDouble(a[j]);
        assertTrue(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), "row " + k + " column " + j + ": " + got + " vs " + want);
        // printed with Double.toString, so the text is the shortest that parses back to the same double
        assertEquals(Double.toString(got), a[j]);
      }
    }
  }

  @Test
  void traceWithoutStepsRunsTheSpecsStepsToStandardOutput() {
    Cli.Run r = Cli.run("trace", REFERENCE.resolve("sgd_momentum.optspec").toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("step,lr,loss,w[0],w[1],w[2]", lines.get(0));
    assertEquals(1 + 201, lines.size());
    assertTrue(lines.get(201).startsWith("200,"));
  }

  @Test
  void trainMinimizesAnObjectiveUntilItsStopRule(@TempDir Path dir) throws IOException {
    // shared/specs/rosenbrock.optspec with adam: its own nadam(lr: 0.01), exact to torch, stalls near 6.5e-6
    Path spec = dir.resolve("rosenbrock.optspec");
    Files.writeString(spec, Files.readString(ROSENBROCK).replace("nadam(lr: 0.01)", "adam(lr: 0.01)"));
    Cli.Run r = Cli.run("train", spec.toString());
    assertEquals(0, r.status(), r.err());
    Matcher m = Pattern.compile("stopped \\(stop rule\\) after (\\d+) steps in [0-9.]+ s: loss (\\S+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertTrue(Long.parseLong(m.group(1)) < 5000);
    assertTrue(Double.parseDouble(m.group(2)) < 1e-10, m.group(2));
    assertTrue(r.out().contains("  x = 0.99999"), r.out());
  }

  @Test
  void trainSaysWhenTheStopRuleWasNotMet() {
    // the shared spec as written: nadam(lr: 0.01), exactly torch's, ends at 6.456e-6 after its 5000 steps
    Cli.Run r = Cli.run("train", ROSENBROCK.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("finished after 5000 steps"), r.out());
    assertTrue(r.out().contains("rosenbrock.optspec:14:13: the stop rule (loss < 1.0E-10) was not met in 5000 steps"),
        r.out());
  }

  @Test
  void traceOfATrainerStepsOnTheWholeTrainingSplit(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("a.csv");
    Path second = dir.resolve("b.csv");
    String spec = Cli.DIABETES.toString();
    assertEquals(0, Cli.run("trace", spec, "--steps", "3", "--out", first.toString()).status());
    assertEquals(0, Cli.run("trace", spec, "--steps", "3", "--out", second.toString()).status());
    List<String> rows = Files.readAllLines(first);
    assertEquals(Files.readAllLines(second), rows, "full batch, no shuffling: deterministic");
    // RFC 4180: an element name holding a comma is quoted, so every reader sees 3 + 11 columns
    assertTrue(rows.get(0).startsWith("step,lr,loss,\"dense0.weight[0,0]\","), rows.get(0));
    assertTrue(rows.get(0).endsWith(",\"dense0.weight[0,9]\",dense0.bias[0]"), rows.get(0));
    assertEquals(1 + 4, rows.size());
    List<CSVRecord> records = readCsv(first);
    assertEquals(List.of("step", "lr", "loss", "dense0.weight[0,0]", "dense0.weight[0,1]"), records.get(0).toList().subList(0, 5));
    assertEquals(3 + 11, records.get(0).size(), "diabetes: 10 weights and a bias");
    for (CSVRecord record : records) {
      assertEquals(3 + 11, record.size(), "row " + record.getRecordNumber());
    }
    double[] losses = records.stream().skip(1).mapToDouble(rec -> Double.parseDouble(rec.get(2))).toArray();
    for (int k = 1; k < losses.length; k++) {
      assertTrue(losses[k] < losses[k - 1], "full-batch SGD on least squares descends: " + rows);
    }
  }

  @Test
  void traceOfATrainerWithSetStepsWithTheSettingAndAnUnknownKeySuggestsTheNearest(@TempDir Path dir) throws IOException {
    String spec = Cli.DIABETES.toString();
    Path plain = dir.resolve("plain.csv");
    Path set = dir.resolve("set.csv");
    assertEquals(0, Cli.run("trace", spec, "--steps", "3", "--out", plain.toString()).status());
    Cli.Run r = Cli.run("trace", spec, "--steps", "3", "--set", "optimizer.lr=0.05", "--out", set.toString());
    assertEquals(0, r.status(), r.err());
    List<CSVRecord> before = readCsv(plain);
    List<CSVRecord> after = readCsv(set);
    assertEquals(before.get(0).toList(), after.get(0).toList());
    for (int k = 1; k < after.size(); k++) {
      // diabetes: sgd(lr: 0.01) under step(every: 25 epochs), one full-batch step an epoch, so the first 25 steps use lr
      assertEquals("0.01", before.get(k).get(1), "row " + k);
      assertEquals("0.05", after.get(k).get(1), "row " + k);
    }
    assertEquals(before.get(1).get(2), after.get(1).get(2), "the same start");
    for (int k = 2; k < after.size(); k++) {
      assertTrue(Double.parseDouble(after.get(k).get(2)) != Double.parseDouble(before.get(k).get(2)), "row " + k + " loss");
    }
    Cli.Run unknown = Cli.run("trace", spec, "--steps", "3", "--set", "optimizer.lrr=0.05");
    assertEquals(1, unknown.status());
    assertEquals("error: --set optimizer.lrr: no such setting; did you mean 'optimizer.lr'? (optspec settings SPEC lists them)\n",
        unknown.err());
    Cli.Run batch = Cli.run("trace", spec, "--steps", "3", "--set", "batch=16");
    assertEquals(1, batch.status());
    assertEquals("error: --set batch: a trace steps full batch (every training row in each step), so it has no batch to set\n",
        batch.err());
  }

  @Test
  void aMatrixParameterTracesAsOneQuotedColumnPerElement(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("trace.csv");
    Cli.Run r = Cli.run("trace", REFERENCE.resolve("adafactor_plain.optspec").toString(), "--steps", "2", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    List<CSVRecord> records = readCsv(out);
    List<String> header = records.get(0).toList();
    assertEquals(List.of("step", "lr", "loss", "W[0,0]", "W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]", "W[1,2]", "v[0]", "v[1]", "v[2]"),
        header);
    assertEquals(1 + 3, records.size(), "the header, then rows 0..2");
    for (CSVRecord record : records.subList(1, records.size())) {
      assertEquals(header.size(), record.size());
      assertTrue(Double.isFinite(Double.parseDouble(record.get(header.indexOf("W[1,2]")))), record.toString());
    }
  }

  /** The file as a standard RFC 4180 reader sees it. */
  static List<CSVRecord> readCsv(Path file) throws IOException {
    try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, CSVFormat.RFC4180)) {
      return parser.getRecords();
    }
  }

  @Test
  void aSpecWithErrorsIsReportedAndExits1(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.optspec");
    Files.writeString(bad, Files.readString(REFERENCE.resolve("adam_plain.optspec")).replace("adam(", "adamm("));
    Cli.Run r = Cli.run("trace", bad.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("did you mean 'adam'?"), r.err());
  }
}
