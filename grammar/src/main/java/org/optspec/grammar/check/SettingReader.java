package org.optspec.grammar.check;

import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Block;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Value;

/** Reads the value of a one-value setting ({@code batch 32}, {@code optimizer adam}) and checks its form. */
final class SettingReader {

  private final Reporter reporter;
  private final CallBinder binder;

  SettingReader(Reporter reporter, CallBinder binder) {
    this.reporter = reporter;
    this.binder = binder;
  }

  Reporter reporter() {
    return reporter;
  }

  CallBinder binder() {
    return binder;
  }

  /** The one value after the keyword; reports a missing value, extra values and a stray block. */
  Optional<Node> single(Statement.Setting setting) {
    noBlock(setting);
    List<Arg> args = setting.allArguments();
    if (args.isEmpty()) {
      reporter.error(Reporter.MISSING, "'" + setting.keyword() + "' needs a value", setting.pos());
      return Optional.empty();
    }
    if (isParenthesizedTuple(setting)) {
      // "betas (0.9, 0.99)" parses as the keyword with an argument list; for a one-value setting
      // the list is the value.
      List<Node> items = args.stream().map(Arg::value).toList();
      String text = "(" + items.stream().map(Node::text).collect(java.util.stream.Collectors.joining(", ")) + ")";
      return Optional.of(new Node.Tuple(items, text, items.get(0).pos()));
    }
    if (args.size() > 1) {
      reporter.error(Reporter.ARITY, "'" + setting.keyword() + "' takes one value", args.get(1).pos());
      return Optional.empty();
    }
    if (args.get(0).isNamed()) {
      reporter.error(Reporter.FORM, "'" + setting.keyword() + "' takes a value, not a named argument", args.get(0).pos());
      return Optional.empty();
    }
    return Optional.of(args.get(0).value());
  }

  private static boolean isParenthesizedTuple(Statement.Setting setting) {
    List<Arg> args = setting.arguments().orElse(List.of());
    return setting.operands().isEmpty() && args.size() > 1 && args.stream().noneMatch(Arg::isNamed);
  }

  Optional<Value> value(Statement.Setting setting, Type type) {
    return single(setting).flatMap(node -> binder.converter().convert(node, type, setting.keyword(), Optional.empty()));
  }

  /** A numeric setting ({@code batch 32}), checked against the type's range. */
  Optional<Double> number(Statement.Setting setting, Type.Num type) {
    return value(setting, type).map(v -> ((Value.Num) v).value());
  }

  /** {@code optimizer adamw(lr: 1e-3)}: the value must be an entry of the kind. */
  Optional<CallBinder.Bound> call(Statement.Setting setting, Kind kind) {
    return single(setting).flatMap(node -> call(node, kind, setting.keyword()));
  }

  Optional<CallBinder.Bound> call(Node node, Kind kind, String label) {
    if (node instanceof Node.Then then) {
      reporter.unsupported("'then' in " + label, then.pos());
      return Optional.empty();
    }
    if (!(node instanceof Node.Name) && !(node instanceof Node.Call)) {
      reporter.error(Reporter.TYPE, label + " expects " + new Type.CallOf(kind).describe() + ", got '"
          + node.text() + "'", node.pos());
      return Optional.empty();
    }
    return binder.bind(kind, node);
  }

  /** A statement of a block that lists entries ({@code model}, {@code data}): the keyword is the entry. */
  Optional<CallBinder.Bound> entry(Statement.Setting setting, Kind kind) {
    noBlock(setting);
    return binder.bind(kind, setting.keyword(), setting.pos(), setting.allArguments());
  }

  void noBlock(Statement.Setting setting) {
    setting.block().ifPresent(block -> reporter.error(Reporter.FORM,
        "'" + setting.keyword() + "' takes no { } block", block.pos()));
  }

  /** The block of a section such as {@code data { ... }}; reports it missing or preceded by arguments. */
  Optional<Block> block(Statement.Setting setting) {
    if (setting.block().isEmpty()) {
      reporter.error(Reporter.FORM, "'" + setting.keyword() + "' needs a { } block", setting.pos());
      return Optional.empty();
    }
    List<Arg> args = setting.allArguments();
    if (!args.isEmpty()) {
      reporter.error(Reporter.ARITY, "'" + setting.keyword() + "' takes no arguments before its block", args.get(0).pos());
    }
    return setting.block();
  }
}
