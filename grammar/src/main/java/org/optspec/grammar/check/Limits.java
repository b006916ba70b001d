package org.optspec.grammar.check;

/**
 * The sizes a spec may ask for, in one place: each keeps the generated trainer within what Java arrays, int
 * arithmetic and the JVM's 64 KB method limit can hold, so that everything {@code check} accepts compiles and runs.
 * Each is far above the specs the project knows (the largest sample has 2 layers of 128 and 8,906 parameters).
 */
public final class Limits {

  /** Units, hidden sizes, factors, features, classes, targets, sequence lengths, users and items. */
  public static final int MAX_WIDTH = 1 << 24;
  /** Rows in a batch: staging and activation buffers are batch × width. */
  public static final int MAX_BATCH = 1 << 24;
  /** Epochs of a trainer: counted in int by the generated loop. */
  public static final int MAX_EPOCHS = 100_000_000;
  /** Micro-batches per update: more than this and an epoch of any real data set would never update. */
  public static final int MAX_ACCUMULATE = 65_536;
  /** Steps of an objective. */
  public static final long MAX_STEPS = 1_000_000_000_000L;
  /** Layers in a model: the generated forward and backward passes are one method each (64 KB of bytecode). */
  public static final int MAX_LAYERS = 200;
  /** Elements of one Java array: the parameters, their gradients and each optimizer slot are one flat array each. */
  public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  /**
   * Elements an objective writes out (its parameters and constants): each is a literal in the generated class's
   * static initializer, which the JVM limits to 64 KB of bytecode, and a constant-pool entry.
   */
  public static final int MAX_OBJECTIVE_ELEMENTS = 2048;
  /**
   * Draws of an expectation per step ({@code mean over N samples of ...}): the generated class keeps one step's
   * standard normals, N × (random variables) doubles, and each draw's value for the standard error.
   */
  public static final int MAX_SAMPLES = 1 << 20;
  /** Random variables of an objective: each is one standard normal per draw. */
  public static final int MAX_RANDOM_VARIABLES = 64;
  /**
   * A duration in steps ({@code warmup(steps: N)}, {@code every: N steps}): 2^53, the largest whole number a double (the
   * spec's numbers) holds exactly. Without the bound, the generated {@code long} constant capped {@code 1e30 steps} at
   * 2^63 - 1 silently. A duration in epochs is at most {@link #MAX_EPOCHS}, so that its steps
   * (epochs × steps per epoch, in long at run time) cannot be capped either. A stop rule's patience is at most this in
   * either unit (it counts epochs as epochs).
   */
  public static final long MAX_DURATION_STEPS = 1L << 53;
  /**
   * {@code cosine_restarts}' {@code t_mul}, whole, written as a {@code long} constant: 2^53 as a duration in steps, so
   * that the constant is the number written ({@code t_mul: 1e30} was capped at 2^63 - 1 silently). Any t_mul above
   * 2^62 already makes the second period saturate at {@code Long.MAX_VALUE} steps.
   */
  public static final long MAX_T_MUL = MAX_DURATION_STEPS;
  /**
   * A count or an index the generated trainer holds in an int: plateau's {@code patience} and {@code cooldown} (its
   * {@code PLATEAU_PATIENCE} and {@code PLATEAU_COOLDOWN} constants and counters) and a csv {@code target} column.
   * Without the bound, {@code (int)} would cap {@code patience: 3e9} at 2147483647 silently.
   */
  public static final int MAX_INT_COUNT = Integer.MAX_VALUE;

  private Limits() {}

  public static Range width() {
    return Range.closed(1, MAX_WIDTH);
  }

  /** The longest duration in {@code unit}: {@link #MAX_DURATION_STEPS} steps or {@link #MAX_EPOCHS} epochs. */
  public static double longestDuration(org.optspec.spec.Value.Dur.Unit unit) {
    return unit == org.optspec.spec.Value.Dur.Unit.STEPS ? MAX_DURATION_STEPS : MAX_EPOCHS;
  }

  /** {@code [0, MAX_INT_COUNT]}. */
  public static Range intCount() {
    return Range.closed(0, MAX_INT_COUNT);
  }
}
