package org.optspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;

/**
 * {@link DataPipeline#readRows} (what {@code optspec predict} and {@code eval} read) parses every row straight into
 * its arrays after a counting pass, as {@code load} does: the rows are the file's, in file order, exactly as
 * {@link Double#parseDouble} reads each cell, in both forms (features only; the spec's full rows with the target block
 * anywhere), and every error is located as before.
 */
class ReadRowsTest {
  @TempDir Path dir;

  /** {@code n} rows of {@code columns} random decimals, a header first when {@code header}. */
  private Path csv(String name, int n, int columns, boolean header, Random random) throws IOException {
    StringBuilder b = new StringBuilder();
    if (header) {
      for (int c = 0; c < columns; c++) {
        b.append(c == 0 ? "" : ",").append("c").append(c);
      }
      b.append('\n');
    }
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < columns; c++) {
        b.append(c == 0 ? "" : ",").append(random.nextInt(2000) / 7.0 - 100);
      }
      b.append('\n');
    }
    Path f = dir.resolve(name);
    Files.writeString(f, b.toString());
    return f;
  }

  /** The file's cells by String.split and Double.parseDouble: what the rows must be. */
  private static double[][] cells(Path f, boolean header) throws IOException {
    List<String> lines = Files.readAllLines(f);
    List<String> data = header ? lines.subList(1, lines.size()) : lines;
    double[][] rows = new double[data.size()][];
    for (int r = 0; r < rows.length; r++) {
      String[] cells = data.get(r).split(",");
      rows[r] = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        rows[r][c] = Double.parseDouble(cells[c]);
      }
    }
    return rows;
  }

  @Test
  void theSpecsFullRowsAreTheFileRowsInOrderWhereverTheTargetsAre() throws IOException {
    Random random = new Random(3);
    for (int target : new int[] {0, 1, 3, -1}) {
      for (boolean header : new boolean[] {true, false}) {
        Path f = csv("full.csv", 257, 5, header, random);
        Dataset d = DataPipeline.csv("full.csv").target(target).inputs(3).targets(2).build().readRows(f);
        double[][] cells = cells(f, header);
        int first = target < 0 ? 5 + target - 1 : target;
        assertEquals(cells.length, d.rows());
        assertTrue(d.hasTargets());
        for (int r = 0; r < cells.length; r++) {
          double[] x = new double[3];
          for (int c = 0, k = 0; c < 5; c++) {
            if (c < first || c >= first + 2) {
              x[k++] = cells[r][c];
            }
          }
          assertArrayEquals(x, java.util.Arrays.copyOfRange(d.x(), r * 3, r * 3 + 3), "row " + r + ", target " + target);
          assertArrayEquals(java.util.Arrays.copyOfRange(cells[r], first, first + 2),
              java.util.Arrays.copyOfRange(d.y(), r * 2, r * 2 + 2), "row " + r + ", target " + target);
        }
      }
    }
  }

  @Test
  void featureRowsAreEveryColumnWithoutTargets() throws IOException {
    Path f = csv("features.csv", 100, 3, true, new Random(4));
    for (int target : new int[] {0, -1}) {
      Dataset d = DataPipeline.csv("x.csv").target(target).inputs(3).classes(4).build().readRows(f);
      assertFalse(d.hasTargets());
      double[][] cells = cells(f, true);
      assertEquals(100, d.rows());
      for (int r = 0; r < 100; r++) {
        assertArrayEquals(cells[r], java.util.Arrays.copyOfRange(d.x(), r * 3, r * 3 + 3), "row " + r);
      }
    }
  }

  @Test
  void aClassifiersLabelsAreCheckedAtTheirLineAndColumn() throws IOException {
    Path f = dir.resolve("labels.csv");
    Files.writeString(f, "a,b,label\n1,2,0\n3,4,1\n5,6,4\n7,8,1\n");
    DataPipeline pipeline = DataPipeline.csv("labels.csv").target(-1).inputs(2).classes(3).build();
    DataException e = assertThrows(DataException.class, () -> pipeline.readRows(f));
    assertEquals(f + ":4:3: label 4 is out of range 0..2", e.getMessage());
    Files.writeString(f, "a,b,label\n1,2,0\n3,4,1.5\n");
    e = assertThrows(DataException.class, () -> pipeline.readRows(f));
    assertEquals(f + ":3:3: label 1.5 is not an integer", e.getMessage());
  }

  @Test
  void aBadCellAndAWrongColumnCountAreLocated() throws IOException {
    DataPipeline pipeline = DataPipeline.csv("d.csv").target(-1).inputs(2).build();
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "1,2,3\n4,x5,6\n");
    DataException e = assertThrows(DataException.class, () -> pipeline.readRows(f));
    assertEquals(f + ":2:2: 'x5' is not a number", e.getMessage());
    Files.writeString(f, "1,2,3\n4,5\n");
    e = assertThrows(DataException.class, () -> pipeline.readRows(f));
    assertEquals(f + ":2:3: expected 3 columns, found 2", e.getMessage());
    // neither form: declined by the direct path, reported at the first row as before
    Files.writeString(f, "p,q,r,s\n1,2,3,4\n");
    e = assertThrows(DataException.class, () -> pipeline.readRows(f));
    assertEquals(f + ":2:1: expected 2 columns (the features) or 3 (the spec's rows: features and the target), found 4",
        e.getMessage());
  }
}
