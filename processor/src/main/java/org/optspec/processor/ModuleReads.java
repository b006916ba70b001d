package org.optspec.processor;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Whether a class's module can see {@code javax.annotation.processing.Generated} (module {@code java.compiler}). */
final class ModuleReads {

  static final String JAVA_COMPILER = "java.compiler";

  private ModuleReads() {}

  /**
   * True when {@code element} is in a named module that does not read {@code java.compiler}, directly or through
   * a {@code requires transitive} (as {@code java.se} has it): its generated trainer must not name
   * {@code @Generated}, or the user would need {@code requires static java.compiler}.
   */
  static boolean needsPlainSource(Elements elements, Element element) {
    ModuleElement module = elements.getModuleOf(element);
    if (module == null || module.isUnnamed()) {
      return false;
    }
    for (RequiresDirective r : ElementFilter.requiresIn(module.getDirectives())) {
      if (reads(r.getDependency(), new HashSet<>())) {
        return false;
      }
    }
    return true;
  }

  /** {@code module} is java.compiler or passes it on with {@code requires transitive}. */
  private static boolean reads(ModuleElement module, Set<String> seen) {
    String name = module.getQualifiedName().toString();
    if (name.equals(JAVA_COMPILER)) {
      return true;
    }
    if (!seen.add(name)) {
      return false;
    }
    for (RequiresDirective r : ElementFilter.requiresIn(module.getDirectives())) {
      if (r.isTransitive() && reads(r.getDependency(), seen)) {
        return true;
      }
    }
    return false;
  }
}
