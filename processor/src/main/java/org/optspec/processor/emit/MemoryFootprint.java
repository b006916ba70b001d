package org.optspec.processor.emit;

import java.util.Locale;
import java.util.Optional;
import org.optspec.processor.ir.Lowering;
import org.optspec.processor.ir.LoweringResult;
import org.optspec.processor.ir.TrainingProgram;
import org.optspec.processor.plan.MemoryPlan;
import org.optspec.processor.plan.MemoryPlanner;
import org.optspec.spec.Diagnostic;
import org.optspec.spec.DiagnosticKey;
import org.optspec.spec.Precision;
import org.optspec.spec.TrainerSpec;

/**
 * What a generated trainer allocates, estimated from the lowered spec and its memory plan before anything is
 * allocated: the arrays in the parameters' layout (parameters, gradients, every optimizer slot, gradient accumulation's
 * sum, early stopping's best copy, the pruning mask), the optimizer's state of another layout (Adafactor's factors) and
 * the batch buffers (BATCH rows of every layer's outputs and gradients), in the spec's precision. {@link #check} is
 * pure: the caller passes the heap ({@code Runtime.maxMemory()} on the command line) and the data's size.
 *
 * @param parameters the parameter count
 * @param parameterArrays the arrays of that length
 * @param stateElements optimizer state outside the parameters' layout
 * @param bufferElements the batch buffers' elements
 * @param elementBytes 4 (float32) or 8 (float64)
 */
public record MemoryFootprint(long parameters, int parameterArrays, long stateElements, long bufferElements,
    int elementBytes) {

  /** The footprint of a checked trainer spec, or empty when it does not lower (its diagnostics say why elsewhere). */
  public static Optional<MemoryFootprint> of(TrainerSpec spec) {
    LoweringResult lowered = Lowering.lower(spec);
    if (lowered.hasErrors() || lowered.program().isEmpty()) {
      return Optional.empty();
    }
    TrainingProgram program = lowered.program().get();
    MemoryPlan plan = MemoryPlanner.plan(program);
    EmitContext ctx = new EmitContext(program, plan);
    ChainEmitter chain = new ChainEmitter(ctx);
    int arrays = 2 + chain.slots().size() + TrainingState.arrays(program).size()
        + (program.earlyStopping().isPresent() ? 1 : 0) + (program.pruning().isPresent() ? 1 : 0);
    long state = chain.stateTensors().stream().mapToLong(TransformEmitter.StateTensor::length).sum();
    long buffers = plan.buffers().stream().mapToLong(b -> (long) b.rowWidth() * program.batch()).sum();
    return Optional.of(new MemoryFootprint(plan.parameterCount(), arrays, state, buffers,
        program.precision() == Precision.FLOAT32 ? 4 : 8));
  }

  /** The trainer's bytes. */
  public long trainerBytes() {
    return ((long) parameterArrays * parameters + stateElements + bufferElements) * elementBytes;
  }

  /**
   * An error when the trainer and the data ({@code dataBytes}, the caller's estimate) need more than {@code heapBytes}:
   * it states the estimate by part, the heap and how to give the JVM more.
   */
  public Optional<Diagnostic> check(TrainerSpec spec, long heapBytes, long dataBytes) {
    long total = trainerBytes() + dataBytes;
    if (total <= heapBytes) {
      return Optional.empty();
    }
    long gigabytes = Math.max(1, (long) Math.ceil(total * 1.25 / (1L << 30)));
    String message = String.format(Locale.ROOT,
        "training needs about %s, more than this JVM's maximum heap of %s: %s in %d arrays of %,d %s parameters "
            + "(parameters, gradients, optimizer state)%s, %s of batch buffers (batch %d), %s of data; "
            + "give the JVM more heap (OPTSPEC_JAVA_OPTS=-Xmx%dg ./optspec ..., or java -Xmx%dg -jar optspec.jar ...) "
            + "or make the model or the batch smaller",
        size(total), size(heapBytes), size((long) parameterArrays * parameters * elementBytes), parameterArrays, parameters,
        elementBytes == 4 ? "float32" : "float64",
        stateElements > 0 ? ", " + size(stateElements * elementBytes) + " of other optimizer state" : "",
        size(bufferElements * elementBytes), spec.batch(), size(dataBytes), gigabytes, gigabytes);
    return Optional.of(Diagnostic.error(DiagnosticKey.MEMORY.key(), message, spec.pos(), spec.source()));
  }

  /** {@code 1.5 GB}, {@code 12 MB}, {@code 640 KB}, in powers of 1024. */
  public static String size(long bytes) {
    String[] units = {"bytes", "KB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
