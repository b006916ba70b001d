package org.optspec.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.optspec.spec.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code optspec check FILE...}: every diagnostic of every file, javac style; exit 1 on any error. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Checks specs and prints their diagnostics (FILE:LINE:COL: error: ...). Exits 1 on any error.",
    footer = {"", "Example:", "  optspec check samples/src/main/resources/org/optspec/samples/digits/digits.optspec"})
final class CheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .optspec files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    int errors = 0;
    for (Path file : files) {
      List<Diagnostic> diagnostics = SpecCompilation.diagnose(file);
      for (Diagnostic d : diagnostics) {
        System.err.println(d.format());
      }
      long fileErrors = diagnostics.stream().filter(Diagnostic::isError).count();
      errors += (int) fileErrors;
      if (fileErrors == 0) {
        System.out.println(file + ": ok");
      }
    }
    if (errors > 0) {
      System.err.println(errors + (errors == 1 ? " error" : " errors"));
    }
    return errors > 0 ? 1 : 0;
  }
}
