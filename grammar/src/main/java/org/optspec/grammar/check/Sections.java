package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.SourcePos;

/**
 * The settings of one block grouped by keyword, after reporting unknown keywords (with a
 * suggestion), keywords given twice that may appear once, and declarations where none belong.
 */
final class Sections {

  private final Map<String, List<Statement.Setting>> byKeyword = new LinkedHashMap<>();
  private final List<Statement.Declaration> declarations = new ArrayList<>();
  private final java.util.Set<String> misspelled = new java.util.HashSet<>();
  private final Reporter reporter;

  private Sections(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * @param where how messages name the block: "trainer", "objective", "data"
   * @param known keywords the block accepts, in the order they are usually written
   * @param repeatable keywords that may appear more than once
   * @param notYet keywords the language may grow into, with the message saying what is not supported
   * @param allowDeclarations whether {@code name = value} lines belong in this block
   */
  static Sections collect(
      List<Statement> statements,
      String where,
      List<String> known,
      Set<String> repeatable,
      Map<String, String> notYet,
      boolean allowDeclarations,
      Reporter reporter) {
    Sections sections = new Sections(reporter);
    for (Statement statement : statements) {
      if (statement instanceof Statement.Declaration declaration) {
        if (allowDeclarations) {
          sections.declarations.add(declaration);
        } else {
          reporter.error(Reporter.FORM, "a declaration of '" + declaration.name() + "' does not belong in "
              + where, declaration.pos());
        }
        continue;
      }
      Statement.Setting setting = (Statement.Setting) statement;
      String keyword = setting.keyword();
      if (notYet.containsKey(keyword)) {
        reporter.unsupported(notYet.get(keyword), setting.pos());
        continue;
      }
      if (!known.contains(keyword)) {
        reporter.unknown(where + " setting", keyword, setting.pos(), known);
        Suggestions.nearest(keyword, known).ifPresent(sections.misspelled::add);
        continue;
      }
      List<Statement.Setting> same = sections.byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>());
      if (!same.isEmpty() && !repeatable.contains(keyword)) {
        reporter.error(Reporter.DUPLICATE, "duplicate '" + keyword + "'; it was already given at line "
            + same.get(0).pos().line(), setting.pos());
        continue;
      }
      same.add(setting);
    }
    return sections;
  }

  Optional<Statement.Setting> one(String keyword) {
    List<Statement.Setting> settings = byKeyword.getOrDefault(keyword, List.of());
    return settings.isEmpty() ? Optional.empty() : Optional.of(settings.get(0));
  }

  List<Statement.Setting> all(String keyword) {
    return byKeyword.getOrDefault(keyword, List.of());
  }

  List<Statement.Declaration> declarations() {
    return List.copyOf(declarations);
  }

  /** Whether a keyword is absent but an unknown keyword (already reported) looked like it. */
  boolean misspelled(String keyword) {
    return misspelled.contains(keyword);
  }

  /**
   * Reports each required keyword that is absent, at the position of the block's owner; a keyword
   * whose misspelling was already reported is not reported again.
   */
  void require(List<String> required, String where, SourcePos pos) {
    for (String keyword : required) {
      if (!byKeyword.containsKey(keyword) && !misspelled.contains(keyword)) {
        reporter.error(Reporter.MISSING, where + " is missing its '" + keyword + "' section", pos);
      }
    }
  }
}
