package org.optspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.optspec.runtime.Objective;
import org.optspec.spec.SourceText;

/**
 * Objective specs compiled by the whole pipeline (text → generated class), then by javac in memory with
 * {@code -Xlint:all -Werror}, in one javac run for all of them, and loaded.
 */
final class LoadedObjectives {

  static final String PACKAGE = "org.optspec.generated.objectives";

  private LoadedObjectives() {}

  static CompileResult compileSpec(Path file) {
    try {
      return OptSpecCompiler.compile(new SourceText(file.getFileName().toString(), Files.readString(file)), PACKAGE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CompileResult compileSpec(String fileName, String text) {
    return OptSpecCompiler.compile(new SourceText(fileName, text), PACKAGE);
  }

  /** The generated classes of {@code specs} (by a key of the caller's choosing), compiled together and loaded. */
  static Map<String, Class<?>> load(Map<String, CompileResult> specs) {
    Map<String, String> classNames = new LinkedHashMap<>();
    List<JavaFileObject> sources = new ArrayList<>();
    for (Map.Entry<String, CompileResult> e : specs.entrySet()) {
      if (!e.getValue().ok()) {
        throw new AssertionError(e.getKey() + " did not compile: " + e.getValue().diagnostics());
      }
      JavaFile file = e.getValue().javaFile().get();
      String name = file.packageName() + "." + file.typeSpec().name();
      classNames.put(e.getKey(), name);
      sources.add(JavaFileObjects.forSourceString(name, file.toString()));
    }
    Compilation compilation = javac().withOptions("-Xlint:all", "-Werror").compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, Class<?>> loaded = new LinkedHashMap<>();
    classNames.forEach((key, name) -> loaded.put(key, LoadedTrainer.load(compilation, name)));
    return loaded;
  }

  static Objective instance(Class<?> type) {
    try {
      return (Objective) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static Objective of(String fileName, String text) {
    return instance(load(Map.of(fileName, compileSpec(fileName, text))).get(fileName));
  }
}
