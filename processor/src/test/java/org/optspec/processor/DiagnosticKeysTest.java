package org.optspec.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.optspec.spec.DiagnosticKey;

/**
 * {@link DiagnosticKey} is the one registry of diagnostic keys: no main source of any module spells a key as a string
 * literal (they report through the registry's constants), and every key the docs name is registered.
 */
class DiagnosticKeysTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern LITERAL = Pattern.compile("\"optspec\\.(err|warn)\\.[a-z_]+\"");
  private static final Pattern MENTION = Pattern.compile("optspec\\.(err|warn)\\.[a-z_]+");

  @Test
  void noSourceSpellsAKeyOutsideTheRegistry() throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> sources = sources();
    assertTrue(sources.stream().anyMatch(p -> p.endsWith("DiagnosticKey.java")), "the registry was not scanned");
    for (Path p : sources) {
      if (p.endsWith("DiagnosticKey.java")) {
        continue;
      }
      Matcher m = LITERAL.matcher(Files.readString(p, StandardCharsets.UTF_8));
      while (m.find()) {
        found.add(ROOT.relativize(p) + ": " + m.group());
      }
    }
    assertEquals(List.of(), found, "report with DiagnosticKey's constants, or register the key there");
  }

  @Test
  void everyKeyTheDocsNameIsRegistered() throws IOException {
    Set<String> registered = Arrays.stream(DiagnosticKey.values()).map(DiagnosticKey::key).collect(Collectors.toSet());
    assertEquals(DiagnosticKey.values().length, registered.size(), "a key is registered twice");
    Set<String> unknown = new TreeSet<>();
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      for (Path p : docs.filter(f -> f.toString().endsWith(".md")).toList()) {
        Matcher m = MENTION.matcher(Files.readString(p, StandardCharsets.UTF_8));
        while (m.find()) {
          if (!registered.contains(m.group())) {
            unknown.add(ROOT.relativize(p) + ": " + m.group());
          }
        }
      }
    }
    assertEquals(Set.of(), unknown);
  }

  private static List<Path> sources() throws IOException {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
        }
      }
    }
    return sources;
  }
}
