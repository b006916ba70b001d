package org.optspec.processor;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * How a generated trainer class is written to a source file, the same for every adapter (the annotation
 * processor, the Maven plugin): java.lang types unimported, so that a user type named like one of them
 * cannot clash.
 */
public final class GeneratedFile {

  private GeneratedFile() {}

  /** The file holding {@code type} in {@code packageName}, ready to write. */
  public static JavaFile of(String packageName, TypeSpec type) {
    return JavaFile.builder(packageName, type).skipJavaLangImports(true).build();
  }

  private static final String GENERATED_IMPORT = "import javax.annotation.processing.Generated;\n";

  /**
   * The source without its {@code @Generated} annotation and that annotation's import, for a named module that
   * does not read {@code java.compiler} (the annotation is source-only: the compiled class is the same). The
   * annotation is the class's first, as the generators write it; a source without it is returned unchanged.
   */
  public static String withoutGeneratedAnnotation(String source) {
    List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
    int at = lines.indexOf("@Generated(");
    if (at < 0) {
      return source;
    }
    int end = at + 1;
    while (end < lines.size() && lines.get(end).startsWith("    ")) {
      end++;
    }
    if (end >= lines.size() || !lines.get(end).equals(")")) {
      return source;
    }
    lines.subList(at, end + 1).clear();
    lines.remove(GENERATED_IMPORT.strip());
    return String.join("\n", lines);
  }

  /** The file's path below a source root: package directories, then the class name. */
  public static String relativePath(JavaFile file) {
    String dir = file.packageName().isEmpty() ? "" : file.packageName().replace('.', '/') + "/";
    return dir + file.typeSpec().name() + ".java";
  }
}
