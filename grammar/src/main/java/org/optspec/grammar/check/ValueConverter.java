package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.grammar.ast.Node;
import org.optspec.spec.Value;

/** Converts a written value to the type a parameter declares, reporting type and range errors. */
public final class ValueConverter {

  private final Reporter reporter;
  private final CallBinder binder;

  ValueConverter(Reporter reporter, CallBinder binder) {
    this.reporter = reporter;
    this.binder = binder;
  }

  /**
   * @param label how messages name the parameter, e.g. "adam lr"
   * @param unit the unit a plain number carries when the parameter was written under an alias
   *     such as {@code steps:}
   */
  public Optional<Value> convert(Node node, Type type, String label, Optional<Value.Dur.Unit> unit) {
    if (type instanceof Type.Num num) {
      return number(node, num, label);
    }
    if (type instanceof Type.Bool) {
      if (node instanceof Node.Name name && (name.name().equals("true") || name.name().equals("false"))) {
        return Optional.of(new Value.Bool(name.name().equals("true")));
      }
      return wrongType(node, type, label);
    }
    if (type instanceof Type.Str) {
      return node instanceof Node.StringLit s ? Optional.of(new Value.Str(s.value())) : wrongType(node, type, label);
    }
    if (type instanceof Type.Sym sym) {
      return symbol(node, sym, label);
    }
    if (type instanceof Type.Dur) {
      return duration(node, type, label, unit);
    }
    if (type instanceof Type.CallOf callOf) {
      return call(node, callOf, label);
    }
    if (type instanceof Type.Tuple tuple) {
      return tuple(node, tuple, label);
    }
    if (type instanceof Type.TupleOf tupleOf) {
      List<Node> items = node instanceof Node.Tuple t ? t.items() : List.of(node);
      List<Value> values = new ArrayList<>();
      for (Node item : items) {
        Optional<Value> value = convert(item, tupleOf.item(), label, unit);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        values.add(value.get());
      }
      return Optional.of(new Value.Tuple(values));
    }
    Type.OneOf oneOf = (Type.OneOf) type;
    for (Type option : oneOf.options()) {
      if (fits(node, option, unit)) {
        return convert(node, option, label, unit);
      }
    }
    return wrongType(node, type, label);
  }

