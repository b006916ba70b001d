package org.optspec.processor.ir;

import org.optspec.processor.GeneratedComments;
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

  /**
   * {@code digits.optspec:16  dense(128, init: he)}, safe to put in a generated comment ({@link GeneratedComments#quote}):
   * the file name and the line are the user's text.
   */
  public String describe() {
    String where = pos.file() + ":" + pos.line();
    return GeneratedComments.quote(text.isEmpty() ? where : where + "  " + text);
  }
}
