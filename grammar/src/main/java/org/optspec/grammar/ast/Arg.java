package org.optspec.grammar.ast;

import java.util.Optional;
import org.optspec.spec.SourcePos;

/** One argument of a call: positional ({@code 0.2}) or named ({@code lr: 1e-3}). */
public record Arg(Optional<String> label, SourcePos pos, Node value) {

  public boolean isNamed() {
    return label.isPresent();
  }
}
