package org.optspec.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one generated source file with the JDK's javac and loads the result, all in memory, so the
 * command line runs exactly the class the annotation processor would have written. The class path is
 * this process's own, which holds the runtime the generated code links against.
 */
final class InMemoryJavaCompiler {

  private InMemoryJavaCompiler() {}

  static Class<?> compileAndLoad(String qualifiedName, String source) {
    return compileAndLoad(qualifiedName, Map.of(qualifiedName, source));
  }

  /** The generated files of one spec (trainer and model) compiled together; the class {@code qualifiedName} loaded. */
  static Class<?> compileAndLoad(String qualifiedName, List<com.palantir.javapoet.JavaFile> files) {
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    for (com.palantir.javapoet.JavaFile f : files) {
      sources.put((f.packageName().isEmpty() ? "" : f.packageName() + ".") + f.typeSpec().name(), f.toString());
    }
    return compileAndLoad(qualifiedName, sources);
  }

  /** Compiles every source (qualified class name → text) as one javac task and loads {@code qualifiedName}. */
  static Class<?> compileAndLoad(String qualifiedName, Map<String, String> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler in this runtime: run optspec with a JDK, not a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, null);
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            classes.put(className, bytes);
            return bytes;
          }
        };
      }
    };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, source) -> units.add(new SimpleJavaFileObject(
        URI.create("string:///" + name.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    }));
    List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn"));
    boolean ok = javac.getTask(null, manager, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder message = new StringBuilder("the generated trainer did not compile (a compiler bug; please report it):");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        message.append('\n').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
      }
      throw new IllegalStateException(message.toString());
    }
    ClassLoader loader = new ClassLoader(InMemoryJavaCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        ByteArrayOutputStream bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] b = bytes.toByteArray();
        return defineClass(name, b, 0, b.length);
      }
    };
    try {
      return loader.loadClass(qualifiedName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("javac produced no class " + qualifiedName, e);
    }
  }
}
