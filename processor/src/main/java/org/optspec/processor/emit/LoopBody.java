package org.optspec.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one fused loop body. A transform's final {@code u = expression} is held back, so the loop's last
 * one is written straight into its target ({@code params[i] -= expression}) rather than through {@code u}; the
 * arithmetic is the same, because every expression assigned to {@code u} already has u's type.
 */
final class LoopBody {

  private final MethodSpec.Builder m;
  private CodeBlock heldStatement;
  private CodeBlock heldValue;

  private final Types types;
  private final String initial;
  private final List<CodeBlock> after = new ArrayList<>();

  /** Starts with the declaration {@code u = initial}. */
  LoopBody(Types types, MethodSpec.Builder m, String initial) {
    this.m = m;
    this.types = types;
    this.initial = initial;
    this.heldStatement = CodeBlock.of("$T u = $L", types.elem(), initial);
    this.heldValue = CodeBlock.of("$L", initial);
  }

  /** {@code u = -u}, or a negated declaration when u is still the gradient as read ({@code maximize}). */
  void negate() {
    if (heldValue != null && heldValue.toString().equals(initial) && !initial.contains(" ")) {
      heldStatement = CodeBlock.of("$T u = -$L", types.elem(), initial);
      heldValue = CodeBlock.of("-$L", initial);
    } else {
      assign("-u");
    }
  }

  /** A statement that reads or writes u or the state: the held-back assignment is written first. */
  void stmt(String format, Object... args) {
    flush();
    m.addStatement(format, args);
  }

  /** {@code u = expression}. */
  void assign(String format, Object... args) {
    flush();
    heldValue = CodeBlock.of(format, args);
    heldStatement = CodeBlock.of("u = $L", heldValue);
  }

  /** {@code u *= factor}, or a scaled declaration when u is still the value as read. */
  void times(Object factor) {
    if (heldValue != null && heldValue.toString().equals(initial) && !initial.contains(" ")) {
      heldValue = CodeBlock.of("$L * $L", factor, initial);
      heldStatement = CodeBlock.of("$T u = $L", types.elem(), heldValue);
      return;
    }
    flush();
    heldStatement = CodeBlock.of("u *= $L", factor);
    heldValue = CodeBlock.of("$L * u", factor);
  }

  private void flush() {
    if (heldStatement != null) {
      m.addStatement(heldStatement);
      heldStatement = null;
      heldValue = null;
    }
  }

  /** Opens a block ({@code if (rectified)}). */
  void begin(String control) {
    flush();
    m.beginControlFlow(control);
  }

  /** Closes the block {@link #begin} opened. */
  void end() {
    flush();
    m.endControlFlow();
  }

  void comment(String comment) {
    flush();
    m.addComment("$L", comment);
  }

  /** A statement that reads the parameters after they have moved: written after the update. */
  void afterUpdate(String format, Object... args) {
    after.add(CodeBlock.of(format, args));
  }

  /** Writes u to {@code target} ({@code params[i] -= }, {@code grads[i] = }), then the statements after the update. */
  void finish(String target) {
    if (heldValue != null) {
      m.addStatement("$L$L", target, heldValue);
    } else {
      flush();
      m.addStatement("$Lu", target);
    }
    after.forEach(m::addStatement);
  }
}
