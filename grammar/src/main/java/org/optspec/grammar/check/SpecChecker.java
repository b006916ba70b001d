package org.optspec.grammar.check;

import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.SpecFile;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.CheckResult;
import org.optspec.spec.SourcePos;
import org.optspec.spec.Spec;

/**
 * Phase two: resolves a parsed file against the catalogue and builds the checked {@link Spec}, or
 * reports why it cannot. Never throws: an internal failure becomes an {@code optspec.err.internal}
 * diagnostic.
 */
public final class SpecChecker {

  private static final List<String> KINDS = List.of("trainer", "objective");

  private SpecChecker() {}

  public static CheckResult check(SpecFile file) {
    Reporter reporter = new Reporter(file.source());
    Optional<? extends Spec> spec;
    try {
      spec = checkFile(file, reporter);
    } catch (RuntimeException | StackOverflowError e) {
      reporter.error(Reporter.INTERNAL, "internal error in the checker: " + e, new SourcePos(file.source().fileName(), 1, 1));
      spec = Optional.empty();
    }
    return new CheckResult(reporter.hasErrors() ? Optional.empty() : spec.map(s -> (Spec) s), reporter.diagnostics());
  }

  private static Optional<? extends Spec> checkFile(SpecFile file, Reporter reporter) {
    List<Statement> statements = file.statements();
    if (statements.isEmpty()) {
      reporter.error(Reporter.MISSING, "the file holds no trainer or objective",
          new SourcePos(file.source().fileName(), 1, 1));
      return Optional.empty();
    }
    for (int i = 1; i < statements.size(); i++) {
      reporter.error(Reporter.FORM, "a file holds one trainer or objective; this is more", statements.get(i).pos());
    }
    if (!(statements.get(0) instanceof Statement.Setting top)) {
      reporter.error(Reporter.FORM, "a spec starts with 'trainer NAME {' or 'objective NAME {'", statements.get(0).pos());
      return Optional.empty();
    }
    if (!KINDS.contains(top.keyword())) {
      reporter.unknown("spec kind", top.keyword(), top.pos(), KINDS);
      return Optional.empty();
    }
    if (top.arguments().isPresent() || top.operands().size() != 1 || !(top.operands().get(0) instanceof Node.Name name)) {
      reporter.error(Reporter.FORM, top.keyword() + " needs a name: '" + top.keyword() + " NAME { ... }'", top.pos());
      return Optional.empty();
    }
    if (top.block().isEmpty()) {
      reporter.error(Reporter.FORM, top.keyword() + " " + name.name() + " needs a { } block", name.pos());
      return Optional.empty();
    }
    SettingReader reader = new SettingReader(reporter, new CallBinder(reporter));
    return top.keyword().equals("trainer")
        ? new TrainerChecker(reader).check(name.name(), top.pos(), top.block().get())
        : new ObjectiveChecker(reader).check(name.name(), top.pos(), top.block().get());
  }
}
