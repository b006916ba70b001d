package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;
import org.optspec.spec.TrainerSpec;

/** Once warm, a generated step allocates nothing: the thread's allocation counter does not move. */
class AllocationFreeStepTest {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static long bytesAllocatedBySteps(TrainerSpec spec, int inputs, int classes, int batch) {
    Trainer trainer = LoadedTrainer.of(spec).trainer;
    Random random = new Random(8);
    int rows = 10 * batch + 3;
    double[] x = new double[rows * inputs];
    double[] y = new double[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = classes > 0 ? random.nextInt(classes) : random.nextGaussian();
    }
    Dataset data = new Dataset(x, y, rows, inputs, 1);
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = rows - 1 - i;
    }
    double sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += trainer.step(data, order, (i % 10) * batch, batch);
    }
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 3_000; i++) {
      sink += trainer.step(data, order, (i % 10) * batch, i % 10 == 9 ? 3 : batch);
    }
    long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
    assertEquals(false, Double.isNaN(sink));
    return allocated;
  }

  @Test
  void digitsStepsAllocateNothing() {
    assertEquals(0, bytesAllocatedBySteps(TestSpecs.digits(), 64, 10, 32));
  }

  @Test
  void diabetesStepsAllocateNothing() {
    assertEquals(0, bytesAllocatedBySteps(TestSpecs.diabetes(), 10, 0, 64));
  }
}
