package org.optspec.grammar.check;

import java.util.List;
import java.util.Optional;
import org.optspec.spec.Value;

/**
 * One parameter of a catalogue entry.
 *
 * @param defaultValue PyTorch's default, filled in when the spec does not give the argument
 * @param required true when the spec must give it (no default and no meaning when absent)
 * @param aliases other names the spec may use; an alias with a unit turns a plain number into a
 *     duration ({@code steps: 100} is {@code length: 100 steps})
 * @param rest true for a last parameter that collects all remaining positional arguments into a
 *     tuple ({@code chain(a, b, c)})
 */
public record Param(
    String name, Type type, Optional<Value> defaultValue, boolean required, List<Alias> aliases, boolean rest) {

  public Param {
    aliases = List.copyOf(aliases);
  }

  /** Another name for a parameter, with the unit a plain number written under it carries. */
  public record Alias(String name, Optional<Value.Dur.Unit> unit) {}

  public static Param required(String name, Type type) {
    return new Param(name, type, Optional.empty(), true, List.of(), false);
  }

  public static Param optional(String name, Type type, Value defaultValue) {
    return new Param(name, type, Optional.of(defaultValue), false, List.of(), false);
  }

  /** A parameter with no default whose absence means something (e.g. "PyTorch's default init"). */
  public static Param absentByDefault(String name, Type type) {
    return new Param(name, type, Optional.empty(), false, List.of(), false);
  }

  /** A required last parameter that takes every remaining positional argument as one tuple. */
  public static Param rest(String name, Type.TupleOf type) {
    return new Param(name, type, Optional.empty(), true, List.of(), true);
  }

  public Param alias(String alias) {
    return withAlias(new Alias(alias, Optional.empty()));
  }

  public Param alias(String alias, Value.Dur.Unit unit) {
    return withAlias(new Alias(alias, Optional.of(unit)));
  }

  private Param withAlias(Alias alias) {
    List<Alias> all = new java.util.ArrayList<>(aliases);
    all.add(alias);
    return new Param(name, type, defaultValue, required, all, rest);
  }

  public Optional<Alias> aliasNamed(String written) {
    return aliases.stream().filter(a -> a.name().equals(written)).findFirst();
  }
}
