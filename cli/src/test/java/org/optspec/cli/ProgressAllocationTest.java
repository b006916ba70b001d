package org.optspec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.TrainingListener;

/** The progress bar's per-step hook runs between allocation-free steps and must not allocate itself. */
class ProgressAllocationTest {

  @Test
  void onStepAllocatesNothingBetweenRefreshes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    ProgressBarPrinter bar = new ProgressBarPrinter(new PrintStream(sink, true, StandardCharsets.UTF_8), 1, 1_000_000, "test", EpochCadence.auto(1), 120);
    bar.onEpochStart(1, 2_000_000);
    for (int i = 0; i < 200_000; i++) {
      bar.onStep(1, i, 0.5, 1e-3);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    int steps = 1_000_000;
    for (int i = 0; i < steps; i++) {
      bar.onStep(1, i, 0.5, 1e-3);
    }
    long refreshes = (System.nanoTime() - start) / 100_000_000L + 1;
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    bar.onEpochEnd(new TrainingListener.EpochSummary(1, 1, steps, 0.5, Double.NaN, 1e-3, 1.0));
    // at most one refresh per 100 ms, each formatting one message (String.format: a few kilobytes of garbage)
    long refreshBudget = refreshes * 32 * 1024;
    assertTrue(allocated < refreshBudget, refreshes + " refreshes: " + allocated + " bytes over " + steps + " steps (" + (double) allocated / steps + " per step)");
  }
}
