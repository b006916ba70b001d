package org.optspec.cli;

import java.io.PrintStream;
import org.optspec.runtime.data.DataException;
import org.optspec.spec.Diagnostic;

/** Prints what went wrong the way a compiler does: {@code where: error: what}. Returns exit status 1. */
final class Errors {

  private Errors() {}

  static int spec(PrintStream err, SpecCompilation.SpecFailure e) {
    for (Diagnostic d : e.diagnostics) {
      err.println(d.format());
    }
    long n = e.diagnostics.stream().filter(Diagnostic::isError).count();
    err.println(n + (n == 1 ? " error" : " errors"));
    return 1;
  }

  /** {@code digits.csv:17:65: error: label 12 is out of range 0..9}. */
  static int data(PrintStream err, DataException e) {
    StringBuilder where = new StringBuilder(e.file());
    if (e.row() > 0) {
      where.append(':').append(e.row());
      if (e.column() > 0) {
        where.append(':').append(e.column());
      }
    }
    err.println(where + ": error: " + e.detail());
    return 1;
  }

  /** An error that names its own file first: {@code out/checkpoint.safetensors: truncated: ...}. */
  static int message(PrintStream err, String message) {
    err.println("error: " + message);
    return 1;
  }
}
