package org.optspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading holds the data about once: 4 M cells (32 MB as doubles, 38 MB of text) load, split and standardize in a
 * child JVM whose whole heap is twice the doubles. The regex reader that kept growing and copying arrays needed over
 * three times (docs/RUNTIME_API.md gives the 209 MB figures). {@code readRows} (predict's and eval's read) parses
 * straight into its arrays too: the same file reads in a heap of 1.5 times the doubles, where reading into chunks and
 * copying them out held the values twice.
 */
class CsvMemoryTest {
  @TempDir Path dir;

  static final int ROWS = 400_000;
  static final int COLUMNS = 10;

  /**
   * The child: loads DIR/big.csv as a spec's data section would (or, with a second argument {@code rows}, as predict
   * and eval read it) and prints the row count.
   */
  public static void main(String[] args) {
    if (args.length > 1) {
      Path file = Path.of(args[0]).resolve("big.csv");
      System.out.println(DataPipeline.csv("big.csv").target(-1).inputs(COLUMNS - 1).build().readRows(file).rows());
      return;
    }
    Splits s = DataPipeline.csv("big.csv").target(-1).standardizeInputs().split(0.2, 0.1, 1).build().load(Path.of(args[0]));
    System.out.println(s.train().rows() + s.validation().rows() + s.test().rows());
  }

  @Test
  void aFileLoadsInAHeapOfTwiceItsValues() throws Exception {
    writeBig();
    long doubles = 8L * ROWS * COLUMNS;
    assertChildReads(2 * doubles >> 20);
  }

  @Test
  void predictsAndEvalsRowsReadInAHeapOfOneAndAHalfTimesTheirValues() throws Exception {
    writeBig();
    long doubles = 8L * ROWS * COLUMNS;
    assertChildReads(3 * doubles / 2 >> 20, "rows");
  }

  private void writeBig() throws IOException {
    Random random = new Random(3);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("big.csv"), StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < ROWS; r++) {
        line.setLength(0);
        for (int c = 0; c < COLUMNS; c++) {
          line.append(c == 0 ? "" : ",").append(random.nextInt(2_000_000) / 1e6 - 1);
        }
        w.write(line.append('\n').toString());
      }
    }
  }

  /** Runs {@link #main} in a child JVM of {@code heapMb} MiB and asserts it read every row. */
  private void assertChildReads(long heapMb, String... mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx" + heapMb + "m",
        "-cp", System.getProperty("java.class.path"), CsvMemoryTest.class.getName(), dir.toString()));
    command.addAll(List.of(mode));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
    assertEquals(0, child.exitValue(), out);
    assertEquals(Integer.toString(ROWS), out.strip());
  }
}
