package org.optspec.processor;

import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;

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
    int at = source.indexOf("\n@Generated(");
    int end = at < 0 ? -1 : source.indexOf("\n)\n", at);
    if (end < 0) {
      return source;
    }
    return (source.substring(0, at + 1) + source.substring(end + 3)).replace(GENERATED_IMPORT, "");
  }

  /** The file's path below a source root: package directories, then the class name. */
  public static String relativePath(JavaFile file) {
    String dir = file.packageName().isEmpty() ? "" : file.packageName().replace('.', '/') + "/";
    return dir + file.typeSpec().name() + ".java";
  }
}
