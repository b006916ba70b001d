package org.optspec.cli;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
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
 * this process's own, which holds the runtime the generated code links against. Compiled classes are
 * kept in the {@link TrainerClassCache}, so the same source is compiled once per OptSpec build and JDK.
 */
final class InMemoryJavaCompiler {
  /** javac's options besides the class path; part of the cache key. */
  private static final List<String> OPTIONS = List.of("-proc:none", "-nowarn");
  static final String CACHE_PROPERTY = "optspec.cache";

  private static volatile boolean cacheEnabled = true;

  private InMemoryJavaCompiler() {}

  /** Whether compiled classes are looked up in and stored to the cache ({@code --no-cache} turns it off). */
  static void useCache(boolean enabled) {
    cacheEnabled = enabled;
  }

  static Class<?> compileAndLoad(String qualifiedName, String source) {
    return compileAndLoad(qualifiedName, Map.of(qualifiedName, source));
  }

  /** The generated files of one spec (trainer and model) compiled together; the class {@code qualifiedName} loaded. */
  static Class<?> compileAndLoad(String qualifiedName, List<JavaFile> files) {
    return compileAndLoad(qualifiedName, sources(files));
  }

  /** Compiles every source (qualified class name → text) as one javac task and loads {@code qualifiedName}. */
  static Class<?> compileAndLoad(String qualifiedName, Map<String, String> sources) {
    return obtain(qualifiedName, sources, cache()).type();
  }

  /** Qualified class name → source text of each file, in order. */
  static Map<String, String> sources(List<JavaFile> files) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (JavaFile f : files) {
      sources.put((f.packageName().isEmpty() ? "" : f.packageName() + ".") + f.typeSpec().name(), f.toString());
    }
    return sources;
  }

  /** The cache this run uses, or null with {@code --no-cache} or {@code -Doptspec.cache=false}. */
  static TrainerClassCache cache() {
    boolean enabled = cacheEnabled && !"false".equals(System.getProperty(CACHE_PROPERTY));
    return enabled ? TrainerClassCache.standard() : null;
  }

  /**
   * A loaded class, whether its class files came from the cache (false: javac compiled them), and the key
   * of its cache entry (null without a cache).
   */
  record Loaded(Class<?> type, boolean fromCache, String key) {}

  /** The class {@code qualifiedName} of the cache's entry {@code key}, or null when the entry is missing, corrupt or does not load. */
  static Class<?> loadCached(TrainerClassCache cache, String key, String qualifiedName) {
    Map<String, byte[]> cached = cache.get(key);
    if (cached == null) {
      return null;
    }
    try {
      return load(qualifiedName, cached);
    } catch (LinkageError | IllegalStateException e) {
      return null;
    }
  }

  /** {@code source}'s class {@code qualifiedName}, from {@code cache} when it holds it (null: no cache). */
  static Loaded obtain(String qualifiedName, String source, TrainerClassCache cache) {
    return obtain(qualifiedName, Map.of(qualifiedName, source), cache);
  }

  /** The class {@code qualifiedName} of the sources compiled together, from {@code cache} when it holds them. */
  static Loaded obtain(String qualifiedName, Map<String, String> sources, TrainerClassCache cache) {
    String key = null;
    if (cache != null) {
      StringBuilder all = new StringBuilder();
      sources.forEach((name, text) -> all.append(name).append('\n').append(text.length()).append('\n').append(text));
      key = cache.key(all.toString(), String.join(" ", OPTIONS));
      // null also for an entry that passed its checksum but does not load (only another tool could write
      // one): compiled afresh, it is overwritten
      Class<?> cached = loadCached(cache, key, qualifiedName);
      PhaseTimes.mark(cached != null ? "trainer cache hit: class load (javac skipped)" : "trainer cache miss");
      if (cached != null) {
        JavacWarmUp.cancel();
        return new Loaded(cached, true, key);
      }
    }
    Map<String, byte[]> classes = compile(sources);
    PhaseTimes.mark("javac");
    if (cache != null) {
      cache.put(key, classes);
      PhaseTimes.mark("trainer cache store");
    }
    Class<?> loaded = load(qualifiedName, classes);
    PhaseTimes.mark("class load");
    return new Loaded(loaded, false, key);
  }

  /**
   * The class files javac makes of the sources (qualified class name → text), one task: binary name to
   * bytes. Uses the {@link JavacWarmUp}'s file manager when one was started (waiting for it to finish).
   */
  static Map<String, byte[]> compile(Map<String, String> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler in this runtime: run optspec with a JDK, not a JRE");
    }
    StandardJavaFileManager warmed = JavacWarmUp.take();
    StandardJavaFileManager standard = warmed != null ? warmed : javac.getStandardFileManager(null, Locale.ROOT, null);
    return compile(javac, standard, sources, task -> { });
  }

  /**
   * One javac task over the sources with {@code standard} as the file manager (whose archives it opens
   * stay open for the next task), {@code configure} seeing the task before it runs.
   */
  static Map<String, byte[]> compile(JavaCompiler javac, StandardJavaFileManager standard, Map<String, String> sources,
      Consumer<JavaCompiler.CompilationTask> configure) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> outputs = new LinkedHashMap<>();
    JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            outputs.put(className, bytes);
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
    List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path")));
    options.addAll(OPTIONS);
    JavaCompiler.CompilationTask task = javac.getTask(null, manager, diagnostics, options, null, units);
    configure.accept(task);
    if (!task.call()) {
      StringBuilder message = new StringBuilder("the generated trainer did not compile (a compiler bug; please report it):");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        message.append('\n').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT));
      }
      throw new IllegalStateException(message.toString());
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }

  /**
   * Defines every class of {@code classes} in a fresh loader (so a bad class file fails here, not mid-run)
   * and returns {@code qualifiedName}'s class, not yet initialized.
   */
  static Class<?> load(String qualifiedName, Map<String, byte[]> classes) {
    if (!classes.containsKey(qualifiedName)) {
      throw new IllegalStateException("javac produced no class " + qualifiedName);
    }
    ClassLoader loader = new BytesLoader(InMemoryJavaCompiler.class.getClassLoader(), classes);
    try {
      for (String name : classes.keySet()) {
        loader.loadClass(name);
      }
      return loader.loadClass(qualifiedName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load " + qualifiedName, e);
    }
  }

  /** The class files of the classes {@code type}'s loader defined from memory (empty for another loader). */
  static Map<String, byte[]> classFiles(Class<?> type) {
    return type.getClassLoader() instanceof BytesLoader b ? Map.copyOf(b.classes) : Map.of();
  }

  /** Defines classes from their class files in memory, and keeps them (a cluster's executors need them too). */
  private static final class BytesLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytesLoader(ClassLoader parent, Map<String, byte[]> classes) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, b, 0, b.length);
    }
  }
}
