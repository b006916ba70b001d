package org.optspec.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.optspec.grammar.check.Catalogue;
import org.optspec.grammar.check.Entry;
import org.optspec.grammar.check.Kind;
import org.optspec.grammar.check.Param;
import org.optspec.grammar.check.Type;
import org.optspec.spec.Call;
import org.optspec.spec.SourcePos;
import org.optspec.spec.Value;

/**
 * One optimizer of {@code bench-optimizers --optimizers}: a catalogue name, optionally with numeric or boolean options
 * after colons ({@code adam}, {@code sgd:momentum=0.9}, {@code adam:lr=0.01:amsgrad=true}), as a complete call: every
 * option the item does not give is the catalogue's default, exactly as the checker fills a spec's
 * {@code optimizer adam} in. Option values are checked against the catalogue's types and ranges.
 *
 * @param label the item as written, the optimizer's name in tables and charts
 */
record OptimizerChoice(String label, Call call) {

  /** Parses one item; throws {@link IllegalArgumentException} with a sentence saying what is wrong. */
  static OptimizerChoice parse(String item) {
    String[] parts = item.strip().split(":");
    String name = parts[0].strip();
    Optional<Entry> found = Catalogue.lookup(Kind.OPTIMIZER, name);
    if (found.isEmpty() || name.equals("chain")) {
      throw new IllegalArgumentException("unknown optimizer '" + name + "' (one of: "
          + String.join(", ", Catalogue.names(Kind.OPTIMIZER).stream().filter(n -> !n.equals("chain")).toList()) + ")");
    }
    Entry entry = found.get();
    Map<String, Value> args = new LinkedHashMap<>();
    for (Param p : entry.params()) {
      p.defaultValue().ifPresent(v -> args.put(p.name(), v));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(item + ": expected OPTION=VALUE after ':', got '" + parts[i] + "'");
      }
      String option = kv[0].strip();
      Param p = entry.param(option).orElseThrow(() -> new IllegalArgumentException(item + ": " + name + " has no option '"
          + option + "' (it has " + String.join(", ", entry.params().stream().map(Param::name).toList()) + ")"));
      args.put(p.name(), value(item, p, kv[1].strip()));
    }
    for (Param p : entry.params()) {
      if (p.required() && !args.containsKey(p.name())) {
        throw new IllegalArgumentException(item + ": " + name + " needs " + p.name() + "=...");
      }
    }
    return new OptimizerChoice(item.strip(), new Call(entry.name(), args, new SourcePos("--optimizers", 1, 1)));
  }

  private static Value value(String item, Param p, String text) {
    if (p.type() instanceof Type.Bool) {
      if (!text.equals("true") && !text.equals("false")) {
        throw new IllegalArgumentException(item + ": " + p.name() + " is true or false, got " + text);
      }
      return new Value.Bool(Boolean.parseBoolean(text));
    }
    if (p.type() instanceof Type.Num num) {
      double v;
      try {
        v = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(item + ": " + p.name() + " is a number, got " + text);
      }
      if (!Double.isFinite(v) || !num.range().contains(v) || (num.integer() && v != Math.rint(v))) {
        throw new IllegalArgumentException(item + ": " + p.name() + " must be " + (num.integer() ? "an integer " : "")
            + num.range().describe() + ", got " + text);
      }
      return new Value.Num(v);
    }
    throw new IllegalArgumentException(item + ": " + p.name() + " cannot be set here (write it in the spec)");
  }
}
