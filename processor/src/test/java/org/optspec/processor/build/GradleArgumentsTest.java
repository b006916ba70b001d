package org.optspec.processor.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under the javac arguments Gradle 8's {@code compileJava} passes (Gradle cannot be installed here):
 * class output and generated sources under {@code build/}, an empty {@code -sourcepath}, the processor on its own
 * {@code -processorpath}, only the runtime on {@code -classpath}, and {@code src/main/resources} on neither (Gradle
 * copies resources in a later task). The processor finds the spec through the class output (the project's
 * {@code src/main/resources}) or through {@code -Aoptspec.specPath}.
 */
class GradleArgumentsTest {

  static final String SPEC = """
      objective Bowl {
        params { x = 3  y = -2 }
        minimize x^2 + 2*y^2
        optimizer sgd(lr: 0.1)
        steps 50
      }
      """;

  @TempDir Path project;

  void writeAnnotatedClass() throws IOException {
    Path source = project.resolve("src/main/java/com/example/Model.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package com.example;\n\nimport org.optspec.runtime.TrainingSpec;\n\n"
        + "@TrainingSpec(\"bowl.optspec\")\npublic final class Model {}\n");
  }

  void writeSpec(String directory) throws IOException {
    Path spec = project.resolve(directory).resolve("com/example/bowl.optspec");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, SPEC);
  }

  /** Gradle 8's arguments for compileJava, in its order, with {@code extra} before the source files. */
  Javac.Result compileLikeGradle(List<String> extra) throws IOException {
    Path classes = project.resolve("build/classes/java/main");
    Path generated = project.resolve("build/generated/sources/annotationProcessor/java/main");
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> args = new ArrayList<>(List.of(
        "--release", "17",
        "-d", classes.toString(),
        "-g",
        "-sourcepath", "",
        "-s", generated.toString(),
        "-processorpath", Javac.processorPath(),
        "-XDuseUnsharedTable=true",
        "-classpath", Javac.locationOf(org.optspec.runtime.Trainer.class).toString()));
    args.addAll(extra);
    args.addAll(Javac.javaFiles(project.resolve("src/main/java")));
    return Javac.run(args);
  }

  Path generatedTrainer() {
    return project.resolve("build/generated/sources/annotationProcessor/java/main/com/example/BowlTrainer.java");
  }

  @Test
  void findsTheSpecInSrcMainResourcesThroughTheClassOutput() throws IOException {
    writeAnnotatedClass();
    writeSpec("src/main/resources");
    Javac.Result result = compileLikeGradle(List.of());
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(Files.readString(generatedTrainer()).contains("STEPS = 50L"));
    assertTrue(Files.isRegularFile(project.resolve("build/classes/java/main/com/example/BowlTrainer.class")));
  }

  @Test
  void findsTheSpecInTheDirectoryOfTheSpecPathOption() throws IOException {
    writeAnnotatedClass();
    writeSpec("models");
    Javac.Result result = compileLikeGradle(List.of("-Aoptspec.specPath=" + project.resolve("models")));
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(Files.isRegularFile(generatedTrainer()));
  }

  @Test
  void aMissingSpecNamesThePlacesLookedInAndTheOption() throws IOException {
    writeAnnotatedClass();
    writeSpec("models");
    Javac.Result result = compileLikeGradle(List.of());
    assertEquals(1, result.exitCode());
    assertTrue(result.output().contains("Model.java:5: error: cannot find spec file 'bowl.optspec'"), result.output());
    assertTrue(result.output().contains("-Aoptspec.specPath=DIR"), result.output());
    assertFalse(Files.exists(generatedTrainer()));
  }
}
