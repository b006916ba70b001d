package org.optspec.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.SourceText;

/**
 * Generates a trainer for every class annotated {@code @TrainingSpec}: finds the spec text, runs
 * {@link OptSpecCompiler}, writes the class with the Filer. A thin adapter: every message about the
 * spec comes from the compiler as a {@link Diagnostic} and is printed on the annotation with its
 * {@code file:line:col}, source line and caret. Never throws into javac.
 */
@AutoService(Processor.class)
public final class TrainingSpecProcessor extends AbstractProcessor {

  static final String ANNOTATION = "org.optspec.runtime.TrainingSpec";

  /** Where a {@code value} file is looked up, in order: next to the sources, then the resource roots. */
  private static final List<JavaFileManager.Location> LOCATIONS =
      List.of(StandardLocation.SOURCE_PATH, StandardLocation.CLASS_OUTPUT, StandardLocation.CLASS_PATH);

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
      if (annotation == null) {
        return false;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element instanceof TypeElement type) {
          generate(type);
        }
      }
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      messager().printMessage(Kind.ERROR, "OptSpec processor crashed, please report it:\n" + trace);
    }
    return false;
  }

  private void generate(TypeElement type) {
    Optional<AnnotationMirror> mirror = mirror(type);
    if (mirror.isEmpty()) {
      return;
    }
    SpecRequest request = SpecRequest.read(type, mirror.get());
    if (request.value().isEmpty() && request.source().isEmpty()) {
      error(type, request, null, "@TrainingSpec needs a spec: a file name (value) or the spec's text (source)");
      return;
    }
    if (!request.value().isEmpty() && !request.source().isEmpty()) {
      error(type, request, request.sourceAttribute(),
          "@TrainingSpec takes a file name (value) or the spec's text (source), not both");
      return;
    }
    String packageName = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
    Optional<SourceText> text = request.value().isEmpty()
        ? Optional.of(new SourceText(type.getSimpleName() + ".optspec (inline)", request.source()))
        : readFile(packageName, request.value());
    if (text.isEmpty()) {
      error(type, request, request.valueAttribute(), "cannot find spec file '" + request.value() + "' next to "
          + type.getQualifiedName() + " (package " + (packageName.isEmpty() ? "<unnamed>" : packageName)
          + ") nor at a resource root; looked in the source path, the class output and the class path");
      return;
    }
    CompileResult result = OptSpecCompiler.compile(text.get(), packageName);
    AnnotationValue at = request.value().isEmpty() ? request.sourceAttribute() : request.valueAttribute();
    for (Diagnostic d : result.diagnostics()) {
      messager().printMessage(d.isError() ? Kind.ERROR : Kind.WARNING, d.format(), type, request.mirror(), at);
    }
    if (result.ok()) {
      for (JavaFile file : result.javaFiles()) {
        write(type, request, file);
      }
    }
  }

  private void write(TypeElement type, SpecRequest request, JavaFile file) {
    TypeSpec withOrigin = file.typeSpec().toBuilder().addOriginatingElement(type).build();
    JavaFile out = JavaFile.builder(file.packageName(), withOrigin).skipJavaLangImports(true).build();
    try {
      out.writeTo(filer());
    } catch (FilerException e) {
      error(type, request, null, "cannot write " + qualified(file) + ": another @TrainingSpec already generated it ("
          + e.getMessage() + ")");
    } catch (IOException e) {
      error(type, request, null, "cannot write " + qualified(file) + ": " + e.getMessage());
    }
  }

  private static String qualified(JavaFile file) {
    return (file.packageName().isEmpty() ? "" : file.packageName() + ".") + file.typeSpec().name();
  }

  /** The spec file's text, from the first location that has it: the package directory, then a resource root. */
  private Optional<SourceText> readFile(String packageName, String name) {
    for (String pkg : packageName.isEmpty() || name.startsWith("/") ? List.of("") : List.of(packageName, "")) {
      String relative = name.startsWith("/") ? name.substring(1) : name;
      for (JavaFileManager.Location location : LOCATIONS) {
        Optional<String> text = read(location, pkg, relative);
        if (text.isPresent()) {
          return Optional.of(new SourceText(name, text.get()));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> read(JavaFileManager.Location location, String pkg, String name) {
    try {
      FileObject resource = filer().getResource(location, pkg, name);
      try (InputStream in = resource.openInputStream()) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
      // Not at this location (or the location is not configured): try the next one.
      return Optional.empty();
    }
  }

  private Optional<AnnotationMirror> mirror(TypeElement type) {
    for (AnnotationMirror m : type.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(ANNOTATION)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private void error(TypeElement type, SpecRequest request, AnnotationValue at, String message) {
    if (at != null) {
      messager().printMessage(Kind.ERROR, message, type, request.mirror(), at);
    } else {
      messager().printMessage(Kind.ERROR, message, type, request.mirror());
    }
  }

  private Messager messager() {
    return processingEnv.getMessager();
  }

  private Filer filer() {
    return processingEnv.getFiler();
  }

  /** What one {@code @TrainingSpec} asks for, with the annotation values to point messages at. */
  record SpecRequest(
      AnnotationMirror mirror, String value, String source, AnnotationValue valueAttribute, AnnotationValue sourceAttribute) {

    static SpecRequest read(TypeElement type, AnnotationMirror mirror) {
      String value = "";
      String source = "";
      AnnotationValue valueAttribute = null;
      AnnotationValue sourceAttribute = null;
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
        String name = e.getKey().getSimpleName().toString();
        if (name.equals("value")) {
          value = String.valueOf(e.getValue().getValue()).strip();
          valueAttribute = e.getValue();
        } else if (name.equals("source")) {
          source = String.valueOf(e.getValue().getValue());
          sourceAttribute = e.getValue();
          if (source.isBlank()) {
            source = "";
          }
        }
      }
      return new SpecRequest(mirror, value, source, valueAttribute, sourceAttribute);
    }
  }
}
