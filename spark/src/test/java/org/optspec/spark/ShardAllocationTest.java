package org.optspec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.optspec.runtime.Dataset;

/**
 * Nothing in an executor's inner loop allocates (docs/SPARK.md, "What travels"), measured on the Shard calls a task
 * makes, without a Spark session: after a warm-up long enough for C2, the bytes the thread allocates in one
 * {@code gradientSum} call do not grow from 4 to 32 rows (the spec's batch, the most one call takes), nor in one {@code localSteps} call from 1 to 16 steps;
 * what a call allocates is its result (a {@code Partial}, and for averaging the parameter and optimizer state copies
 * shipped back), the same whatever the rows or steps.
 */
class ShardAllocationTest {

  /** Bytes two calls may differ by: the JIT's and the allocation counter's own noise, far below one row's arrays. */
  private static final long SLACK = 512;
  private static final int WARM_UP = 20_000;
  private static final int CALLS = 200;

  private static com.sun.management.ThreadMXBean threads;
  private static Dataset train;

  @BeforeAll
  static void load() {
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported(), "this JVM counts a thread's allocated bytes");
    threads.setThreadAllocatedMemoryEnabled(true);
    train = Digits64.load().train();
  }

  @Test
  void aGradientSumAllocatesTheSameForFourRowsAsForThirtyTwo() {
    Trainers.Replica type = Trainers.Replica.of(new Digits64Trainer());
    Shard shard = Shard.of(0, train, 0, 256);
    double[] params = new Digits64Trainer().parameters();
    int[] order = new int[256];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Supplier<Shard.Partial> four = () -> shard.gradientSum(type, params, order, 100, 4, 0);
    Supplier<Shard.Partial> thirtyTwo = () -> shard.gradientSum(type, params, order, 100, 32, 0);
    assertEquals(4, four.get().rows());
    assertEquals(32, thirtyTwo.get().rows());
    for (int i = 0; i < WARM_UP; i++) {
      four.get();
      thirtyTwo.get();
    }
    long small = perCall(four);
    long large = perCall(thirtyTwo);
    System.out.printf("ShardAllocationTest: gradientSum allocates %d bytes a call over 4 rows, %d over 32 rows%n",
        small, large);
    assertTrue(Math.abs(large - small) <= SLACK,
        "gradientSum: " + small + " bytes a call over 4 rows, " + large + " over 32 rows");
  }

  @Test
  void localStepsAllocateTheSameForOneStepAsForSixteen() {
    Digits64Trainer driver = new Digits64Trainer();
    Trainers.Replica type = Trainers.Replica.of(driver);
    Shard shard = Shard.of(0, train, 0, 512);
    double[][] state = {driver.parameters(), driver.optimizerState(), driver.scheduleState()};
    // every call starts at step 0 of an epoch of 16 steps: after the first, the epoch's order is made, so the steps
    // measured are steps, not the epoch's shuffle
    Supplier<Shard.Partial> one = () -> shard.localSteps(type, state, 0, 1, 16, 42);
    Supplier<Shard.Partial> sixteen = () -> shard.localSteps(type, state, 0, 16, 16, 42);
    assertEquals(1, one.get().rows());
    assertEquals(16, sixteen.get().rows());
    for (int i = 0; i < WARM_UP / 16; i++) {
      sixteen.get();
    }
    for (int i = 0; i < WARM_UP; i++) {
      one.get();
    }
    long single = perCall(one);
    long many = perCall(sixteen);
    int shipped = 8 * (state[0].length + state[1].length);
    System.out.printf("ShardAllocationTest: localSteps allocates %d bytes a call for 1 step, %d for 16 steps "
        + "(%d of them the parameters and optimizer state shipped back)%n", single, many, shipped);
    assertTrue(Math.abs(many - single) <= SLACK,
        "localSteps: " + single + " bytes a call for 1 step, " + many + " for 16 steps");
    assertTrue(single >= shipped && single <= shipped + SLACK,
        "localSteps allocates its result's arrays (" + shipped + " bytes) and little else: " + single);
  }

  /** The fewest bytes this thread allocated a call, over {@code CALLS} calls, in the best of five rounds. */
  private static long perCall(Supplier<Shard.Partial> call) {
    long id = Thread.currentThread().getId();
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < CALLS; i++) {
        call.get();
      }
      long after = threads.getThreadAllocatedBytes(id);
      best = Math.min(best, (after - before) / CALLS);
    }
    return best;
  }
}
