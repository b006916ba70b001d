package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.optspec.grammar.ast.Block;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;
import org.optspec.spec.SourcePos;

/** Checks {@code data { ... }}: where the examples come from, their shape and preprocessing. */
final class DataChecker {

  private static final List<String> KNOWN = Catalogue.entries(Kind.DATA).stream().map(Entry::name).toList();
  private static final Set<String> REPEATABLE = Set.of("scale", "standardize");

  private final SettingReader reader;

  DataChecker(SettingReader reader) {
    this.reader = reader;
  }

  Optional<DataSpec> check(Block block, SourcePos pos) {
    Reporter reporter = reader.reporter();
    int errorsBefore = reporter.errorCount();
    Sections sections = Sections.collect(block.statements(), "data", KNOWN, REPEATABLE, Map.of(), false, reporter);

    Optional<Call> source = sections.one("source").flatMap(s -> reader.entry(s, Kind.DATA))
        .map(bound -> bound.call().call("from"));
    Optional<Call> input = input(sections, pos);
    Optional<Integer> classes = count(sections, "classes");
    Optional<Integer> targets = count(sections, "targets");
    List<Call> preprocessing = new ArrayList<>();
    for (Statement statement : block.statements()) {
      if (statement instanceof Statement.Setting s && REPEATABLE.contains(s.keyword())) {
        reader.entry(s, Kind.DATA).ifPresent(bound -> preprocessing.add(bound.call()));
      }
    }
    Optional<Call> split = sections.one("split").flatMap(s -> reader.entry(s, Kind.DATA)).map(CallBinder.Bound::call);
    split.ifPresent(s -> {
      if (s.number("test") + s.number("validation") >= 1) {
        reporter.error(Reporter.RANGE, "split test + validation must be < 1, got "
            + Numbers.format(s.number("test") + s.number("validation")), s.pos());
      }
    });
    sections.require(List.of("source"), "data", pos);
    if (classes.isPresent() && targets.isPresent() && targets.get() != 1) {
      reporter.error(Reporter.SEMANTIC, "a classifier has one target (the label column), got targets "
          + targets.get(), sections.one("targets").get().pos());
    }
    if (reporter.errorCount() > errorsBefore || source.isEmpty() || input.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DataSpec(source.get(), input.get(), classes, targets.orElse(1), preprocessing, split, pos));
  }

  /** Exactly one of {@code features N}, {@code sequence(...)}, {@code pairs(...)}. */
  private Optional<Call> input(Sections sections, SourcePos pos) {
    Optional<Call> input = Optional.empty();
    Statement.Setting first = null;
    for (String keyword : List.of("features", "sequence", "pairs")) {
      Optional<Statement.Setting> setting = sections.one(keyword);
      if (setting.isEmpty()) {
        continue;
      }
      if (first != null) {
        reader.reporter().error(Reporter.DUPLICATE, "the input shape is already given by '" + first.keyword()
            + "' at line " + first.pos().line(), setting.get().pos());
        continue;
      }
      first = setting.get();
      input = reader.entry(setting.get(), Kind.DATA).map(CallBinder.Bound::call);
    }
    if (first == null && !sections.misspelled("features") && !sections.misspelled("sequence")
        && !sections.misspelled("pairs")) {
      reader.reporter().error(Reporter.MISSING,
          "data is missing its input shape: 'features N', 'sequence(length, features)' or 'pairs(users, items)'", pos);
    }
    return input;
  }

  private Optional<Integer> count(Sections sections, String keyword) {
    return sections.one(keyword).flatMap(s -> reader.entry(s, Kind.DATA)).map(b -> b.call().integer("count"));
  }
}
