package org.optspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's seven example specs (copies of the shared {@code specs/} in {@code src/test/resources/specs}) through
 * the annotation processor under javac, each as a spec file next to an annotated class. Every one, trainers and
 * objectives, compiles without warnings.
 */
class SharedSpecsProcessorTest {

  static Stream<Arguments> specs() {
    return Stream.of("diabetes", "digits", "least_squares", "recommender", "rosenbrock", "sine_rnn", "wide_mlp")
        .map(name -> Arguments.of(name + ".optspec"));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void compilesThroughTheAnnotationProcessor(String spec, @TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("com/example"));
    Files.writeString(pkg.resolve(spec), Files.readString(Path.of("src/test/resources/specs", spec)), StandardCharsets.UTF_8);
    Compilation compilation = javac().withProcessors(new TrainingSpecProcessor())
        .withOptions("-sourcepath", dir.toString(), "-Xlint:all,-processing", "-Werror")
        .compile(JavaFileObjects.forSourceString("com.example.Model", "package com.example;\n\n"
            + "import org.optspec.runtime.TrainingSpec;\n\n@TrainingSpec(\"" + spec + "\")\nfinal class Model {}\n"));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
