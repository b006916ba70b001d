package org.optspec.runtime.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV log read back with Commons CSV: header once, exact values, rows appended on resume without duplicates. */
class CsvLogTest {
  @TempDir Path dir;

  static List<CSVRecord> read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180)) {
      return new ArrayList<>(parser.getRecords());
    }
  }

  static List<String> column(List<CSVRecord> records, int c) {
    List<String> out = new ArrayList<>();
    for (CSVRecord r : records.subList(1, records.size())) {
      out.add(r.get(c));
    }
    return out;
  }

  @Test
  void writesTheHeaderOnceAndOneExactRowPerEpoch() throws IOException {
    Path file = dir.resolve("log.csv");
    EpochMetric gap = EpochMetric.of("gap, train - validation", s -> s.trainLoss() - s.validationLoss());
    ScriptedFit.run(new CsvLog(file, gap), 0.5, 0.25, 1.0 / 3);
    List<CSVRecord> records = read(file);
    assertEquals(List.of("epoch", "step", "train_loss", "validation_loss", "lr", "seconds", "gap, train - validation"),
        records.get(0).toList());
    assertEquals(4, records.size());
    assertEquals(List.of("1", "2", "3"), column(records, 0));
    assertEquals(List.of("10", "20", "30"), column(records, 1));
    assertEquals(1.0 / 3, Double.parseDouble(records.get(3).get(3)));
    assertEquals(2.0 / 3, Double.parseDouble(records.get(3).get(2)));
    assertEquals(1e-3 / 3, Double.parseDouble(records.get(3).get(4)));
    assertTrue(Files.readString(file).startsWith("epoch,step,train_loss,validation_loss,lr,seconds,\"gap, train - validation\"\n"));
  }

  @Test
  void aValueThatIsNotAvailableIsAnEmptyField() throws IOException {
    Path file = dir.resolve("log.csv");
    ScriptedFit.run(new CsvLog(file), Double.NaN);
    assertEquals("", read(file).get(1).get(3));
  }

  @Test
  void eachRowIsOnDiskWhenItsEpochEnds() throws IOException {
    Path file = dir.resolve("log.csv");
    CsvLog log = new CsvLog(file);
    log.onEpochEnd(ScriptedFit.summary(1, 3, 0.5));
    assertEquals(2, read(file).size());
    log.onEpochEnd(ScriptedFit.summary(2, 3, 0.4));
    assertEquals(3, read(file).size());
  }

  @Test
  void aResumedRunAppendsWithoutDuplicatingTheEpochsItRunsAgain() throws IOException {
    Path file = dir.resolve("log.csv");
    // the first run logged epochs 1..3, was killed after its checkpoint of epoch 2, and left a row cut short
    ScriptedFit.run(new CsvLog(file), 0.5, 0.4, 0.3);
    Files.writeString(file, "4,40,0.2", java.nio.file.StandardOpenOption.APPEND);
    // the resumed run continues from the checkpoint: epochs 3 and 4, with other values
    ScriptedFit.from(3, new CsvLog(file), 0.35, 0.25);
    List<CSVRecord> records = read(file);
    assertEquals("epoch", records.get(0).get(0));
    assertEquals(List.of("1", "2", "3", "4"), column(records, 0));
    assertEquals(List.of("0.5", "0.4", "0.35", "0.25"), column(records, 3));
  }

  @Test
  void aLogWithOtherColumnsIsRefused() throws IOException {
    Path file = dir.resolve("log.csv");
    ScriptedFit.run(new CsvLog(file), 0.5);
    CsvLog other = new CsvLog(file, EpochMetric.of("accuracy", s -> 0.5));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScriptedFit.from(2, other, 0.4));
    assertTrue(e.getMessage().contains("its header is \"epoch,step,train_loss,validation_loss,lr,seconds\""), e.getMessage());
    assertEquals(2, read(file).size());
  }

  @Test
  void aFreshRunFromEpochOneStartsTheLogAgain() throws IOException {
    Path file = dir.resolve("log.csv");
    ScriptedFit.run(new CsvLog(file), 0.5, 0.4);
    ScriptedFit.run(new CsvLog(file), 0.9);
    assertEquals(List.of("1"), column(read(file), 0));
    assertEquals("0.9", read(file).get(1).get(3));
  }

  @Test
  void aMetricNameOnTwoLinesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> EpochMetric.of("a\nb", s -> 0));
  }
}
