package org.optspec.spec;

import java.util.List;
import java.util.Optional;

/**
 * A checked {@code data { ... }} section.
 *
 * @param source {@code csv("digits.csv", target: last)} ({@code file}, {@code target}, {@code header}, {@code columns})
 * @param input the input's shape: {@code features N}, {@code sequence(length, features)} or {@code pairs(users, items)}
 * @param classes number of classes for a classifier ({@code classes 10}); empty for regression
 * @param targets number of regression targets ({@code targets 1}); 1 for a classifier (the label column)
 * @param preprocessing {@code scale features 1/16} and {@code standardize features}, in spec order,
 *     each as a call named {@code scale} (args {@code what}, {@code factor}) or {@code standardize} (arg {@code what})
 * @param split {@code split(test: 0.2, seed: 7)} ({@code test}, optional {@code validation}, {@code seed})
 */
public record DataSpec(
    Call source,
    Call input,
    Optional<Integer> classes,
    int targets,
    List<Call> preprocessing,
    Optional<Call> split,
    SourcePos pos) {

  public DataSpec {
    preprocessing = List.copyOf(preprocessing);
  }

  public boolean isClassification() {
    return classes.isPresent();
  }
}
