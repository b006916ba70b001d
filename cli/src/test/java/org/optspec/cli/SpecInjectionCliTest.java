package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's injections through {@code optspec train}, the path that compiles with javac and runs what it compiled:
 * a spec comment, a data line and a directory name, each carrying a Unicode-escaped line break followed by a
 * {@code println}. The spec must train, and the {@code println} must never run.
 */
class SpecInjectionCliTest {

  private static final String MARK = "INJECTED-CODE-RAN";
  private static final String PRINT = "System.out.println(\"" + MARK + "\");";
  /** Backslash-u000a, a line break to javac, written so that this source file does not contain one itself. */
  private static final String LF = "\\" + "u000a";
  private static final String SLASH = "\\" + "u002f";

  private static String spec(String modelLine, String dataLine) throws IOException {
    return Files.readString(Cli.DIABETES)
        .replace("dense(1, init: zeros)", "dense(1, init: zeros)" + modelLine)
        .replace("source csv(\"diabetes.csv\", target: last)", "source csv(\"diabetes.csv\", target: last)" + dataLine)
        .replace("epochs 100", "epochs 2");
  }

  private static void assertTrainsWithoutRunningIt(Path spec) {
    Cli.Run r = Cli.run("train", spec.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("epoch 2/2"), r.out());
    assertFalse(r.out().contains(MARK) || r.err().contains(MARK), "the spec's code ran:\n" + r.out() + r.err());
  }

  @Test
  void aCommentOnALayerLineDoesNotRun(@TempDir Path dir) throws IOException {
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    Path spec = Files.writeString(dir.resolve("inj.optspec"), spec("  /* " + LF + " " + PRINT + " /" + SLASH + "\n */", ""));
    assertTrainsWithoutRunningIt(spec);
  }

  @Test
  void aCommentOnTheDataLineDoesNotRun(@TempDir Path dir) throws IOException {
    Files.copy(Cli.DIABETES_CSV, dir.resolve("diabetes.csv"));
    String data = "  /* " + LF + " " + PRINT + " /" + SLASH + "\n */";
    Path spec = Files.writeString(dir.resolve("inj.optspec"), spec(data, "").replace("data {", "data {" + data));
    assertTrainsWithoutRunningIt(spec);
  }

  @Test
  void aDirectoryNameDoesNotRun(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("x " + LF + " " + PRINT + " " + SLASH + SLASH));
    Files.copy(Cli.DIABETES_CSV, folder.resolve("diabetes.csv"));
    Path spec = Files.writeString(folder.resolve("inj.optspec"), spec("", ""));
    assertTrainsWithoutRunningIt(spec);
  }

  @Test
  void generateWritesTheEscapesHarmlessly(@TempDir Path dir) throws IOException {
    Path spec = Files.writeString(dir.resolve("inj.optspec"), spec("  /* " + LF + " " + PRINT + " /" + SLASH + "\n */", ""));
    Cli.Run r = Cli.run("generate", spec.toString(), "-d", dir.resolve("gen").toString());
    assertEquals(0, r.status(), r.err());
    try (var files = Files.walk(dir.resolve("gen"))) {
      String source = Files.readString(files.filter(p -> p.toString().endsWith(".java")).findFirst().orElseThrow());
      assertTrue(source.contains("\\\\u000a"), "the escape is quoted with its backslash doubled");
      assertFalse(source.replace("\\\\u", "").contains("\\u"), "no Unicode escape left");
    }
  }
}