  private Optional<Value> number(Node node, Type.Num num, String label) {
    Optional<Double> folded = Constants.fold(node);
    if (folded.isEmpty()) {
      return wrongType(node, num, label);
    }
    double x = folded.get();
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      reporter.error(Reporter.RANGE, label + " must be a finite number, got " + node.text(), node.pos());
      return Optional.empty();
    }
    if (num.integer() && x != Math.rint(x)) {
      reporter.error(Reporter.TYPE, label + " expects a whole number, got " + node.text(), node.pos());
      return Optional.empty();
    }
    if (!num.range().contains(x)) {
      reporter.error(Reporter.RANGE, label + " must be " + num.range().describe() + ", got " + node.text(), node.pos());
      return Optional.empty();
    }
    return Optional.of(new Value.Num(x));
  }

  private Optional<Value> symbol(Node node, Type.Sym sym, String label) {
    if (!(node instanceof Node.Name name)) {
      return wrongType(node, sym, label);
    }
    if (!sym.choices().isEmpty() && !sym.choices().contains(name.name())) {
      reporter.error(Reporter.UNKNOWN, label + " must be " + sym.describe() + ", got '" + name.name() + "'"
          + Suggestions.didYouMean(name.name(), sym.choices()), node.pos());
      return Optional.empty();
    }
    return Optional.of(new Value.Sym(name.name()));
  }

  private Optional<Value> duration(Node node, Type type, String label, Optional<Value.Dur.Unit> unit) {
    if (node instanceof Node.Duration d) {
      Value.Dur.Unit written = d.unit().equals("steps") ? Value.Dur.Unit.STEPS : Value.Dur.Unit.EPOCHS;
      if (unit.isPresent() && unit.get() != written) {
        reporter.error(Reporter.TYPE, label + " is counted in " + unitName(unit.get()) + ", got " + d.text(), d.pos());
        return Optional.empty();
      }
      return duration(d.amount(), written, (Type.Dur) type, node, label);
    }
    Optional<Double> folded = Constants.fold(node);
    if (folded.isPresent() && unit.isPresent()) {
      return duration(folded.get(), unit.get(), (Type.Dur) type, node, label);
    }
    return wrongType(node, type, label);
  }

  private Optional<Value> duration(double amount, Value.Dur.Unit unit, Type.Dur type, Node node, String label) {
    // the type's own range (> 0 for a length) first, then the unit's bound (Limits): each message states the limit broken
    Range range = type.range().contains(amount)
        ? type.range().capped(Limits.longestDuration(unit))
        : type.range();
    if (!range.contains(amount) || Double.isInfinite(amount)) {
      reporter.error(Reporter.RANGE, label + " must be " + range.describe() + ", got " + node.text(), node.pos());
      return Optional.empty();
    }
    return Optional.of(new Value.Dur(amount, unit));
  }

  private Optional<Value> call(Node node, Type.CallOf callOf, String label) {
    if (node instanceof Node.Then then) {
      reporter.unsupported("'then' outside a schedule", then.pos());
      return Optional.empty();
    }
    if (!(node instanceof Node.Name) && !(node instanceof Node.Call)) {
      return wrongType(node, callOf, label);
    }
    return binder.bind(callOf.kind(), node).map(bound -> new Value.CallValue(bound.call()));
  }

  private Optional<Value> tuple(Node node, Type.Tuple tuple, String label) {
    if (!(node instanceof Node.Tuple written) || written.items().size() != tuple.items().size()) {
      return wrongType(node, tuple, label);
    }
    // Items are named after the entry, like parameters: "adam betas" has items "adam beta1", "adam beta2".
    String entry = label.contains(" ") ? label.substring(0, label.indexOf(' ') + 1) : "";
    List<Value> values = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < tuple.items().size(); i++) {
      Optional<Value> value = convert(written.items().get(i), tuple.items().get(i),
          entry + tuple.itemNames().get(i), Optional.empty());
      ok &= value.isPresent();
      value.ifPresent(values::add);
    }
    return ok ? Optional.of(new Value.Tuple(values)) : Optional.empty();
  }

  /** Whether a node has the outward form of a type, to choose among {@link Type.OneOf} options. */
  private static boolean fits(Node node, Type type, Optional<Value.Dur.Unit> unit) {
    if (type instanceof Type.Num) {
      return Constants.fold(node).isPresent();
    }
    if (type instanceof Type.Bool) {
      return node instanceof Node.Name n && (n.name().equals("true") || n.name().equals("false"));
    }
    if (type instanceof Type.Str) {
      return node instanceof Node.StringLit;
    }
    if (type instanceof Type.Sym) {
      return node instanceof Node.Name;
    }
    if (type instanceof Type.Dur) {
      return node instanceof Node.Duration || (unit.isPresent() && Constants.fold(node).isPresent());
    }
    if (type instanceof Type.CallOf) {
      return node instanceof Node.Name || node instanceof Node.Call;
    }
    if (type instanceof Type.Tuple || type instanceof Type.TupleOf) {
      return node instanceof Node.Tuple;
    }
    return ((Type.OneOf) type).options().stream().anyMatch(o -> fits(node, o, unit));
  }

  private Optional<Value> wrongType(Node node, Type type, String label) {
    reporter.error(Reporter.TYPE, label + " expects " + type.describe() + ", got '" + node.text() + "'", node.pos());
    return Optional.empty();
  }

  private static String unitName(Value.Dur.Unit unit) {
    return unit == Value.Dur.Unit.STEPS ? "steps" : "epochs";
  }
}
