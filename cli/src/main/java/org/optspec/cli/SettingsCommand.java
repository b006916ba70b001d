package org.optspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code optspec settings FILE}: every run-time setting of a trainer spec (what {@code --set KEY=VALUE} may change without
 * recompiling) with its value and the range the compiler holds it to.
 */
@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    description = {"Lists the settings of a trainer spec that --set KEY=VALUE changes without recompiling: key, value, range."},
    footer = {"", "Example:", "  optspec settings samples/src/main/resources/org/optspec/samples/digits/digits.optspec"})
final class SettingsCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Show the settings with these changes (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() {
    try {
      CompiledSpec spec = SpecCompilation.compileTrainer(file, SpecOverrides.NONE);
      System.out.print(spec.settings().with(sets).table());
      return 0;
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(System.err, e);
    } catch (RunSettings.BadSetting e) {
      return Errors.message(System.err, e.getMessage());
    }
  }
}
