package org.optspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Objective;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;

/** The annotation processor under javac: good specs generate a working trainer, bad ones fail with positions. */
class TrainingSpecProcessorTest {

  private static final String TINY = """
      trainer Tiny {
        precision float64
        seed 3
        data {
          source csv("tiny.csv", target: last)
          features 2
          classes 2
        }
        model {
          dense(8, init: he)
          relu
          dense(2)
        }
        loss softmax_cross_entropy
        optimizer adam(lr: 0.05)
        batch 16
        epochs 20
      }
      """;

  private static JavaFileObject annotated(String annotation) {
    return JavaFileObjects.forSourceString("com.example.Model", "package com.example;\n\n"
        + "import org.optspec.runtime.TrainingSpec;\n\n"
        + annotation + "\n"
        + "final class Model {}\n");
  }

  private static JavaFileObject inline(String spec) {
    return annotated("@TrainingSpec(source = \"\"\"\n" + spec + "\"\"\")");
  }

  private static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new TrainingSpecProcessor()).compile(sources);
  }

  @Test
  void anInlineSpecGeneratesATrainerThatLearns() throws Exception {
    Compilation compilation = compile(inline(TINY));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.TinyTrainer").contentsAsUtf8String()
        .contains("comments = \"from Model.optspec (inline)\"");
    Class<?> type = LoadedTrainer.load(compilation, "com.example.TinyTrainer");
    LoadedTrainer t = LoadedTrainer.of(type);
    Random random = new Random(9);
    int rows = 200;
    double[] x = new double[rows * 2];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      x[2 * i] = random.nextGaussian();
      x[2 * i + 1] = random.nextGaussian();
      y[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
    }
    Dataset data = new Dataset(x, y, rows, 2, 1);
    double before = t.trainer.evaluate(data).get("loss");
    TrainingReport report = t.trainer.fit(data, null, TrainingListener.NONE);
    double after = t.trainer.evaluate(data).get("loss");
    assertEquals(20L * 13, report.steps());
    assertTrue(after < before / 2, before + " → " + after);
    assertTrue(t.trainer.evaluate(data).get("accuracy") > 0.85);
  }

  @Test
  void anInlineObjectiveGeneratesAnObjectiveClassThatMinimizes() throws Exception {
    Compilation compilation = compile(inline("""
        objective Parabola {
          precision float64
          params {
            w[2] = [3, -4]
          }
          minimize sum((w - 1)^2)
          optimizer sgd(lr: 0.25)
          steps 1
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.ParabolaTrainer").contentsAsUtf8String()
        .contains("public final class ParabolaTrainer implements Objective");
    Objective objective = (Objective) LoadedTrainer.load(compilation, "com.example.ParabolaTrainer")
        .getConstructor().newInstance();
    assertEquals(4 + 25, objective.loss());
    objective.minimize(TrainingListener.NONE);
    // gradient 2(w − 1) with lr 0.25 halves the distance to 1
    assertArrayEquals(new double[] {2, -1.5}, objective.parameters());
  }

  @Test
  void aSpecFileNextToTheClassIsFoundOnTheSourcePath(@TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("com/example"));
    Files.writeString(pkg.resolve("digits.optspec"), TestSpecs.resource("digits.optspec").text(), StandardCharsets.UTF_8);
    Compilation compilation = javac().withProcessors(new TrainingSpecProcessor())
        .withOptions("-sourcepath", dir.toString())
        .compile(annotated("@TrainingSpec(\"digits.optspec\")"));
    assertThat(compilation).succeededWithoutWarnings();
    String golden = Files.readString(Path.of("src/test/resources/golden/DigitsClassifierTrainer.java"), StandardCharsets.UTF_8)
        .replace("package org.optspec.generated;", "package com.example;");
    assertThat(compilation).generatedSourceFile("com.example.DigitsClassifierTrainer").contentsAsUtf8String().isEqualTo(golden);
  }

  @Test
  void aMissingFileIsAnErrorOnTheAnnotation() {
    JavaFileObject source = annotated("@TrainingSpec(\"nope.optspec\")");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find spec file 'nope.optspec'").inFile(source)
        .onLineContaining("@TrainingSpec");
  }

  @Test
  void bothOrNeitherOfValueAndSourceIsAnError() {
    Compilation neither = compile(annotated("@TrainingSpec"));
    assertThat(neither).hadErrorContaining("@TrainingSpec needs a spec");
    Compilation both = compile(annotated("@TrainingSpec(value = \"x.optspec\", source = \"trainer X {}\")"));
    assertThat(both).hadErrorContaining("not both");
  }

  @Test
  void anUnknownNameIsReportedWithItsPositionInTheSpec() {
    JavaFileObject source = inline(TINY.replace("adam(lr: 0.05)", "adamm(lr: 0.05)"));
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("Model.optspec (inline):15:13: error: unknown optimizer 'adamm'")
        .inFile(source).onLineContaining("@TrainingSpec");
    assertThat(compilation).hadErrorContaining("did you mean 'adam'?");
  }

  @Test
  void anOutOfRangeValueIsReportedWithItsPositionInTheSpec() {
    Compilation compilation = compile(inline(TINY.replace("dense(8, init: he)", "dense(0, init: he)")));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("Model.optspec (inline):10:");
    assertThat(compilation).hadErrorContaining("dense(0, init: he)");
  }

  @Test
  void anUnsupportedFeatureIsReportedWithItsPositionAndCaret() {
    // torch's calculate_gain knows selu (3/4); OptSpec's kaiming initializers do not yet
    Compilation compilation = compile(inline(TINY.replace("dense(8, init: he)", "dense(8, init: kaiming_normal(nonlinearity: selu))")));
    assertThat(compilation).failed();
    // javac indents the continuation lines of a message, so the line and caret keep their alignment
    assertThat(compilation).hadErrorContaining(
        "Model.optspec (inline):10:20: error: kaiming gain for selu is not supported yet\n");
    assertThat(compilation).hadErrorContaining("    dense(8, init: kaiming_normal(nonlinearity: selu))\n");
    assertThat(compilation).hadErrorContaining("\n" + " ".repeat(19 + 2) + "^");
  }
}
