package org.optspec.processor;

import com.palantir.javapoet.JavaFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.grammar.Frontend;
import org.optspec.processor.emit.InferenceModelGenerator;
import org.optspec.processor.emit.TrainerGenerator;
import org.optspec.processor.ir.Lowering;
import org.optspec.processor.ir.LoweringResult;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.spec.CheckResult;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.SourcePos;
import org.optspec.spec.SourceText;
import org.optspec.spec.Spec;

/**
 * The compiler's driver: lower → plan → emit on a checked {@link Spec}, stopping after a phase with
 * errors. Never throws: an unexpected failure becomes an {@code optspec.err.internal} diagnostic.
 */
public final class OptSpecCompiler {

  public static final String INTERNAL = DiagnosticKey.INTERNAL.key();

  private OptSpecCompiler() {}

  /**
   * Parses and checks {@code source}, then compiles it: the whole pipeline from spec text to the
   * trainer class in {@code packageName}. Syntax and checking errors stop it before lowering.
   */
  public static CompileResult compile(SourceText source, String packageName) {
    CheckResult checked;
    try {
      checked = Frontend.check(source);
    } catch (Throwable e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return new CompileResult(Optional.empty(), List.of(new Diagnostic(Diagnostic.Severity.ERROR, INTERNAL,
          "internal compiler error in the front end, please report it: " + e + "\n" + trace,
          new SourcePos(source.fileName(), 1, 1), source.line(1))));
    }
    if (!checked.ok()) {
      return new CompileResult(Optional.empty(), checked.diagnostics());
    }
    CompileResult compiled = compile(checked.spec().get(), packageName);
    List<Diagnostic> all = new ArrayList<>(checked.diagnostics());
    all.addAll(compiled.diagnostics());
    return new CompileResult(compiled.javaFile(), compiled.modelFile(), all);
  }

  /** Compiles a checked spec to the trainer class in {@code packageName} ("" for the unnamed package). */
  public static CompileResult compile(Spec spec, String packageName) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    try {
      if (spec instanceof ObjectiveSpec objective) {
        return ObjectiveCompiler.compile(objective, packageName);
      }
      LoweringResult lowered = Lowering.lower(spec);
      diagnostics.addAll(lowered.diagnostics());
      if (lowered.hasErrors() || lowered.program().isEmpty()) {
        return new CompileResult(Optional.empty(), diagnostics);
      }
      TrainingProgram program = lowered.program().get();
      MemoryPlan plan = MemoryPlanner.plan(program);
      JavaFile file = TrainerGenerator.generate(program, plan, packageName);
      JavaFile model = InferenceModelGenerator.generate(program, plan, packageName);
      return new CompileResult(Optional.of(file), Optional.of(model), diagnostics);
    } catch (Throwable e) {
      diagnostics.add(internal(spec, e));
      return new CompileResult(Optional.empty(), diagnostics);
    }
  }

  static Diagnostic internal(Spec spec, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    SourcePos pos = spec != null ? spec.pos() : new SourcePos("<unknown>", 1, 1);
    String message = "internal compiler error, please report it: " + e + "\n" + trace;
    return spec != null
        ? Diagnostic.error(INTERNAL, message, pos, spec.source())
        : new Diagnostic(Diagnostic.Severity.ERROR, INTERNAL, message, pos, "");
  }
}
