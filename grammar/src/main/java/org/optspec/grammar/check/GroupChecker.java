package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Block;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Call;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.Value;

/**
 * Checks {@code group SELECTOR { setting value ... }}: the selector names a group of parameters and
 * each setting is {@code lr_scale} or an option of the spec's optimizer, with that option's type and range.
 * natural_gradient's {@code damping} is the exception: its damped Fisher is solved over every parameter at once.
 */
final class GroupChecker {

  private static final Param LR_SCALE = Param.required("lr_scale", EntryVocabulary.num(Range.atLeast(0)));

  private final SettingReader reader;
  private final List<String> selectors;
  private final int layerCount;
  /** The line of each selector's group so far: a second group with the same selector is an error. */
  private final Map<String, Integer> selected = new HashMap<>();

  /**
   * @param selectors names a group may select: {@code biases}, {@code weights} and layer names, or
   *     an objective's parameters
   * @param layerCount how many layers a numeric selector may index; 0 when indices make no sense
   */
  GroupChecker(SettingReader reader, List<String> selectors, int layerCount) {
    this.reader = reader;
    this.selectors = List.copyOf(selectors);
    this.layerCount = layerCount;
  }

  Optional<GroupOverride> check(Statement.Setting setting, Call optimizer) {
    Reporter reporter = reader.reporter();
    int errorsBefore = reporter.errorCount();
    Optional<Block> block = setting.block();
    if (block.isEmpty()) {
      reporter.error(Reporter.FORM, "'group' needs a { } block of settings", setting.pos());
    }
    Optional<String> selector = selector(setting);
    Map<String, Value> settings = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    List<Param> options = options(optimizer);
    for (Statement statement : block.map(Block::statements).orElse(List.of())) {
      if (!(statement instanceof Statement.Setting s)) {
        reporter.error(Reporter.FORM, "a group holds settings, not declarations", statement.pos());
        continue;
      }
      Optional<Param> param = options.stream()
          .filter(p -> p.name().equals(s.keyword()) || p.aliasNamed(s.keyword()).isPresent())
          .findFirst();
      if (param.isEmpty()) {
        List<String> names = new ArrayList<>();
        options.forEach(p -> names.add(p.name()));
        reporter.unknown("group setting", s.keyword(), s.pos(), names);
        continue;
      }
      String name = param.get().name();
      if (lines.containsKey(name)) {
        reporter.error(Reporter.DUPLICATE, "duplicate '" + name + "'; it was already given at line " + lines.get(name), s.pos());
        continue;
      }
      lines.put(name, s.pos().line());
      if (optimizer.name().equals("natural_gradient") && (name.equals("damping") || name.equals("metric"))) {
        // one damped Fisher over every parameter is solved jointly: a group's damping could not apply to its part
        reporter.error(Reporter.SEMANTIC, "natural_gradient solves one " + (name.equals("damping") ? "damped " : "")
            + "Fisher system over all parameters jointly, so a group cannot set its own " + name + "; set " + name
            + " on the optimizer", s.pos());
        continue;
      }
      String label = name.equals("lr_scale") ? "lr_scale" : optimizer.name() + " " + name;
      reader.single(s).flatMap(node -> reader.binder().converter().convert(node, param.get().type(), label, Optional.empty()))
          .ifPresent(v -> settings.put(name, v));
    }
    if (selector.isPresent()) {
      Integer earlier = selected.putIfAbsent(selector.get(), setting.pos().line());
      if (earlier != null) {
        reporter.error(Reporter.DUPLICATE, "a group for '" + selector.get() + "' was already given at line " + earlier,
            setting.allArguments().get(0).pos());
        return Optional.empty();
      }
    }
    if (reporter.errorCount() > errorsBefore || selector.isEmpty()) {
      return Optional.empty();
    }
    GroupOverride group = new GroupOverride(selector.get(), settings, setting.pos());
    new OptimizerRules(reporter).checkGroup(optimizer, group);
    return reporter.errorCount() > errorsBefore ? Optional.empty() : Optional.of(group);
  }

  private Optional<String> selector(Statement.Setting setting) {
    Reporter reporter = reader.reporter();
    List<Arg> args = setting.allArguments();
    if (args.size() != 1 || args.get(0).isNamed()) {
      reporter.error(Reporter.FORM, "a group needs one selector, e.g. 'group biases { ... }'",
          args.size() > 1 ? args.get(1).pos() : setting.pos());
      return Optional.empty();
    }
    Node node = args.get(0).value();
    if (node instanceof Node.Name name) {
      if (selectors.contains(name.name())) {
        return Optional.of(name.name());
      }
      reporter.unknown("group selector", name.name(), name.pos(), selectors);
      return Optional.empty();
    }
    if (node instanceof Node.NumberLit index && layerCount > 0) {
      double i = index.value();
      if (i == Math.rint(i) && i >= 0 && i < layerCount) {
        return Optional.of(Long.toString((long) i));
      }
      reporter.error(Reporter.RANGE, "group layer index must be a whole number in [0, " + (layerCount - 1)
          + "], got " + index.text(), index.pos());
      return Optional.empty();
    }
    reporter.error(Reporter.TYPE, "group selector expects " + (layerCount > 0 ? "a name or a layer index" : "a name")
        + ", got '" + node.text() + "'", node.pos());
    return Optional.empty();
  }

  /** lr_scale and every parameter of the optimizer (of each transform, for a chain). */
  private static List<Param> options(Call optimizer) {
    List<Param> options = new ArrayList<>();
    options.add(LR_SCALE);
    if (optimizer.name().equals("chain")) {
      for (Value item : optimizer.tuple("transforms")) {
        Call transform = ((Value.CallValue) item).call();
        Catalogue.lookup(Kind.TRANSFORM, transform.name()).ifPresent(e -> addNew(options, e.params()));
      }
    } else {
      Catalogue.lookup(Kind.OPTIMIZER, optimizer.name()).ifPresent(e -> addNew(options, e.params()));
    }
    return options;
  }

  private static void addNew(List<Param> options, List<Param> params) {
    for (Param p : params) {
      if (options.stream().noneMatch(o -> o.name().equals(p.name()))) {
        options.add(p);
      }
    }
  }
}
