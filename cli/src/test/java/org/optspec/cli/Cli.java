package org.optspec.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the command line through its entry point with stdout and stderr captured. */
final class Cli {
  static final Path SAMPLES = Path.of("../samples/src/main/resources/org/optspec/samples");
  static final Path DIGITS = SAMPLES.resolve("digits/digits.optspec");
  static final Path DIGITS_CSV = SAMPLES.resolve("digits/digits.csv");
  static final Path DIABETES = SAMPLES.resolve("diabetes/diabetes.optspec");
  static final Path DIABETES_CSV = SAMPLES.resolve("diabetes/diabetes.csv");

  private Cli() {}

  record Run(int status, String out, String err) {}

  static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = OptSpecCommand.run(args);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
