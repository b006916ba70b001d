package org.optspec.cli;

import com.palantir.javapoet.JavaFile;
import org.optspec.processor.CompileResult;
import org.optspec.processor.OptSpecCompiler;
import org.optspec.spec.Spec;

/**
 * A checked spec (an objective, or a trainer the caller has changed, e.g. to a full batch) through the compiler and
 * javac in this process: its loaded generated class, or a {@link SpecCompilation.SpecFailure}.
 */
final class CheckedSpecCompiler {

  private CheckedSpecCompiler() {}

  static Class<?> compileAndLoad(Spec spec) {
    CompileResult result = OptSpecCompiler.compile(spec, SpecCompilation.PACKAGE);
    if (!result.ok()) {
      throw new SpecCompilation.SpecFailure(result.diagnostics());
    }
    JavaFile file = result.javaFile().get();
    return InMemoryJavaCompiler.compileAndLoad(file.packageName() + "." + file.typeSpec().name(), result.javaFiles());
  }
}
