package org.optspec.processor.ir;

import java.util.List;
import java.util.Optional;

/**
 * The data section lowered to the runtime's {@code DataPipeline} builder calls.
 *
 * @param target the target column: -1 last, 0 first, or a 0-based index
 * @param header empty for {@code auto}, else whether the first row is a header
 * @param columns column names ({@code columns: (user, item, rating)}), possibly empty
 * @param classes present for a classifier
 * @param preprocessing in spec order
 * @param input the input's shape: plain features, a sequence or user/item pairs
 */
public record DataSource(
    String file,
    int target,
    Optional<Boolean> header,
    List<String> columns,
    int inputs,
    Optional<Integer> classes,
    int targets,
    List<Preprocess> preprocessing,
    double testFraction,
    double validationFraction,
    long splitSeed,
    boolean hasSplit,
    Input input,
    SpecRef origin) {

  public DataSource {
    columns = List.copyOf(columns);
    preprocessing = List.copyOf(preprocessing);
  }

  /** {@code scale features 1/16} (factor set) or {@code standardize features} (factor NaN). */
  public record Preprocess(boolean standardize, boolean targets, double factor) {}

  /**
   * The input section: {@code features N}, {@code sequence(length, features)} (a row holds length × features values,
   * time-major) or {@code pairs(users, items)} (a row holds a user id and an item id).
   */
  public record Input(Kind kind, int length, int features, int users, int items) {
    public enum Kind {
      FEATURES,
      SEQUENCE,
      PAIRS
    }

    public static Input features(int count) {
      return new Input(Kind.FEATURES, 1, count, 0, 0);
    }
  }
}
