package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.optspec.grammar.ast.Arg;
import org.optspec.grammar.ast.Node;
import org.optspec.spec.Call;
import org.optspec.spec.SourcePos;
import org.optspec.spec.Value;

/**
 * Resolves a call against the catalogue and makes it canonical: positional arguments bound in
 * parameter order, aliases replaced by canonical names, values converted to their declared types,
 * defaults filled in. Reports every problem and returns empty when any argument was wrong.
 */
public final class CallBinder {

  /** A checked call and where each of its arguments was written, for later semantic messages. */
  public record Bound(Call call, Entry entry, Map<String, SourcePos> argPositions) {
    public SourcePos positionOf(String param) {
      return argPositions.getOrDefault(param, call.pos());
    }
  }

  private final Reporter reporter;
  private final ValueConverter converter;

  public CallBinder(Reporter reporter) {
    this.reporter = reporter;
    this.converter = new ValueConverter(reporter, this);
  }

  public ValueConverter converter() {
    return converter;
  }

  /** Binds a call written as a node ({@code he} or {@code normal(0, 0.1)}). */
  public Optional<Bound> bind(Kind kind, Node node) {
    if (node instanceof Node.Name name) {
      return bind(kind, name.name(), name.pos(), List.of());
    }
    if (node instanceof Node.Call call) {
      return bind(kind, call.name(), call.pos(), call.args());
    }
    return Optional.empty();
  }

  public Optional<Bound> bind(Kind kind, String name, SourcePos pos, List<Arg> args) {
    Optional<Entry> found = Catalogue.lookup(kind, name);
    if (found.isEmpty()) {
      reporter.unknown(kind.noun(), name, pos, Catalogue.names(kind));
      return Optional.empty();
    }
    Entry entry = found.get();
    int errorsBefore = reporter.errorCount();
    Map<String, Value> values = new HashMap<>();
    Map<String, SourcePos> positions = new HashMap<>();
    int positional = 0;
    for (Arg arg : gatherRest(entry, args)) {
      Param param;
      Optional<Value.Dur.Unit> unit = Optional.empty();
      if (arg.isNamed()) {
        String label = arg.label().get();
        Optional<Param> named = entry.param(label);
        if (named.isEmpty()) {
          reporter.error(Reporter.UNKNOWN, "unknown argument '" + label + "' for " + entry.name()
              + Suggestions.didYouMean(label, entry.paramNames()), arg.pos());
          continue;
        }
        param = named.get();
        unit = param.aliasNamed(label).flatMap(Param.Alias::unit);
      } else {
        if (positional >= entry.params().size()) {
          reporter.error(Reporter.ARITY, tooMany(entry), arg.pos());
          positional++;
          continue;
        }
        param = entry.params().get(positional++);
      }
      if (positions.containsKey(param.name())) {
        reporter.error(Reporter.DUPLICATE, entry.name() + " " + param.name() + " is given more than once", arg.pos());
        continue;
      }
      positions.put(param.name(), arg.pos());
      // a message names the argument as written: "one_cycle over", not its canonical "one_cycle length"
      String named = arg.isNamed() ? arg.label().get() : param.name();
      converter.convert(arg.value(), param.type(), entry.name() + " " + named, unit)
          .ifPresent(v -> values.put(param.name(), v));
    }
    Map<String, Value> complete = new LinkedHashMap<>();
    for (Param param : entry.params()) {
      if (values.containsKey(param.name())) {
        complete.put(param.name(), values.get(param.name()));
      } else if (param.defaultValue().isPresent()) {
        complete.put(param.name(), param.defaultValue().get());
      } else if (param.required() && !positions.containsKey(param.name())) {
        reporter.error(Reporter.MISSING, entry.name() + " needs an argument '" + param.name() + "'", pos);
      }
    }
    if (reporter.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new Bound(new Call(entry.name(), complete, pos), entry, Map.copyOf(positions)));
  }

  /** For an entry whose last parameter is a rest parameter, packs the trailing positional arguments into one tuple. */
  private static List<Arg> gatherRest(Entry entry, List<Arg> args) {
    List<Param> params = entry.params();
    if (params.isEmpty() || !params.get(params.size() - 1).rest()) {
      return args;
    }
    int restIndex = params.size() - 1;
    List<Arg> bound = new ArrayList<>();
    List<Node> rest = new ArrayList<>();
    int positional = 0;
    for (Arg arg : args) {
      if (!arg.isNamed() && positional++ >= restIndex) {
        rest.add(arg.value());
      } else {
        bound.add(arg);
      }
    }
    if (!rest.isEmpty()) {
      String text = rest.stream().map(Node::text).collect(Collectors.joining(", "));
      Node tuple = new Node.Tuple(rest, text, rest.get(0).pos());
      bound.add(new Arg(Optional.empty(), tuple.pos(), tuple));
    }
    return bound;
  }

  private static String tooMany(Entry entry) {
    int n = entry.params().size();
    return switch (n) {
      case 0 -> entry.name() + " takes no arguments";
      case 1 -> "too many arguments for " + entry.name() + ": it takes 1";
      default -> "too many arguments for " + entry.name() + ": it takes at most " + n;
    };
  }
}
