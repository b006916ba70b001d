package org.optspec.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Rng;

class DataPipelineTest {
  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  /** {@code n} rows: id, then a feature that grows with the id, then the target 10·id. */
  private void idRows(int n) throws IOException {
    StringBuilder b = new StringBuilder("id,f,y\n");
    for (int i = 0; i < n; i++) {
      b.append(i).append(',').append(i * i % 17).append(',').append(10 * i).append('\n');
    }
    write("ids.csv", b.toString());
  }

  @Test
  void aResourceOpenerGetsTheFileNameAndANullStreamIsNotFound() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    Splits s = DataPipeline.csv("r.csv").classes(2).build().load(name -> {
      asked.add(name);
      return new java.io.ByteArrayInputStream("1,2,0\n3,4,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    });
    assertEquals(java.util.List.of("r.csv"), asked);
    assertArrayEquals(new double[] {1, 2, 3, 4}, s.train().x());
    DataException missing = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
        () -> DataPipeline.csv("gone.csv").classes(2).build().load(name -> null));
    assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
  }

  @Test
  void headerIsDetectedWhenPresent() throws IOException {
    write("h.csv", "a,b,label\n1,2,0\n3,4,1\n\n\n");
    Splits s = DataPipeline.csv("h.csv").classes(2).build().load(dir);
    assertEquals(2, s.train().rows());
    assertArrayEquals(new double[] {1, 2, 3, 4}, s.train().x());
    assertArrayEquals(new double[] {0, 1}, s.train().y());
    assertNull(s.validation());
    assertNull(s.test());
  }

  @Test
  void firstRowIsDataWhenAllNumeric() throws IOException {
    write("n.csv", "1, 2 ,0\r\n3,4,1\r\n-5e-1,+.5,1\r\n");
    Splits s = DataPipeline.csv("n.csv").classes(2).build().load(dir);
    assertEquals(3, s.train().rows());
    assertArrayEquals(new double[] {1, 2, 3, 4, -0.5, 0.5}, s.train().x());
  }

  @Test
  void presentHeaderIsSkippedEvenIfNumeric() throws IOException {
    write("p.csv", "0,0,0\n1,2,0\n");
    Splits s = DataPipeline.csv("p.csv").header(Header.PRESENT).classes(2).build().load(dir);
    assertEquals(1, s.train().rows());
  }

  @Test
  void targetColumnCanBeFirstMiddleOrABlockAtTheEnd() throws IOException {
    write("t.csv", "1,2,3,4\n5,6,7,8\n");
    Dataset first = DataPipeline.csv("t.csv").target(0).build().load(dir).train();
    assertArrayEquals(new double[] {2, 3, 4, 6, 7, 8}, first.x());
    assertArrayEquals(new double[] {1, 5}, first.y());
    Dataset middle = DataPipeline.csv("t.csv").target(2).build().load(dir).train();
    assertArrayEquals(new double[] {1, 2, 4, 5, 6, 8}, middle.x());
    assertArrayEquals(new double[] {3, 7}, middle.y());
    Dataset block = DataPipeline.csv("t.csv").targets(2).build().load(dir).train();
    assertEquals(2, block.inputs());
    assertArrayEquals(new double[] {3, 4, 7, 8}, block.y());
    Dataset named = DataPipeline.csv("t.csv").columns("a", "b", "c", "d").build().load(dir).train();
    assertEquals(3, named.inputs());
  }

  @Test
  void splitSizesDisjointnessAndOrder() throws IOException {
    idRows(101);
    Splits s = DataPipeline.csv("ids.csv").target(-1).split(0.2, 0.1, 7).build().load(dir);
    assertEquals(20, s.test().rows());          // round(20.2)
    assertEquals(10, s.validation().rows());    // round(10.1)
    assertEquals(71, s.train().rows());
    Set<Double> seen = new HashSet<>();
    for (Dataset d : new Dataset[] {s.train(), s.validation(), s.test()}) {
      for (int r = 0; r < d.rows(); r++) {
        assertTrue(seen.add(d.x()[r * 2]), "row " + d.x()[r * 2] + " in two splits");
        assertEquals(10 * d.x()[r * 2], d.y()[r]);
      }
    }
    assertEquals(101, seen.size());
    // documented assignment: shuffled indices, test first, then validation, the rest train
    int[] order = new int[101];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    new Rng(7).shuffle(order, order.length);
    for (int r = 0; r < 20; r++) {
      assertEquals(order[r], s.test().x()[r * 2]);
    }
    for (int r = 0; r < 10; r++) {
      assertEquals(order[20 + r], s.validation().x()[r * 2]);
    }
    for (int r = 0; r < 71; r++) {
      assertEquals(order[30 + r], s.train().x()[r * 2]);
    }
  }

  @Test
  void splitIsDeterministicInItsSeed() throws IOException {
    idRows(50);
    DataPipeline p = DataPipeline.csv("ids.csv").split(0.2, 7).build();
    assertArrayEquals(p.load(dir).test().x(), p.load(dir).test().x());
    double[] other = DataPipeline.csv("ids.csv").split(0.2, 8).build().load(dir).test().x();
    assertNotEquals(java.util.Arrays.toString(p.load(dir).test().x()), java.util.Arrays.toString(other));
  }

  @Test
  void standardizeUsesTrainingStatisticsOnly() throws IOException {
    idRows(200);
    Splits s = DataPipeline.csv("ids.csv").standardizeInputs().split(0.25, 0.0, 3).build().load(dir);
    for (int c = 0; c < 2; c++) {
      double[] train = moments(s.train(), c);
      assertEquals(0, train[0], 1e-12);
      assertEquals(1, train[1], 1e-12);
      double[] test = moments(s.test(), c);
      assertNotEquals(0.0, test[0]);
      assertTrue(Math.abs(test[0]) > 1e-6, "test mean " + test[0] + " looks like it used test statistics");
      assertNotEquals(1.0, test[1]);
    }
  }

  @Test
  void constantColumnIsOnlyCentered() throws IOException {
    write("c.csv", "5,1,0\n5,2,0\n5,3,0\n");
    Dataset d = DataPipeline.csv("c.csv").standardizeInputs().build().load(dir).train();
    assertArrayEquals(new double[] {0, -Math.sqrt(1.5), 0, 0, 0, Math.sqrt(1.5)}, d.x(), 1e-12);
  }

  @Test
  void preprocessingRunsInTheOrderGiven() throws IOException {
    idRows(40);
    Dataset scaledAfter = DataPipeline.csv("ids.csv").standardizeInputs().scaleInputs(2).standardizeTargets()
        .build().load(dir).train();
    assertEquals(2, moments(scaledAfter, 0)[1], 1e-12);
    Dataset scaledBefore = DataPipeline.csv("ids.csv").scaleInputs(2).standardizeInputs().scaleTargets(0.1)
        .build().load(dir).train();
    assertEquals(1, moments(scaledBefore, 0)[1], 1e-12);
    assertEquals(39, scaledBefore.y()[39], 1e-12);   // 390 · 0.1, file order without a split
    assertEquals(1, std(scaledAfter.y()), 1e-12);
  }

  @Test
  void loadsAResourceNextToAnAnchorClass() {
    Dataset d = DataPipeline.csv("tiny.csv").inputs(2).classes(2).build().load(DataPipelineTest.class).train();
    assertEquals(3, d.rows());
    assertArrayEquals(new double[] {0, 1, 1}, d.y());
  }

  /** Population mean and std of input column c. */
  private static double[] moments(Dataset d, int c) {
    double[] col = new double[d.rows()];
    for (int r = 0; r < d.rows(); r++) {
      col[r] = d.x()[r * d.inputs() + c];
    }
    double mean = 0;
    for (double v : col) {
      mean += v;
    }
    mean /= col.length;
    return new double[] {mean, std(col)};
  }

  private static double std(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return Math.sqrt(s / v.length);
  }
}
