package org.optspec.spec;

import java.util.List;

/** The text of a spec file and the name it is reported under ({@code digits.optspec}). */
public record SourceText(String fileName, String text) {

  public List<String> lines() {
    return text.lines().toList();
  }

  /** The 1-based line, or an empty string past the end. */
  public String line(int line) {
    List<String> lines = lines();
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }
}
