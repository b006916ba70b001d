package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.diabetes.Diabetes;
import org.optspec.samples.diabetes.DiabetesRegressionTrainer;
import org.optspec.samples.digits.Digits;
import org.optspec.samples.digits.DigitsClassifierTrainer;

/**
 * {@code step()} allocates nothing once warm, for both samples in both precisions: across thousands of
 * steps the thread's allocated-bytes counter moves by less than one byte per step (none in practice).
 */
class AllocationTest {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int WARM_UP_STEPS = 20_000;
  private static final int MEASURED_STEPS = 5_000;

  @Test
  void digitsFloat32StepAllocatesNothing() {
    Dataset data = DigitsClassifierTrainer.data().load(Digits.class).train();
    DigitsClassifierTrainer trainer = new DigitsClassifierTrainer();
    float[] x = floats(data.x(), 32 * 64);
    float[] y = floats(data.y(), 32);
    assertSteadyStateAllocatesNothing(i -> trainer.step(x, y, 32));
  }

  @Test
  void digitsFloat64StepAllocatesNothing() {
    Dataset data = DigitsClassifierTrainer.data().load(Digits.class).train();
    Digits64Trainer trainer = new Digits64Trainer();
    double[] x = java.util.Arrays.copyOf(data.x(), 32 * 64);
    double[] y = java.util.Arrays.copyOf(data.y(), 32);
    assertSteadyStateAllocatesNothing(i -> trainer.step(x, y, 32));
  }

  @Test
  void diabetesFloat64StepAllocatesNothing() {
    Dataset data = DiabetesRegressionTrainer.data().load(Diabetes.class).train();
    DiabetesRegressionTrainer trainer = new DiabetesRegressionTrainer();
    double[] x = java.util.Arrays.copyOf(data.x(), 64 * 10);
    double[] y = java.util.Arrays.copyOf(data.y(), 64);
    assertSteadyStateAllocatesNothing(i -> trainer.step(x, y, 64));
  }

  @Test
  void diabetesFloat32StepAllocatesNothing() {
    Dataset data = DiabetesRegressionTrainer.data().load(Diabetes.class).train();
    Diabetes32Trainer trainer = new Diabetes32Trainer();
    float[] x = floats(data.x(), 64 * 10);
    float[] y = floats(data.y(), 64);
    assertSteadyStateAllocatesNothing(i -> trainer.step(x, y, 64));
  }

  @Test
  void gatheringStepFromADatasetAllocatesNothing() {
    Splits splits = DigitsClassifierTrainer.data().load(Digits.class);
    Dataset data = splits.train();
    DigitsClassifierTrainer trainer = new DigitsClassifierTrainer();
    int[] order = new int[data.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    int batches = data.rows() / 32;
    assertSteadyStateAllocatesNothing(i -> trainer.step(data, order, (i % batches) * 32, 32));
  }

  private static void assertSteadyStateAllocatesNothing(IntToDoubleFunction step) {
    double sink = 0;
    for (int i = 0; i < WARM_UP_STEPS; i++) {
      sink += step.applyAsDouble(i);
    }
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < MEASURED_STEPS; i++) {
      sink += step.applyAsDouble(i);
    }
    long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
    // Below one byte per step: an allocation in a step costs 16 bytes or more every time, while the JVM may
    // charge the odd few dozen bytes to the thread on its own (seen in the runtime's GEMM tests); the exact
    // count per workload is bench's AllocationCheck (0 bytes).
    assertTrue(allocated < MEASURED_STEPS, allocated + " bytes allocated by " + MEASURED_STEPS + " steps (loss sum " + sink + ")");
  }

  private static float[] floats(double[] values, int count) {
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
