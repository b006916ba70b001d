package org.optspec.spark;

import java.io.Serializable;

/**
 * How the partitions train together. {@link Sync}: every step the global batch is split across the partitions, each
 * sends the gradient sum of its rows, the driver adds them in partition order and steps as one machine would.
 * {@link Average}: every partition trains its own replica on its own rows for {@code every} steps, then parameters and
 * optimizer state are averaged (local SGD, DL4J's parameter averaging).
 */
public sealed interface Strategy extends Serializable permits Strategy.Sync, Strategy.Average {

  /** Synchronous data parallel: one machine's trajectory, one Spark job per step. */
  record Sync() implements Strategy {
    @Override
    public String toString() {
      return "sync";
    }
  }

  /** Local SGD: one Spark job per {@code every} steps of every replica. */
  record Average(int every) implements Strategy {
    public Average {
      if (every < 1) {
        throw new IllegalArgumentException("the averaging period must be at least 1 step, got " + every);
      }
    }

    @Override
    public String toString() {
      return "average:" + every;
    }
  }

  static Strategy sync() {
    return new Sync();
  }

  static Strategy average(int every) {
    return new Average(every);
  }

  /** {@code sync} or {@code average:K}, as the command line's {@code --strategy} takes it. */
  static Strategy parse(String text) {
    if (text.equals("sync")) {
      return sync();
    }
    if (text.startsWith("average:")) {
      try {
        return average(Integer.parseInt(text.substring("average:".length())));
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException("a strategy is sync or average:K (K steps between averages), got '" + text + "'");
  }
}
