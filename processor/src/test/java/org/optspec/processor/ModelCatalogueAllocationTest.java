package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Trainer;

/** Every model kind steps without allocating once warm: rnn, factorize, batchnorm with pruning, bce. */
class ModelCatalogueAllocationTest {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int MEASURED_STEPS = 3_000;

  /** Bytes allocated by MEASURED_STEPS warm steps (full batches and a 3-row one every tenth step). */
  private static long bytesAllocatedBySteps(String spec, int inputs, int batch, IntToDoubleFunction xAt,
      IntToDoubleFunction yAt) {
    Trainer trainer = LoadedTrainer.of(SpecText.trainer(spec)).trainer;
    int rows = 10 * batch + 3;
    double[] x = new double[rows * inputs];
    double[] y = new double[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = xAt.applyAsDouble(i);
    }
    for (int i = 0; i < rows; i++) {
      y[i] = yAt.applyAsDouble(i);
    }
    Dataset data = new Dataset(x, y, rows, inputs, 1);
    double sink = 0;
    for (int i = 0; i < 8_000; i++) {
      sink += trainer.step(data, null, (i % 10) * batch, i % 10 == 9 ? 3 : batch);
    }
    long thread = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < MEASURED_STEPS; i++) {
      sink += trainer.step(data, null, (i % 10) * batch, i % 10 == 9 ? 3 : batch);
    }
    long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
    assertFalse(Double.isNaN(sink));
    return allocated;
  }

  private static String trainer(String data, String model, String rest) {
    return "trainer A {\n seed 1\n data {\n source csv(\"a.csv\")\n " + data + "\n }\n model {\n " + model + "\n }\n "
        + rest + "\n}\n";
  }

  @Test
  void rnnStepsAllocateNothing() {
    Random random = new Random(1);
    String spec = trainer("sequence(length: 12, features: 2)\n targets 1", "rnn(16)\n dense(1)",
        "loss mse\n optimizer adam\n batch 16\n epochs 1");
    long bytes = bytesAllocatedBySteps(spec, 24, 16, i -> random.nextGaussian(), i -> random.nextGaussian());
    assertTrue(bytes < MEASURED_STEPS, bytes + " bytes in " + MEASURED_STEPS + " steps");
  }

  @Test
  void factorizeStepsAllocateNothing() {
    Random random = new Random(2);
    String spec = trainer("pairs(users: 50, items: 40)\n targets 1", "factorize(factors: 8, init: normal(0, 0.1), bias: true)",
        "loss mse\n regularize l2(0.01)\n optimizer sgd(lr: 0.01)\n batch 32\n epochs 1");
    long bytes = bytesAllocatedBySteps(spec, 2, 32, i -> i % 2 == 0 ? random.nextInt(50) : random.nextInt(40),
        i -> random.nextGaussian());
    assertTrue(bytes < MEASURED_STEPS, bytes + " bytes in " + MEASURED_STEPS + " steps");
  }

  @Test
  void batchnormDropoutAndPruningStepsAllocateNothing() {
    Random random = new Random(3);
    String spec = trainer("features 8\n classes 3",
        "dense(32)\n batchnorm\n leaky_relu\n dense(16)\n batchnorm\n tanh\n dropout(0.1)\n dense(3)",
        "loss softmax_cross_entropy\n optimizer adamw\n batch 32\n epochs 1\n"
            + " prune magnitude(final_sparsity: 0.5, from: 0 steps, to: 20000 steps, every: 10 steps)");
    long bytes = bytesAllocatedBySteps(spec, 8, 32, i -> random.nextGaussian(), i -> random.nextInt(3));
    assertTrue(bytes < MEASURED_STEPS, bytes + " bytes in " + MEASURED_STEPS + " steps");
  }

  @Test
  void binaryCrossEntropyStepsAllocateNothing() {
    Random random = new Random(4);
    String spec = trainer("features 5\n classes 2", "dense(8)\n sigmoid\n dense(1)",
        "loss binary_cross_entropy\n optimizer sgd(lr: 0.1)\n batch 16\n epochs 1");
    long bytes = bytesAllocatedBySteps(spec, 5, 16, i -> random.nextGaussian(), i -> random.nextInt(2));
    assertTrue(bytes < MEASURED_STEPS, bytes + " bytes in " + MEASURED_STEPS + " steps");
  }
}
