package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.kernels.Parallel;

/**
 * A large rnn walks forward and back in row ranges on both cores ({@code RnnEmitter}): the W5 shape (hidden 64,
 * 50 steps, batch 32) takes the split form, its gradients are the whole batch's, it trains to the same bits on one
 * thread and on two, and its steps allocate nothing on the caller or on the pool's worker.
 */
class RnnRowRangesTest {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static String spec(String precision) {
    return "trainer R {\n precision " + precision + "\n seed 3\n data {\n source csv(\"r.csv\", target: last)\n"
        + " sequence(length: 50, features: 8)\n targets 1\n }\n model {\n rnn(64, activation: tanh)\n dense(1)\n }\n"
        + " loss mse\n optimizer adam(lr: 1e-3)\n batch 32\n epochs 1\n}\n";
  }

  private static double[] gaussian(Random random, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  private static boolean hasMethod(LoadedTrainer t, String name) {
    for (var m : t.type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aLargeBatchWalksInTwoRowRangesAndItsGradientIsTheWholeBatchs() {
    LoadedTrainer t = LoadedTrainer.of(SpecText.trainer(spec("float64")));
    assertTrue(hasMethod(t, "rnn0ForwardRows") && hasMethod(t, "rnn0BackwardRows"), "the walks run on row ranges");
    assertEquals(2, t.constant("RNN0_CHUNKS"));
    assertEquals(16, t.constant("RNN0_SPLIT_MIN_ROWS"));
    Random random = new Random(7);
    int row = 50 * 8;
    double[] x = gaussian(random, 32 * row);
    double[] y = gaussian(random, 32);
    // 32 rows walk in two ranges; rows 0..14 (below the threshold) on the caller alone, rows 15..31 in two ranges.
    // The mean loss's gradient is linear in the rows: 32 · g(all) = 15 · g(first 15) + 17 · g(last 17).
    double all = t.computeGradients(x, y, 32);
    double[] whole = t.gradients();
    double first = t.computeGradients(x, y, 15);
    double[] head = t.gradients();
    double last = t.computeGradients(java.util.Arrays.copyOfRange(x, 15 * row, 32 * row),
        java.util.Arrays.copyOfRange(y, 15, 32), 17);
    double[] tail = t.gradients();
    assertEquals(all, (15 * first + 17 * last) / 32, 1e-12 * Math.abs(all));
    double scale = 0;
    for (double g : whole) {
      scale = Math.max(scale, Math.abs(g));
    }
    assertTrue(scale > 0, "the batch has a gradient");
    for (int i = 0; i < whole.length; i++) {
      assertEquals(whole[i], (15 * head[i] + 17 * tail[i]) / 32, 1e-12 * scale, "gradient " + i);
    }
  }

  @Test
  void theSplitWalksTrainToTheSameBitsOnOneThreadAndOnTwo() throws Exception {
    assertTrue(Parallel.threads() >= 2, "this case needs the pool to have a worker thread (two processors or"
        + " -Doptspec.threads=2), it has " + Parallel.threads());
    for (String precision : new String[] {"float32", "float64"}) {
      LoadedTrainer split = LoadedTrainer.of(SpecText.trainer(spec(precision)));
      LoadedTrainer serial = LoadedTrainer.of(SpecText.trainer(spec(precision)));
      Random random = new Random(11);
      double[] x = gaussian(random, 32 * 50 * 8);
      double[] y = gaussian(random, 32);
      double[] losses = new double[12];
      for (int s = 0; s < losses.length; s++) {
        losses[s] = split.step(x, y, s % 4 == 3 ? 20 : 32);
      }
      PoolHeld.run(() -> {
        for (int s = 0; s < losses.length; s++) {
          assertEquals(losses[s], serial.step(x, y, s % 4 == 3 ? 20 : 32), precision + ", loss of step " + s);
        }
      });
      int count = split.trainer.parameterCount();
      for (int i = 0; i < count; i++) {
        assertEquals(split.param(i), serial.param(i), precision + ", parameter " + i);
      }
      assertTrue(losses[losses.length - 2] < losses[0], precision + ": training lowered the loss, " + losses[0]
          + " → " + losses[losses.length - 2]);
    }
  }

  @Test
  void splitStepsAllocateNothingOnTheCallerOrThePoolsWorkers() {
    Trainer t = LoadedTrainer.of(SpecText.trainer(spec("float32"))).trainer;
    Random random = new Random(13);
    int rows = 64;
    Dataset data = new Dataset(gaussian(random, rows * 50 * 8), gaussian(random, rows), rows, 50 * 8, 1);
    double sink = 0;
    for (int i = 0; i < 3_000; i++) {
      sink += t.step(data, null, (i % 2) * 32, i % 10 == 9 ? 17 : 32);
    }
    List<Long> ids = new ArrayList<>();
    ids.add(Thread.currentThread().getId());
    for (Thread th : Thread.getAllStackTraces().keySet()) {
      if (th.getName().startsWith("optspec-gemm-")) {
        ids.add(th.getId());
      }
    }
    assertTrue(ids.size() >= 2, "this case needs the pool to have a worker thread (two processors or -Doptspec.threads=2)");
    long[] before = new long[ids.size()];
    for (int k = 0; k < before.length; k++) {
      before[k] = THREADS.getThreadAllocatedBytes(ids.get(k));
    }
    int measured = 1_000;
    for (int i = 0; i < measured; i++) {
      sink += t.step(data, null, (i % 2) * 32, i % 10 == 9 ? 17 : 32);
    }
    for (int k = 0; k < before.length; k++) {
      long bytes = THREADS.getThreadAllocatedBytes(ids.get(k)) - before[k];
      // under one byte a step: a per-step allocation would be at least 16 bytes every step
      assertTrue(bytes < measured, (k == 0 ? "caller" : "worker " + k) + ": " + bytes + " bytes in " + measured + " steps");
    }
    assertFalse(Double.isNaN(sink));
  }
}
