package org.optspec.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import org.optspec.runtime.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code optspec generate FILE -d DIR}: writes the classes the annotation processor would generate (trainer and model). */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Writes the generated Java source of a spec's trainer and its inference model, to read what the compiler makes of it.",
    footer = {"", "Example:", "  optspec generate samples/src/main/resources/org/optspec/samples/digits/digits.optspec -d generated",
        "  (writes generated/optspec/generated/DigitsClassifierTrainer.java and DigitsClassifierModel.java)"})
final class GenerateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .optspec file.")
  Path file;

  @Option(names = {"-d", "--directory"}, required = true, paramLabel = "DIR", description = "Source root to write into (package directories are created).")
  Path directory;

  @Option(names = "--package", paramLabel = "NAME", defaultValue = SpecCompilation.PACKAGE,
      description = "Package of the generated class. Default: ${DEFAULT-VALUE}.")
  String packageName;

  @Override
  public Integer call() {
    if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
      return Errors.message(System.err, "--package: '" + packageName + "' is not a Java package name");
    }
    List<JavaFile> javaFiles;
    try {
      javaFiles = SpecCompilation.generate(file, packageName);
    } catch (SpecCompilation.SpecFailure e) {
      return Errors.spec(System.err, e);
    }
    Path dir = directory;
    if (!packageName.isEmpty()) {
      dir = dir.resolve(packageName.replace('.', '/'));
    }
    // the trainer (or objective) and, for a trainer, its inference model: the trainer's model() refers to it
    for (JavaFile javaFile : javaFiles) {
      Path target = dir.resolve(javaFile.typeSpec().name() + ".java");
      try {
        AtomicFiles.write(target, javaFile.toString());
      } catch (IOException e) {
        return Errors.message(System.err, target + ": cannot write: " + e);
      }
      long lines = javaFile.toString().lines().count();
      System.out.println("wrote " + target + " (" + lines + " lines)");
    }
    return 0;
  }
}
