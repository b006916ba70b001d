package org.optspec.spec;

/** Where something came from in a spec file: 1-based line and column. */
public record SourcePos(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
