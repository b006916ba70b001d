package org.optspec.cli;

import java.util.Optional;
import org.optspec.spec.Spec;
import org.optspec.spec.SourcePos;

/** A spec's statements as its author wrote them, for chart labels: {@code adam(lr: 0.05)}, {@code cosine(steps: 800)}. */
final class SourceLines {

  private SourceLines() {}

  /**
   * The statement at {@code pos} without its keyword and trailing comment, e.g. {@code adam(lr: 0.05)} for the line
   * {@code optimizer adam(lr: 0.05)  // fast}; empty when the line does not start with {@code keyword} (a default the
   * checker filled in); the line's part when the statement goes on past it.
   */
  static Optional<String> statement(Spec spec, SourcePos pos, String keyword) {
    String line = spec.source().line(pos.line()).strip();
    int comment = line.indexOf("//");
    line = (comment >= 0 ? line.substring(0, comment) : line).strip();
    if (!line.startsWith(keyword + " ")) {
      return Optional.empty();
    }
    return Optional.of(line.substring(keyword.length() + 1).strip());
  }
}
