package org.optspec.processor;

import com.palantir.javapoet.JavaFile;
import java.util.Optional;
import org.optspec.processor.emit.ObjectiveGenerator;
import org.optspec.processor.ir.ObjectiveLowering;
import org.optspec.processor.ir.ObjectiveLoweringResult;
import org.optspec.processor.ir.ObjectiveProgram;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.spec.ObjectiveSpec;

/** The objective's path through the compiler: lower → plan the parameters → emit; {@link OptSpecCompiler} catches. */
final class ObjectiveCompiler {

  private ObjectiveCompiler() {}

  static CompileResult compile(ObjectiveSpec spec, String packageName) {
    ObjectiveLoweringResult lowered = ObjectiveLowering.lower(spec);
    if (lowered.hasErrors() || lowered.program().isEmpty()) {
      return new CompileResult(Optional.empty(), lowered.diagnostics());
    }
    ObjectiveProgram program = lowered.program().get();
    JavaFile file = ObjectiveGenerator.generate(program, MemoryPlanner.planParameters(program), packageName);
    return new CompileResult(Optional.of(file), lowered.diagnostics());
  }
}
