package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The expectation examples of docs/examples through the command line: {@code trace} reproduces the NumPy reference of
 * the same spec (the same samples) to 1e-9 with its standard error column, {@code train} reports the estimate's
 * standard error, and the Monte Carlo fit ends at mu ≈ 3 with sigma small and positive.
 */
class ExpectationExamplesTest {

  private static final Path EXAMPLES = Path.of("../docs/examples");
  private static final Path REFERENCE = Path.of("../processor/src/test/resources/reference");

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gaussian_mc, mc_gaussian_sgd", "gaussian_plain, mc_gaussian_fit_plain",
      "gaussian_natural, mc_gaussian_fit_natural"})
  void traceOfTheExampleIsTheNumpyReference(String example, String reference, @TempDir Path dir) throws IOException {
    Path out = dir.resolve("trace.csv");
    Cli.Run r = Cli.run("trace", EXAMPLES.resolve(example + ".optspec").toString(), "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    Csv actual = read(out);
    Csv expected = read(REFERENCE.resolve(reference + ".csv"));
    assertEquals(List.of("step", "lr", "loss", "mu", "sigma", "loss_stderr"), actual.header());
    assertEquals(expected.header(), actual.header());
    assertEquals(expected.rows().size(), actual.rows().size());
    for (int k = 0; k < expected.rows().size(); k++) {
      for (int j = 0; j < expected.header().size(); j++) {
        double want = Double.parseDouble(expected.rows().get(k).get(j));
        double got = Double.parseDouble(actual.rows().get(k).get(j));
        assertTrue(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)),
            example + " row " + k + " column " + j + ": " + got + " vs " + want);
      }
    }
  }

  @Test
  void theMonteCarloFitEndsAtMuThreeWithSigmaSmallAndReportsTheStandardError() {
    Cli.Run r = Cli.run("train", EXAMPLES.resolve("gaussian_mc.optspec").toString());
    assertEquals(0, r.status(), r.err());
    Matcher end = Pattern.compile("finished after 500 steps in [0-9.]+ s: loss (\\S+) ± (\\S+) "
        + "\\(standard error over 256 samples\\)").matcher(r.out());
    assertTrue(end.find(), r.out());
    assertTrue(Double.parseDouble(end.group(1)) < 1e-12, end.group(1));
    assertTrue(Double.parseDouble(end.group(2)) >= 0, end.group(2));
    assertTrue(r.out().contains("step 50  loss "), r.out());
    assertTrue(Pattern.compile("step 50  loss \\S+ ± \\S+  lr 0.05").matcher(r.out()).find(), r.out());
    double mu = parameter(r.out(), "mu");
    double sigma = parameter(r.out(), "sigma");
    assertTrue(Math.abs(mu - 3) < 1e-9, "mu " + mu);
    assertTrue(sigma > 0 && sigma < 1e-9, "sigma " + sigma);
  }

  @Test
  void naturalAndPlainGradientTakeDifferentPathsToTheSameFit(@TempDir Path dir) throws IOException {
    Path natural = dir.resolve("natural.csv");
    Path plain = dir.resolve("plain.csv");
    assertEquals(0, Cli.run("trace", EXAMPLES.resolve("gaussian_natural.optspec").toString(), "--out",
        natural.toString()).status());
    assertEquals(0, Cli.run("trace", EXAMPLES.resolve("gaussian_plain.optspec").toString(), "--out",
        plain.toString()).status());
    List<CSVRecord> n = read(natural).rows();
    List<CSVRecord> p = read(plain).rows();
    // the same samples (seed 3) and start, so the first loss agrees; the first steps differ by F^-1 = diag(σ², σ²/2)
    assertEquals(n.get(0).get("loss"), p.get(0).get("loss"));
    assertNotEquals(n.get(1).get("sigma"), p.get(1).get("sigma"));
    for (List<CSVRecord> run : List.of(n, p)) {
      CSVRecord last = run.get(run.size() - 1);
      assertTrue(Math.abs(Double.parseDouble(last.get("mu")) - 3) < 0.1, last.toString());
      assertTrue(Math.abs(Double.parseDouble(last.get("sigma")) - 0.5) < 0.05, last.toString());
    }
  }

  private static double parameter(String out, String name) {
    Matcher m = Pattern.compile("(?m)^  " + name + " = (\\S+)$").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }

  private record Csv(List<String> header, List<CSVRecord> rows) {}

  /** A CSV read by Commons CSV (RFC 4180), the header by name. */
  private static Csv read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file);
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().build().parse(reader)) {
      List<CSVRecord> rows = parser.getRecords();
      return new Csv(parser.getHeaderNames(), rows);
    }
  }
}
