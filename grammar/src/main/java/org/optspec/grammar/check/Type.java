package org.optspec.grammar.check;

import java.util.List;
import java.util.stream.Collectors;

/** The declared type of a catalogue parameter; {@link ValueConverter} turns written values into it. */
public sealed interface Type {

  /** How a message names what the type expects: "a number", "true or false", "an initializer". */
  String describe();

  /** A number, possibly required to be whole, within a range. */
  record Num(Range range, boolean integer) implements Type {
    public String describe() {
      return integer ? "a whole number" : "a number";
    }
  }

  record Bool() implements Type {
    public String describe() {
      return "true or false";
    }
  }

  record Str() implements Type {
    public String describe() {
      return "a string";
    }
  }

  /** A bare name; any name when {@code choices} is empty. */
  record Sym(List<String> choices) implements Type {
    public Sym {
      choices = List.copyOf(choices);
    }

    public String describe() {
      if (choices.isEmpty()) {
        return "a name";
      }
      if (choices.size() == 1) {
        return "'" + choices.get(0) + "'";
      }
      return "one of " + choices.stream().collect(Collectors.joining(", "));
    }
  }

  /**
   * A duration such as {@code 100 steps} or {@code 3 epochs}, its amount within a range: {@code >= 0} for a point in
   * training ({@code from: 0 steps}), {@code > 0} for a length or a period ({@code every}, {@code over}).
   */
  record Dur(Range range) implements Type {
    public String describe() {
      return "a duration like '100 steps' or '3 epochs'";
    }
  }

  /** A catalogue entry of the given kind, bare ({@code he}) or called ({@code normal(0, 0.1)}). */
  record CallOf(Kind kind) implements Type {
    public String describe() {
      return (kind == Kind.INIT || kind == Kind.OPTIMIZER ? "an " : "a ") + kind.noun();
    }
  }

  /** A fixed-length tuple whose items have names for messages ({@code betas: (beta1, beta2)}). */
  record Tuple(List<String> itemNames, List<Type> items) implements Type {
    public Tuple {
      itemNames = List.copyOf(itemNames);
      items = List.copyOf(items);
    }

    public String describe() {
      return "a tuple of " + items.size() + " " + plural(items.get(0));
    }
  }

  /** A tuple of any length; a single item may be written without parentheses. */
  record TupleOf(Type item) implements Type {
    public String describe() {
      return "a tuple of " + plural(item);
    }
  }

  /** Any of several types, tried in order. */
  record OneOf(List<Type> options) implements Type {
    public OneOf {
      options = List.copyOf(options);
    }

    public String describe() {
      return options.stream().map(Type::describe).collect(Collectors.joining(" or "));
    }
  }

  private static String plural(Type item) {
    if (item instanceof Num n) {
      return n.integer() ? "whole numbers" : "numbers";
    }
    if (item instanceof Sym) {
      return "names";
    }
    if (item instanceof Dur) {
      return "durations";
    }
    if (item instanceof CallOf c) {
      return c.kind().noun() + "s";
    }
    return "values";
  }
}
