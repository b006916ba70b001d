package org.optspec.processor.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular (JPMS) application: its module-info requires only org.optspec.runtime (no {@code requires static
 * java.compiler}, no {@code opens}); javac with the runtime on the module path and the processor on the processor
 * path generates the trainer, and {@code java -m} trains it on a CSV resource inside the application's module.
 */
class ModularAppTest {

  static final String SPEC = """
      trainer Xor {
        precision float64
        seed 3
        data {
          source csv("xor.csv", target: last)
          features 2
          classes 2
        }
        model {
          dense(8, init: he)
          tanh
          dense(2)
        }
        loss softmax_cross_entropy
        optimizer adam(lr: 0.05)
        batch 4
        epochs 200
      }
      """;

  static final String APP = """
      package org.example.app;

      import org.optspec.runtime.TrainingListener;
      import org.optspec.runtime.TrainingSpec;
      import org.optspec.runtime.data.Splits;

      @TrainingSpec("xor.optspec")
      public final class App {
        public static void main(String[] args) {
          Splits data = XorTrainer.data().load(App.class::getResourceAsStream);
          XorTrainer trainer = new XorTrainer();
          trainer.fit(data.train(), null, TrainingListener.NONE);
          System.out.println("module " + App.class.getModule().getName() + " accuracy " + trainer.evaluate(data.train()).values().get("accuracy"));
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void aModuleThatRequiresOnlyTheRuntimeCompilesAndTrains() throws Exception {
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    write(src.resolve("module-info.java"), "module org.example.app {\n  requires org.optspec.runtime;\n}\n");
    write(src.resolve("org/example/app/App.java"), APP);
    // resources as the build copies them into the class output before compiling
    write(classes.resolve("org/example/app/xor.optspec"), SPEC);
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      int a = i & 1;
      int b = (i >> 1) & 1;
      rows.append(a).append(',').append(b).append(',').append(a ^ b).append('\n');
    }
    write(classes.resolve("org/example/app/xor.csv"), rows.toString());

    Path runtime = Javac.runtimeJar(dir);
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
        "--module-path", runtime.toString(), "--processor-path", Javac.processorPath()));
    args.addAll(Javac.javaFiles(src));
    Javac.Result compiled = Javac.run(args);
    assertEquals(0, compiled.exitCode(), compiled.output());
    // without -s, javac writes generated sources into the class output
    String trainer = Files.readString(classes.resolve("org/example/app/XorTrainer.java"));
    assertFalse(trainer.contains("javax.annotation.processing"), "a module that does not read java.compiler");

    Javac.Result run = Javac.java(List.of("--module-path", classes + File.pathSeparator + runtime,
        "-cp", Javac.runtimeDependencies(), "-m", "org.example.app/org.example.app.App"));
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("module org.example.app accuracy 1.0"), run.output());
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
