package org.optspec.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import org.optspec.spec.Precision;

/** The element type of the generated arrays (float or double), its casts and literals. */
final class Types {

  private final boolean f32;
  private final TypeName elem;
  private final ArrayTypeName array;

  Types(Precision precision) {
    this.f32 = precision == Precision.FLOAT32;
    this.elem = f32 ? TypeName.FLOAT : TypeName.DOUBLE;
    this.array = ArrayTypeName.of(elem);
  }

  boolean f32() {
    return f32;
  }

  /** {@code float} or {@code double}. */
  TypeName elem() {
    return elem;
  }

  /** {@code float[]} or {@code double[]}. */
  ArrayTypeName array() {
    return array;
  }

  /** The cast to the element type, {@code (float) } for float32 and nothing for float64. */
  String cast() {
    return f32 ? "(float) " : "";
  }

  /** {@code (float) (expr)} for float32, {@code expr} for float64. */
  String castExpr(String expr) {
    return f32 ? "(float) (" + expr + ")" : expr;
  }

  /** The widening cast to double before double arithmetic: {@code (double) } for float32. */
  String widen() {
    return f32 ? "(double) " : "";
  }

  /**
   * A literal of the element type: the value as {@code (float) v} or {@code v} has it. A float32 spec's number beyond
   * float's range ({@code leaky_relu(1e308)}: the checker's ranges are double's) is {@code Float.POSITIVE_INFINITY}, as
   * the cast gives, not the text {@code Infinityf}, which is no Java literal.
   */
  CodeBlock literal(double v) {
    if (f32) {
      float f = (float) v;
      return Float.isFinite(f) ? CodeBlock.of("$Lf", Float.toString(f))
          : CodeBlock.of("$T.$L", Float.class, Float.isNaN(f) ? "NaN" : f > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
    }
    return Double.isFinite(v) ? CodeBlock.of("$L", Double.toString(v))
        : CodeBlock.of("$T.$L", Double.class, Double.isNaN(v) ? "NaN" : v > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
  }
}
