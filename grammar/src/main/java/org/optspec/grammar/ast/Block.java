package org.optspec.grammar.ast;

import java.util.List;
import org.optspec.spec.SourcePos;

/** {@code { ... }}: the statements of a section such as {@code data}, {@code model} or a group. */
public record Block(List<Statement> statements, SourcePos pos) {
  public Block {
    statements = List.copyOf(statements);
  }
}
