package org.optspec.grammar.check;

import java.util.List;
import java.util.Optional;

/** A named thing the language knows: a layer, an optimizer, a schedule, ... with its parameters in positional order. */
public record Entry(String name, Kind kind, List<Param> params, List<String> aliases) {

  public Entry {
    params = List.copyOf(params);
    aliases = List.copyOf(aliases);
  }

  public Optional<Param> param(String written) {
    return params.stream()
        .filter(p -> p.name().equals(written) || p.aliasNamed(written).isPresent())
        .findFirst();
  }

  /** Every name a parameter may be written as, for "did you mean" suggestions. */
  public List<String> paramNames() {
    List<String> names = new java.util.ArrayList<>();
    for (Param p : params) {
      names.add(p.name());
      p.aliases().forEach(a -> names.add(a.name()));
    }
    return names;
  }
}
