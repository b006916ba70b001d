package org.optspec.processor.emit;

import com.palantir.javapoet.ClassName;

/** The runtime classes generated trainers refer to. */
final class RuntimeTypes {

  static final String RUNTIME = "org.optspec.runtime";
  static final ClassName TRAINER = ClassName.get(RUNTIME, "Trainer");
  static final ClassName DATA_PARALLEL_TRAINER = ClassName.get(RUNTIME, "DataParallelTrainer");
  static final ClassName OBJECTIVE = ClassName.get(RUNTIME, "Objective");
  static final ClassName OBJECTIVE_REPORT = ClassName.get(RUNTIME, "ObjectiveReport");
  static final ClassName DATASET = ClassName.get(RUNTIME, "Dataset");
  static final ClassName METRICS = ClassName.get(RUNTIME, "Metrics");
  static final ClassName LISTENER = ClassName.get(RUNTIME, "TrainingListener");
  static final ClassName EPOCH_SUMMARY = LISTENER.nestedClass("EpochSummary");
  static final ClassName REPORT = ClassName.get(RUNTIME, "TrainingReport");
  static final ClassName STOP_REASON = ClassName.get(RUNTIME, "StopReason");
  static final ClassName RNG = ClassName.get(RUNTIME, "Rng");
  static final ClassName MODEL = ClassName.get(RUNTIME, "Model");
  static final ClassName PREPROCESSING = ClassName.get(RUNTIME, "Preprocessing");
  static final ClassName INIT = ClassName.get(RUNTIME, "Init");
  static final ClassName GEMM = ClassName.get(RUNTIME + ".kernels", "Gemm");
  static final ClassName VECTORS = ClassName.get(RUNTIME + ".kernels", "Vectors");
  static final ClassName TANH = ClassName.get(RUNTIME + ".kernels", "Tanh");
  static final ClassName PARALLEL = ClassName.get(RUNTIME + ".kernels", "Parallel");
  static final ClassName PIPELINE = ClassName.get(RUNTIME + ".data", "DataPipeline");
  static final ClassName HEADER = ClassName.get(RUNTIME + ".data", "Header");
  static final ClassName SAFE_TENSORS = ClassName.get(RUNTIME + ".checkpoint", "SafeTensors");
  static final ClassName SAFE_TENSORS_WRITER = ClassName.get(RUNTIME + ".checkpoint", "SafeTensorsWriter");
  static final ClassName INITIAL_WEIGHTS = ClassName.get(RUNTIME + ".checkpoint", "InitialWeights");
  static final ClassName DTYPE = ClassName.get(RUNTIME + ".checkpoint", "DType");
  static final ClassName DIVERGENCE = ClassName.get(RUNTIME + ".progress", "DivergenceException");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private RuntimeTypes() {}
}
