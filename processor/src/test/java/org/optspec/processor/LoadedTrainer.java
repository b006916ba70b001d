package org.optspec.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.optspec.runtime.Trainer;
import org.optspec.spec.TrainerSpec;

/**
 * A generated trainer compiled in memory with javac, loaded, and driven through its generated public
 * methods (reflectively for the precision-specific ones).
 */
final class LoadedTrainer {

  final Class<?> type;
  final Trainer trainer;
  final boolean f32;

  private LoadedTrainer(Class<?> type) {
    this.type = type;
    try {
      this.trainer = (Trainer) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    this.f32 = method("params").getReturnType() == float[].class;
  }

  /** Compiles the spec, then the generated source, and loads the class. */
  static Class<?> compile(TrainerSpec spec) {
    CompileResult result = OptSpecCompiler.compile(spec, "org.optspec.generated.test");
    if (!result.ok()) {
      throw new AssertionError("spec did not compile: " + result.diagnostics());
    }
    JavaFile file = result.javaFile().get();
    String name = file.packageName() + "." + file.typeSpec().name();
    java.util.List<JavaFileObject> sources = new java.util.ArrayList<>();
    for (JavaFile f : result.javaFiles()) {
      sources.add(JavaFileObjects.forSourceString(f.packageName() + "." + f.typeSpec().name(), f.toString()));
    }
    Compilation compilation = javac().withOptions("-Xlint:all", "-Werror").compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    return load(compilation, name);
  }

  /** Loads {@code name} from the class files a compilation produced. */
  static Class<?> load(Compilation compilation, String name) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        String path = f.toUri().getPath();
        String binary = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(), path.length() - ".class".length())
            .replace('/', '.');
        try (InputStream in = f.openInputStream()) {
          classes.put(binary, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    ClassLoader loader = new ClassLoader(LoadedTrainer.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String n) throws ClassNotFoundException {
        byte[] bytes = classes.get(n);
        if (bytes == null) {
          throw new ClassNotFoundException(n + " (have " + classes.keySet() + ")");
        }
        return defineClass(n, bytes, 0, bytes.length);
      }
    };
    try {
      return loader.loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  static LoadedTrainer of(TrainerSpec spec) {
    return new LoadedTrainer(compile(spec));
  }

  static LoadedTrainer of(Class<?> type) {
    return new LoadedTrainer(type);
  }

  Method method(String name, Class<?>... params) {
    try {
      return type.getMethod(name, params);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("generated class has no public " + name, e);
    }
  }

  Object call(String name, Class<?>[] types, Object... args) {
    try {
      return method(name, types).invoke(trainer, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private Class<?> arrayType() {
    return f32 ? float[].class : double[].class;
  }

  private Object array(double[] values) {
    if (!f32) {
      return values.clone();
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  double step(double[] x, double[] y, int n) {
    return (double) call("step", new Class<?>[] {arrayType(), arrayType(), int.class}, array(x), array(y), n);
  }

  double computeGradients(double[] x, double[] y, int n) {
    return (double) call("computeGradients", new Class<?>[] {arrayType(), arrayType(), int.class}, array(x), array(y), n);
  }

  double loss(double[] x, double[] y, int n) {
    return (double) call("loss", new Class<?>[] {arrayType(), arrayType(), int.class}, array(x), array(y), n);
  }

  double regularization() {
    return (double) call("regularization", new Class<?>[0]);
  }

  double[] gradients() {
    return (double[]) call("gradients", new Class<?>[0]);
  }

  double learningRate(long step) {
    return (double) call("learningRate", new Class<?>[] {long.class}, step);
  }

  void setStepsPerEpoch(long n) {
    call("setStepsPerEpoch", new Class<?>[] {long.class}, n);
  }

  /** Sets parameter {@code i} of the live flat array. */
  void setParam(int i, double value) {
    Object p = call("params", new Class<?>[0]);
    if (p instanceof float[] f) {
      f[i] = (float) value;
    } else {
      ((double[]) p)[i] = value;
    }
  }

  double param(int i) {
    Object p = call("params", new Class<?>[0]);
    return p instanceof float[] f ? f[i] : ((double[]) p)[i];
  }

  /** The value of a generated {@code static final} constant. */
  Object constant(String name) {
    try {
      var f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no constant " + name, e);
    }
  }

  int offset(String constant) {
    return (int) constant(constant);
  }
}
