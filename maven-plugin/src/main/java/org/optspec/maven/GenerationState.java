package org.optspec.maven;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the last {@code optspec:generate} produced, kept in a file under {@code target/}: the compiler's
 * fingerprint and, per spec, the SHA-256 of its text and the generated files (the trainer, and for a trainer spec its inference model). A spec is regenerated when its
 * text, its package or the compiler changed, or its generated file is gone; otherwise nothing is written, so
 * the compiler plugin sees no change either.
 */
record GenerationState(String compiler, Map<String, Entry> specs) {

  /** One spec's record: the hash of its text (with its package) and the generated files, relative to the output root. */
  record Entry(String hash, List<String> generated) {
    Entry {
      generated = List.copyOf(generated);
    }
  }

  private static final String COMPILER = "compiler";
  private static final String SPEC = "spec.";

  GenerationState {
    specs = Map.copyOf(specs);
  }

  static GenerationState empty(String compiler) {
    return new GenerationState(compiler, Map.of());
  }

  /** The state in {@code file}; empty if there is none or it cannot be read (everything is then regenerated). */
  static GenerationState read(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return empty("");
    }
    Map<String, Entry> specs = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      String[] value = p.getProperty(key).split(" ");
      if (key.startsWith(SPEC) && value.length >= 2) {
        specs.put(key.substring(SPEC.length()), new Entry(value[0], List.of(value).subList(1, value.length)));
      }
    }
    return new GenerationState(p.getProperty(COMPILER, ""), specs);
  }

  Optional<Entry> entry(String spec) {
    return Optional.ofNullable(specs.get(spec));
  }

  void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty(COMPILER, compiler);
    specs.forEach((spec, e) -> p.setProperty(SPEC + spec, e.hash() + " " + String.join(" ", e.generated())));
    Files.createDirectories(file.getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "optspec-maven-plugin: what the last build generated; delete to regenerate everything");
    }
  }
}
