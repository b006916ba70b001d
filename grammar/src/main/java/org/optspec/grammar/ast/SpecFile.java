package org.optspec.grammar.ast;

import java.util.List;
import org.optspec.spec.SourceText;

/** A parsed {@code .optspec} file: its top-level statements (one {@code trainer} or {@code objective}). */
public record SpecFile(List<Statement> statements, SourceText source) {
  public SpecFile {
    statements = List.copyOf(statements);
  }
}
