package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code optspec train} says about a data file on stderr: the byte order mark it skipped, a directory as data. */
class DataFileMessagesTest {

  @Test
  void aByteOrderMarkIsNotedAndTheFirstRowTrains(@TempDir Path dir) throws IOException {
    List<String> rows = Files.readAllLines(Cli.DIABETES_CSV);
    Path bom = dir.resolve("bom.csv");
    // the diabetes file without its header, a byte order mark in front: all 442 rows are data
    Files.writeString(bom, "\uFEFF" + String.join("\n", rows.subList(1, rows.size())) + "\n", StandardCharsets.UTF_8);
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--data", bom.toString(), "--epochs", "1");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("note: " + bom + ": skipped a UTF-8 byte order mark at the start of the file"), r.err());
    assertTrue(r.out().contains("354 training rows, 88 test rows"), r.out());
  }

  @Test
  void aDirectoryAsDataIsNotAMissingFile(@TempDir Path dir) {
    Cli.Run r = Cli.run("train", Cli.DIABETES.toString(), "--data", dir.toString(), "--epochs", "1");
    assertEquals(1, r.status());
    assertTrue(r.err().contains(dir + ": error: not a regular file: it is a directory"), r.err());
  }

  @Test
  void progressLinesSayHowFarTheReadGot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataLoadPrinter printer = new DataLoadPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    printer.counting("big.csv", 94_000_000, 209_000_000, 1.2);
    printer.progress("big.csv", 94_000_000, 209_000_000, 990_000, 4.1);
    printer.progress("big.csv", 209_000_000, 209_000_000, 2_200_000, 9.25);
    assertEquals("counting the rows of big.csv: 44% (94 of 209 MB, 1.2 s)\n"
            + "reading big.csv: 44% (94 of 209 MB, 990,000 rows, 4.1 s)\nread big.csv: 209 MB, 2,200,000 rows in 9.3 s\n",
        bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void predictAndEvalOfABigFileShowTheCountingPassThenTheReading(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("train", Cli.DIGITS.toString(), "--epochs", "1", "--out", run.toString()).status());
    // the digits rows repeated past the 16 MiB at which a read reports its progress
    List<String> rows = Files.readAllLines(Cli.DIGITS_CSV);
    Path big = dir.resolve("big.csv");
    int copies = 0;
    try (var w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      for (long written = 0; written <= (16L << 20) + 1024; copies++) {
        for (String row : rows) {
          w.write(row);
          w.write('\n');
          written += row.length() + 1;
        }
      }
    }
    int n = copies * rows.size();
    String checkpoint = run.resolve("checkpoint.safetensors").toString();
    Cli.Run predicted = Cli.run("predict", Cli.DIGITS.toString(), "--model", checkpoint, "--data", big.toString(),
        "--out", dir.resolve("p.csv").toString());
    Cli.Run evaluated = Cli.run("eval", Cli.DIGITS.toString(), "--model", checkpoint, "--data", big.toString());
    for (Cli.Run r : List.of(predicted, evaluated)) {
      assertEquals(0, r.status(), r.err());
      List<String> lines = r.err().lines().toList();
      int counting = lines.indexOf(lines.stream().filter(l -> l.startsWith("counting the rows of " + big + ": ")).findFirst()
          .orElseThrow(() -> new AssertionError("no counting line:\n" + r.err())));
      int reading = lines.indexOf(lines.stream().filter(l -> l.startsWith("reading " + big + ": ")).findFirst()
          .orElseThrow(() -> new AssertionError("no reading line:\n" + r.err())));
      assertTrue(counting < reading, "the count comes first:\n" + r.err());
      assertTrue(lines.get(lines.size() - 1).matches("read " + java.util.regex.Pattern.quote(big.toString())
          + ": \\d+ MB, " + String.format(java.util.Locale.ROOT, "%,d", n) + " rows in [0-9.]+ s"), r.err());
    }
    assertTrue(evaluated.out().contains(String.format(java.util.Locale.ROOT, "%,d rows", n)), evaluated.out());
  }
}
