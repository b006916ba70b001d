package org.optspec.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks the OptSpec annotation processor to generate a trainer for a spec.
 *
 * <pre>
 * &#64;TrainingSpec("digits.optspec")    // a file: next to this class, or at a resource root
 * public final class Digits {}         // → DigitsClassifierTrainer in the same package
 * </pre>
 *
 * <pre>
 * &#64;TrainingSpec(source = """
 *     objective Parabola {
 *       params { x = 3 }
 *       minimize x^2
 *       optimizer sgd(lr: 0.1)
 *       steps 100
 *     }
 *     """)
 * public final class Parabola {}       // → ParabolaTrainer: one statement per line, as in a file
 * </pre>
 *
 * Exactly one of {@link #value} and {@link #source} is given. Both examples are compiled by the build
 * ({@code DocsExamplesTest}). Where the processor looks for a file, and how to pass it a spec directory
 * ({@code -Aoptspec.specPath}), is in {@code docs/GETTING_STARTED.md}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TrainingSpec {

  /** The spec file, relative to the annotated class's package directory or to a resource root. */
  String value() default "";

  /** The spec's text, inline. */
  String source() default "";
}
