package org.optspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad file gives one exact, located message. */
class CsvErrorsTest {
  @TempDir Path dir;

  /** 17 good rows of 3 inputs and a label 0..9, then {@code line18}. */
  private void digits(String line18) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 17; i++) {
      b.append(i).append(',').append(i + 1).append(',').append(i + 2).append(',').append(i % 10).append('\n');
    }
    b.append(line18).append('\n');
    Files.writeString(dir.resolve("digits.csv"), b);
  }

  private DataException fail(DataPipeline.Builder builder) {
    return assertThrows(DataException.class, () -> builder.build().load(dir));
  }

  private static DataPipeline.Builder classifier() {
    return DataPipeline.csv("digits.csv").target(-1).inputs(3).classes(10);
  }

  private static void assertLocated(DataException e, String message, int row, int column) {
    assertEquals(message, e.getMessage());
    assertEquals("digits.csv", e.file());
    assertEquals(row, e.row());
    assertEquals(column, e.column());
  }

  @Test
  void wrongColumnCount() throws IOException {
    digits("1,2,3");
    assertLocated(fail(classifier()), "digits.csv:18:4: expected 4 columns, found 3", 18, 4);
  }

  @Test
  void columnCountComesFromNamedColumns() throws IOException {
    digits("1,2,3,4");
    DataException e = fail(DataPipeline.csv("digits.csv").columns("a", "b", "c", "d", "e"));
    assertLocated(e, "digits.csv:1:5: expected 5 columns, found 4", 1, 5);
  }

  @Test
  void nonNumericCell() throws IOException {
    digits("1,2,abc,4");
    assertLocated(fail(classifier()), "digits.csv:18:3: 'abc' is not a number", 18, 3);
  }

  @Test
  void emptyCellIsNotANumber() throws IOException {
    digits("1,,3,4");
    assertLocated(fail(classifier()), "digits.csv:18:2: '' is not a number", 18, 2);
  }

  @Test
  void labelOutOfRange() throws IOException {
    digits("1,2,3,12");
    assertLocated(fail(classifier()), "digits.csv:18:4: label 12 is out of range 0..9", 18, 4);
  }

  @Test
  void negativeLabelWithTargetFirst() throws IOException {
    Files.writeString(dir.resolve("digits.csv"), "x,a,b\n1,0.5,0.25\n-1,0.5,0.25\n");
    DataException e = fail(DataPipeline.csv("digits.csv").target(0).inputs(2).classes(3));
    assertLocated(e, "digits.csv:3:1: label -1 is out of range 0..2", 3, 1);
  }

  @Test
  void nonIntegerLabel() throws IOException {
    digits("1,2,3,2.5");
    assertLocated(fail(classifier()), "digits.csv:18:4: label 2.5 is not an integer", 18, 4);
  }

  @Test
  void emptyFile() throws IOException {
    Files.writeString(dir.resolve("digits.csv"), "");
    assertLocated(fail(classifier()), "digits.csv: file is empty", 0, 0);
    Files.writeString(dir.resolve("digits.csv"), "\n  \n\n");
    assertLocated(fail(classifier()), "digits.csv: file is empty", 0, 0);
  }

  @Test
  void headerWithoutRows() throws IOException {
    Files.writeString(dir.resolve("digits.csv"), "a,b,c,label\n");
    assertLocated(fail(classifier()), "digits.csv:1: no data rows after the header", 1, 0);
  }

  @Test
  void blankLineInsideTheData() throws IOException {
    Files.writeString(dir.resolve("digits.csv"), "1,2,3,4\n\n1,2,3,4\n");
    assertLocated(fail(classifier()), "digits.csv:2: blank line before the end of the data", 2, 0);
  }

  @Test
  void headerNamesAreDataWhenTheHeaderIsAbsent() throws IOException {
    Files.writeString(dir.resolve("digits.csv"), "a,b,c,label\n1,2,3,4\n");
    assertLocated(fail(classifier().header(Header.ABSENT)), "digits.csv:1:1: 'a' is not a number", 1, 1);
  }

  @Test
  void missingFileNamesWhereItLooked() {
    DataException e = fail(classifier());
    Path abs = dir.resolve("digits.csv").toAbsolutePath().normalize();
    assertLocated(e, "digits.csv: file not found (looked in " + abs + ")", 0, 0);
  }

  @Test
  void missingResourceNamesWhereItLooked() {
    DataException e = assertThrows(DataException.class,
        () -> DataPipeline.csv("nope.csv").build().load(CsvErrorsTest.class));
    assertEquals("nope.csv: file not found (looked in classpath resource org/optspec/runtime/data/nope.csv)",
        e.getMessage());
  }

  @Test
  void targetOutsideTheColumns() throws IOException {
    digits("1,2,3,4");
    DataException e = fail(DataPipeline.csv("digits.csv").target(7));
    assertEquals("digits.csv: target column 7 is outside the 4 columns", e.getMessage());
  }

  @Test
  void splitThatLeavesNoTrainingRows() throws IOException {
    Files.writeString(dir.resolve("digits.csv"), "1,2\n3,4\n");
    DataException e = fail(DataPipeline.csv("digits.csv").split(0.5, 0.4, 1));
    assertEquals("digits.csv: the split leaves no training rows (2 rows, 1 test, 1 validation)", e.getMessage());
  }

  @Test
  void inconsistentSettingsFailAtBuild() {
    assertThrows(IllegalStateException.class, () -> DataPipeline.csv("d.csv").classes(3).targets(1).build());
    assertThrows(IllegalStateException.class, () -> DataPipeline.csv("d.csv").classes(3).standardizeTargets().build());
    assertThrows(IllegalStateException.class, () -> DataPipeline.csv("d.csv").columns("a", "b", "c").inputs(3).build());
    assertThrows(IllegalArgumentException.class, () -> DataPipeline.csv("d.csv").split(0.6, 0.4, 1));
    assertThrows(IllegalArgumentException.class, () -> DataPipeline.csv("d.csv").classes(1));
  }

  @Test
  void idsOutOfRangeOrNotWholeNameTheirCell() throws IOException {
    Files.writeString(dir.resolve("ratings.csv"), "user,item,rating\n0,4,3\n2,5,4\n1.5,1,2\n");
    DataPipeline.Builder pairs = DataPipeline.csv("ratings.csv").columns("user", "item", "rating").ids(3, 5);
    assertEquals("ratings.csv:3:2: item id 5 is out of range 0..4", fail(pairs).getMessage());
    Files.writeString(dir.resolve("ratings.csv"), "user,item,rating\n0,4,3\n1.5,1,2\n");
    assertEquals("ratings.csv:3:1: user id 1.5 is out of range 0..2", fail(pairs).getMessage());
    Files.writeString(dir.resolve("ratings.csv"), "user,item,rating\n0,4,3\n2,0,2\n");
    assertEquals(2, pairs.build().load(dir).train().rows());
  }
}
