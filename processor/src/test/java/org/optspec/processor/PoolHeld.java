package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.optspec.runtime.kernels.Parallel;

/**
 * Runs test code while another thread holds both threads of the runtime's pool, so that {@code Parallel.run}
 * inside it runs every range on the caller, in range order, as one thread would: the serial reference that a
 * split kernel's result is compared with.
 */
final class PoolHeld {
  /** Test code that may throw, run while the pool is held. */
  interface Body {
    void run() throws Exception;
  }

  private PoolHeld() {}

  static void run(Body body) throws Exception {
    CountDownLatch holding = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> Parallel.run(chunk -> {
      holding.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 2));
    holder.start();
    try {
      assertTrue(holding.await(30, TimeUnit.SECONDS), "both threads of the pool are held");
      body.run();
    } finally {
      release.countDown();
      holder.join();
    }
  }
}
