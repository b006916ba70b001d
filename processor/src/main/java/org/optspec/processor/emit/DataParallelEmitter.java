package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.DATASET;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Layer;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.TrainingProgram;

/**
 * {@code DataParallelTrainer}: the step split in two for a data-parallel driver, {@code gradientSum} (the gradient of
 * part of a batch, times its rows) and {@code applyGradientSum} (what {@code step} does after its gradient), and the
 * state a driver moves between replicas (parameters, optimizer arrays, step, training stream). Only for a trainer whose
 * batch gradient is the mean of its rows' gradients: not with batchnorm, natural_gradient or accumulation.
 */
final class DataParallelEmitter {

  private final EmitContext ctx;
  private final TrainingProgram program;

  DataParallelEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.program = ctx.program();
  }

  /** Whether the trainer can implement it: every row's gradient independent of the others in its batch. */
  boolean applies() {
    return program.optimizer().kind() != Optimizer.Kind.NATURAL_GRADIENT
        && program.accumulate() <= 1
        && program.layers().stream().noneMatch(Layer.BatchNorm.class::isInstance);
  }

  /** An optimizer state array: the field, the expression of its first value and its length. */
  private record StateArray(String field, String offset, String length) {}

  private List<StateArray> stateArrays() {
    List<StateArray> arrays = new ArrayList<>();
    ChainEmitter chain = new ChainEmitter(ctx);
    for (TransformEmitter.Slot slot : chain.slots()) {
      arrays.add(new StateArray(slot.field(), "0", "PARAMETER_COUNT"));
    }
    for (TransformEmitter.StateTensor s : chain.stateTensors()) {
      arrays.add(new StateArray(s.array(), s.offset(), Integer.toString(s.length())));
    }
    return arrays;
  }

  void methods(TypeSpec.Builder type, FaultCheckEmitter faults, ClippingEmitter clipping, PruningEmitter pruning) {
    String cast = ctx.types().f32() ? "(float) " : "";
    type.addMethod(MethodSpec.methodBuilder("batchSize").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addStatement("return ROWS_PER_STEP")
        .build());
    type.addMethod(MethodSpec.methodBuilder("epochs").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT)
        .addStatement("return EPOCHS")
        .build());
    type.addMethod(MethodSpec.methodBuilder("gradientSum").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addParameter(DATASET, "data").addParameter(int[].class, "order").addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "n").addParameter(double[].class, "sum")
        .addStatement("checkShape(data)")
        .addStatement("gather(data, order, from, n)")
        .addStatement("double loss = computeGradients(xBatch, yBatch, n)")
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("sum[i] += $Lgrads[i] * n", ctx.types().f32() ? "(double) " : "")
        .endControlFlow()
        .addStatement("return loss * n")
        .build());
    MethodSpec.Builder apply = MethodSpec.methodBuilder("applyGradientSum").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(double[].class, "sum").addParameter(TypeName.INT, "rows").addParameter(TypeName.DOUBLE, "loss")
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("grads[i] = $L(sum[i] / rows)", cast)
        .endControlFlow();
    faults.call(apply);
    clipping.call(apply);
    apply.addStatement("update()");
    pruning.call(apply);
    type.addMethod(apply.addStatement("step++").build());
    type.addMethod(MethodSpec.methodBuilder("shuffleForEpoch").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(int[].class).addParameter(TypeName.INT, "rows")
        .beginControlFlow("if (order == null || order.length != rows)")
        .addStatement("order = new int[rows]")
        .beginControlFlow("for (int i = 0; i < rows; i++)")
        .addStatement("order[i] = i")
        .endControlFlow()
        .endControlFlow()
        .addStatement("rng.shuffle(order, rows)")
        .addStatement("return order")
        .build());
    type.addMethod(MethodSpec.methodBuilder("usePreprocessing").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(RuntimeTypes.PREPROCESSING, "fitted")
        .beginControlFlow("if (!fitted.isFitted() || fitted.features() != IN)")
        .addStatement("throw new $T($S + fitted)", IllegalArgumentException.class,
            "expected this spec's preprocessing, fitted, got ")
        .endControlFlow()
        .addStatement("preprocessing = fitted")
        .build());
    type.addMethod(MethodSpec.methodBuilder("completeEpoch").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addStatement("epochsDone++")
        .build());
    type.addMethod(MethodSpec.methodBuilder("lastLearningRate").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.DOUBLE)
        .addStatement("return lastLr")
        .build());
    type.addMethod(MethodSpec.methodBuilder("setParameters").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(double[].class, "values")
        .beginControlFlow("if (values.length != PARAMETER_COUNT)")
        .addStatement("throw new $T($S + PARAMETER_COUNT + $S + values.length)", IllegalArgumentException.class,
            "expected ", " parameters, got ")
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < PARAMETER_COUNT; i++)")
        .addStatement("params[i] = $Lvalues[i]", cast)
        .endControlFlow()
        .build());
    List<StateArray> arrays = stateArrays();
    String size = arrays.isEmpty() ? "0" : String.join(" + ", arrays.stream().map(StateArray::length).toList());
    type.addMethod(MethodSpec.methodBuilder("optimizerStateSize").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
        .addStatement("return $L", size)
        .build());
    MethodSpec.Builder get = MethodSpec.methodBuilder("optimizerState").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(double[].class)
        .addStatement("double[] out = new double[optimizerStateSize()]")
        .addStatement("int at = 0");
    MethodSpec.Builder set = MethodSpec.methodBuilder("setOptimizerState").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(double[].class, "values")
        .beginControlFlow("if (values.length != optimizerStateSize())")
        .addStatement("throw new $T($S + optimizerStateSize() + $S + values.length)", IllegalArgumentException.class,
            "expected ", " optimizer state values, got ")
        .endControlFlow()
        .addStatement("int at = 0");
    for (StateArray a : arrays) {
      get.beginControlFlow("for (int i = 0; i < $L; i++)", a.length())
          .addStatement("out[at++] = $L[$L + i]", a.field(), a.offset())
          .endControlFlow();
      set.beginControlFlow("for (int i = 0; i < $L; i++)", a.length())
          .addStatement("$L[$L + i] = $Lvalues[at++]", a.field(), a.offset(), cast)
          .endControlFlow();
    }
    type.addMethod(get.addStatement("return out").build());
    type.addMethod(set.build());
    // the schedule's state besides the step: the lr override, and a plateau schedule's detector (its counters are ints)
    List<String> schedule = new ArrayList<>(List.of("lrOverride"));
    List<String> ints = List.of("plateauBadEpochs", "plateauCooldown", "plateauReductions");
    if (program.schedule().hasPlateau()) {
      schedule.add("plateauBest");
      schedule.addAll(ints);
    }
    type.addMethod(MethodSpec.methodBuilder("scheduleState").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(double[].class)
        .addStatement("return new double[] {$L}", String.join(", ", schedule))
        .build());
    MethodSpec.Builder setSchedule = MethodSpec.methodBuilder("setScheduleState").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(double[].class, "values")
        .beginControlFlow("if (values.length != $L)", schedule.size())
        .addStatement("throw new $T($S + values.length)", IllegalArgumentException.class,
            "expected " + schedule.size() + " schedule state values, got ")
        .endControlFlow();
    for (int i = 0; i < schedule.size(); i++) {
      setSchedule.addStatement("$L = $Lvalues[$L]", schedule.get(i), ints.contains(schedule.get(i)) ? "(int) " : "", i);
    }
    type.addMethod(setSchedule.build());
    type.addMethod(MethodSpec.methodBuilder("setStepCount").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .addParameter(TypeName.LONG, "step")
        .addStatement("this.step = step")
        .build());
    type.addMethod(MethodSpec.methodBuilder("randomInTraining").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
        .addStatement("return $L", program.layers().stream().anyMatch(Layer.Dropout.class::isInstance))
        .build());
    type.addMethod(MethodSpec.methodBuilder("randomState").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(TypeName.LONG)
        .addStatement("return rng.state()")
        .build());
    type.addMethod(MethodSpec.methodBuilder("setRandomState").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).addParameter(TypeName.LONG, "state")
        .addStatement("rng.setState(state)")
        .build());
  }
}
