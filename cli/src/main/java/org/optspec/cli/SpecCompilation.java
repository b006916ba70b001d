package org.optspec.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.optspec.grammar.Frontend;
import org.optspec.processor.CompileResult;
import org.optspec.processor.OptSpecCompiler;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;
import org.optspec.spec.Spec;
import org.optspec.spec.TrainerSpec;

/**
 * Runs the same compiler the annotation processor runs, in this process: spec file → diagnostics,
 * spec file → generated source, or spec file → a loaded trainer class.
 */
final class SpecCompilation {

  /** Generated classes compiled by the command line live here; the name shows up in stack traces. */
  static final String PACKAGE = "optspec.generated";

  private SpecCompilation() {}

  /** Every diagnostic for a file: unreadable file, syntax, checking, lowering. */
  static List<Diagnostic> diagnose(Path file) {
    try {
      return compile(file, PACKAGE).diagnostics();
    } catch (SpecFailure e) {
      return e.diagnostics;
    }
  }

  /** The generated sources (the trainer or objective, then a trainer's model), or a {@link SpecFailure}. */
  static List<JavaFile> generate(Path file, String packageName) {
    CompileResult result = compile(file, packageName);
    if (!result.ok()) {
      throw new SpecFailure(result.diagnostics());
    }
    return result.javaFiles();
  }

  /** Compiles the spec (with the overrides) and loads its trainer class, or throws with the diagnostics. */
  static CompiledSpec compileTrainer(Path file, SpecOverrides overrides) {
    PhaseTimes.mark("before compiling (train: is it an objective? the first parse)");
    SourceText source = read(file);
    CheckResult checked = Frontend.check(source);
    PhaseTimes.mark("spec parse and check");
    if (!checked.ok()) {
      throw new SpecFailure(checked.diagnostics());
    }
    Spec spec = overrides.apply(checked.spec().get());
    TrainerClassCache cache = InMemoryJavaCompiler.cache();
    String specKey = null;
    if (cache != null && spec instanceof TrainerSpec trainer) {
      // the generated source is a function of the file's name and text, the overrides and this build:
      // the index names its compiled classes, so a warm run neither generates nor compiles
      specKey = cache.specKey(file.toString(), source.text(), overrides.toString(), PACKAGE);
      TrainerClassCache.Indexed indexed = cache.getIndex(specKey);
      Class<?> cached = indexed == null ? null : InMemoryJavaCompiler.loadCached(cache, indexed.classesKey(), indexed.className());
      PhaseTimes.mark(cached != null ? "trainer cache hit: class load (generate and javac skipped)" : "spec index miss");
      if (cached != null) {
        return new CompiledSpec(file, trainer, cached);
      }
    }
    if (spec instanceof TrainerSpec) {
      // javac will run (unless the generated source's classes are cached: then it is cancelled); it warms
      // up on the second core while this thread generates the source
      JavacWarmUp.start();
    }
    CompileResult result = OptSpecCompiler.compile(spec, PACKAGE);
    if (!result.ok()) {
      List<Diagnostic> all = new ArrayList<>(checked.diagnostics());
      all.addAll(result.diagnostics());
      throw new SpecFailure(all);
    }
    if (!(spec instanceof TrainerSpec trainer)) {
      throw new SpecFailure(List.of(Diagnostic.error(DiagnosticKey.FORM.key(),
          spec.name() + " is an objective; this command trains a trainer spec", spec.pos(), spec.source())));
    }
    JavaFile javaFile = result.javaFile().get();
    String name = javaFile.packageName() + "." + javaFile.typeSpec().name();
    java.util.Map<String, String> sources = InMemoryJavaCompiler.sources(result.javaFiles());
    PhaseTimes.mark("generate (lower, plan, emit Java)");
    InMemoryJavaCompiler.Loaded loaded = InMemoryJavaCompiler.obtain(name, sources, cache);
    if (specKey != null) {
      cache.putIndex(specKey, loaded.key(), name);
    }
    return new CompiledSpec(file, trainer, loaded.type());
  }

  private static CompileResult compile(Path file, String packageName) {
    return OptSpecCompiler.compile(read(file), packageName);
  }

  private static SourceText read(Path file) {
    try {
      return new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new SpecFailure(List.of(ioError(file, "no such file")));
    } catch (IOException e) {
      throw new SpecFailure(List.of(ioError(file, "cannot read: " + e.getMessage())));
    }
  }

  private static Diagnostic ioError(Path file, String message) {
    return new Diagnostic(Diagnostic.Severity.ERROR, DiagnosticKey.IO.key(), message, new SourcePos(file.toString(), 1, 1), "");
  }

  /** A spec that could not be turned into a trainer; carries the diagnostics that say why. */
  static final class SpecFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient List<Diagnostic> diagnostics;

    SpecFailure(List<Diagnostic> diagnostics) {
      super(diagnostics.isEmpty() ? "spec failed" : diagnostics.get(0).headline());
      this.diagnostics = List.copyOf(diagnostics);
    }
  }
}
