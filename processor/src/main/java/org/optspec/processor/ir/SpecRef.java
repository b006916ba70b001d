package org.optspec.processor.ir;

import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;

/**
 * Where an IR node came from, for the comments generated code carries:
 * {@code digits.optspec:16  dense(128, init: he)}.
 *
 * @param text the spec line, trimmed, without its trailing {@code //} comment
 */
public record SpecRef(SourcePos pos, String text) {

  public static SpecRef of(SourcePos pos, SourceText source) {
    String line = source.line(pos.line());
    int comment = line.indexOf("//");
    if (comment >= 0) {
      line = line.substring(0, comment);
    }
    return new SpecRef(pos, line.strip());
  }

  /** {@code digits.optspec:16  dense(128, init: he)}. */
  public String describe() {
    String where = pos.file() + ":" + pos.line();
    return text.isEmpty() ? where : where + "  " + text;
  }
}
