package org.optspec.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionTest {

  @Test
  void everyOrderStatisticMatchesSortingIncludingTies() {
    Random random = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int len = 1 + random.nextInt(60);
      double[] values = new double[len + 5];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(10) / 2.0;
      }
      double[] sorted = Arrays.copyOf(values, len);
      Arrays.sort(sorted);
      for (int k = 0; k < len; k++) {
        double[] work = values.clone();
        assertEquals(sorted[k], Selection.kthSmallest(work, len, k), "k " + k + " of " + Arrays.toString(sorted));
        assertEquals(values[len], work[len], "nothing past len moves");
      }
    }
  }

  @Test
  void rejectsKOutsideTheRange() {
    assertThrows(IllegalArgumentException.class, () -> Selection.kthSmallest(new double[3], 3, 3));
    assertThrows(IllegalArgumentException.class, () -> Selection.kthSmallest(new double[3], 4, 0));
  }
}
