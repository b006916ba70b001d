package org.optspec.processor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directories the annotation processor searches for a spec file besides javac's own locations: those of the
 * {@code -Aoptspec.specPath=DIR[:DIR...]} option, then {@code src/main/resources} and {@code src/main/optspec} of
 * the project, found by walking up from the class output directory ({@code target/classes} for Maven,
 * {@code build/classes/java/main} for Gradle, whose javac sees neither the source path nor the resources).
 */
final class SpecDirectories {

  /** The processor option naming extra spec directories, separated by the platform's path separator. */
  static final String OPTION = "optspec.specPath";

  /** How many levels above the class output a project directory is looked for (Gradle's is 4 up). */
  static final int PROJECT_LEVELS = 5;

  private static final List<String> CONVENTIONAL = List.of("src/main/resources", "src/main/optspec");

  private SpecDirectories() {}

  /** The directories to search, in order: the option's, then each ancestor's conventional ones, nearest first. */
  static List<Path> of(String specPathOption, Optional<Path> classOutput) {
    List<Path> dirs = new ArrayList<>();
    if (specPathOption != null) {
      for (String entry : specPathOption.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          dirs.add(Path.of(entry.strip()));
        }
      }
    }
    Path level = classOutput.map(Path::toAbsolutePath).orElse(null);
    for (int i = 0; level != null && i < PROJECT_LEVELS; i++, level = level.getParent()) {
      for (String conventional : CONVENTIONAL) {
        Path dir = level.resolve(conventional);
        if (Files.isDirectory(dir)) {
          dirs.add(dir);
        }
      }
    }
    return dirs;
  }

  /**
   * The spec {@code name} in the first directory that has it: at {@code <dir>/<package path>/<name>}, then (for a
   * name relative to a resource root, or one starting with '/') at {@code <dir>/<name>}.
   */
  static Optional<Path> find(List<Path> dirs, String packageName, String name) {
    String relative = name.startsWith("/") ? name.substring(1) : name;
    List<String> candidates = new ArrayList<>();
    if (!name.startsWith("/") && !packageName.isEmpty()) {
      candidates.add(packageName.replace('.', '/') + "/" + relative);
    }
    candidates.add(relative);
    for (String candidate : candidates) {
      for (Path dir : dirs) {
        Path file = dir.resolve(candidate).normalize();
        if (file.startsWith(dir.normalize()) && Files.isRegularFile(file)) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }
}
