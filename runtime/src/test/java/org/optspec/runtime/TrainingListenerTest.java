package org.optspec.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Composition ({@code all}), stop requests and their reasons. */
class TrainingListenerTest {

  private static TrainingListener recording(String name, List<String> events, StopReason stopAt2) {
    return new TrainingListener() {
      int epoch;

      @Override
      public void onEpochStart(int e, int steps) {
        events.add(name + " start " + e);
      }

      @Override
      public void onStep(int e, long step, double loss, double lr) {
        events.add(name + " step " + step);
      }

      @Override
      public void onEpochEnd(EpochSummary s) {
        epoch = s.epoch();
        events.add(name + " end " + s.epoch());
      }

      @Override
      public StopReason stopRequest() {
        events.add(name + " asked");
        return epoch >= 2 ? stopAt2 : null;
      }
    };
  }

  @Test
  void allTellsEachListenerInOrderAndTheFirstStopRequestWins() {
    List<String> events = new ArrayList<>();
    StopReason a = StopReason.requested("a"); 
    StopReason b = StopReason.requested("b");
    TrainingListener all = TrainingListener.all(recording("x", events, null), recording("y", events, a),
        recording("z", events, b));
    all.onEpochStart(1, 3);
    all.onStep(1, 1, 0.5, 0.1);
    all.onEpochEnd(new TrainingListener.EpochSummary(1, 5, 1, 0.5, 0.4, 0.1, 1));
    assertNull(all.stopRequest());
    all.onEpochEnd(new TrainingListener.EpochSummary(2, 5, 2, 0.5, 0.4, 0.1, 1));
    assertSame(a, all.stopRequest());
    assertEquals(List.of("x start 1", "y start 1", "z start 1", "x step 1", "y step 1", "z step 1", "x end 1", "y end 1",
        "z end 1", "x asked", "y asked", "z asked", "x end 2", "y end 2", "z end 2", "x asked", "y asked", "z asked"), events);
  }

  @Test
  void allAllocatesNothingPerStep() {
    TrainingListener all = TrainingListener.all(TrainingListener.NONE, TrainingListener.NONE, TrainingListener.NONE);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      all.onStep(1, i, 0.5, 1e-3);
      all.stopRequest();
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100_000; i++) {
      all.onStep(1, i, 0.5, 1e-3);
      all.stopRequest();
    }
    // less than one byte per call, as AllocationFreeStepTest bounds a step: an allocation per call costs at least
    // 16 bytes every time, while the JVM may charge a few hundred bytes to the thread on its own (seen: 944 bytes
    // over 100,000 calls on a loaded machine, from deoptimization), which an exact 0 turns into a flaky test
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(allocated < 100_000, allocated + " bytes over 100,000 calls");
  }

  @Test
  void stopWhenAsksAfterTheFirstEpochThatMeetsTheCondition() {
    TrainingListener l = TrainingListener.stopWhen(s -> s.trainLoss() < 0.1, "train loss below 0.1");
    l.onEpochEnd(new TrainingListener.EpochSummary(1, 5, 1, 0.5, Double.NaN, 0.1, 1));
    assertNull(l.stopRequest());
    l.onEpochEnd(new TrainingListener.EpochSummary(2, 5, 2, 0.05, Double.NaN, 0.1, 1));
    StopReason r = l.stopRequest();
    assertEquals(StopReason.Kind.STOPPED_BY_LISTENER, r.kind());
    assertEquals("stopped by listener: \"train loss below 0.1\"", r.toString());
  }

  @Test
  void reasonsInWords() {
    assertEquals("completed", StopReason.COMPLETED.toString());
    assertEquals("early-stopped by validation_loss: stalled for 5 epochs",
        StopReason.earlyStopped("validation_loss", "stalled for 5 epochs").toString());
    assertEquals("diverged: train_loss is Infinity at epoch 3", StopReason.diverged("train_loss is Infinity at epoch 3").toString());
    assertTrue(new TrainingReport(1, 1, 1, 1, List.of(), "completed 1 epochs").stopReason() == StopReason.COMPLETED);
  }
}
