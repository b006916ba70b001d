package org.optspec.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.optspec.grammar.check.Catalogue;
import org.optspec.grammar.check.Kind;
import org.optspec.spec.Call;
import org.optspec.spec.DataSpec;
import org.optspec.spec.Value;

/** The data section: source ({@code csv}), inputs ({@code features N}), preprocessing and split. */
final class DataLowering {

  private final LoweringContext ctx;

  DataLowering(LoweringContext ctx) {
    this.ctx = ctx;
  }

  /** A {@code split} argument's catalogue default, for a spec without a {@code split} statement. */
  private static double splitDefault(String param) {
    return ((Value.Num) Catalogue.lookup(Kind.DATA, "split").orElseThrow().param(param).orElseThrow().defaultValue()
        .orElseThrow()).value();
  }

  DataSource lower(DataSpec d) {
    Call source = d.source();
    if (!source.name().equals("csv")) {
      ctx.unsupported(source.name() + " data sources are not supported yet", source.pos());
    }
    String file = source.has("file") ? source.string("file") : "";
    int target = -1;
    if (source.has("target")) {
      Value t = source.get("target");
      if (t instanceof Value.Sym s) {
        target = s.name().equals("first") ? 0 : -1;
      } else if (t instanceof Value.Num n) {
        target = source.integer("target");
      }
    }
    Optional<Boolean> header = Optional.empty();
    if (source.has("header") && source.get("header") instanceof Value.Bool b) {
      header = Optional.of(b.value());
    }
    List<String> columns = new ArrayList<>();
    if (source.has("columns")) {
      for (Value v : source.tuple("columns")) {
        columns.add(v instanceof Value.Sym s ? s.name() : String.valueOf(v));
      }
    }
    Call input = d.input();
    DataSource.Input shape = switch (input.name()) {
      case "features" -> DataSource.Input.features(input.integer("count"));
      case "sequence" -> new DataSource.Input(DataSource.Input.Kind.SEQUENCE, input.integer("length"),
          input.integer("features"), 0, 0);
      case "pairs" -> new DataSource.Input(DataSource.Input.Kind.PAIRS, 1, 2, input.integer("users"),
          input.integer("items"));
      default -> {
        ctx.unsupported(input.name() + " inputs are not supported yet", input.pos());
        yield DataSource.Input.features(1);
      }
    };
    int inputs = shape.length() * shape.features();
    List<DataSource.Preprocess> pre = new ArrayList<>();
    for (Call p : d.preprocessing()) {
      boolean targets = p.has("what") && p.symbol("what").equals("targets");
      if (!targets && shape.kind() == DataSource.Input.Kind.PAIRS) {
        ctx.report(Lowering.INVALID, "the inputs of pairs(users, items) are ids and cannot be " + p.name() + "d", p.pos());
      }
      if (targets && d.isClassification()) {
        ctx.report(Lowering.INVALID, "a classifier's targets are class labels and cannot be " + p.name() + "d", p.pos());
      }
      switch (p.name()) {
        case "scale" -> pre.add(new DataSource.Preprocess(false, targets, p.number("factor")));
        case "standardize" -> pre.add(new DataSource.Preprocess(true, targets, Double.NaN));
        default -> ctx.unsupported(p.name() + " preprocessing is not supported yet", p.pos());
      }
    }
    // the checked split has the catalogue's defaults filled in; without one, they are read from the catalogue
    double test = d.split().map(s -> s.number("test")).orElseGet(() -> splitDefault("test"));
    double validation = d.split().map(s -> s.number("validation")).orElseGet(() -> splitDefault("validation"));
    long seed = d.split().map(s -> s.number("seed")).orElseGet(() -> splitDefault("seed")).longValue();
    return new DataSource(file, target, header, columns, inputs, d.classes(), d.targets(), pre,
        test, validation, seed, d.split().isPresent(), shape, ctx.ref(d.pos()));
  }
}
