package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import org.optspec.grammar.ast.Block;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Call;
import org.optspec.spec.Expr;
import org.optspec.spec.GroupOverride;
import org.optspec.spec.ObjectiveSpec;
import org.optspec.spec.Precision;
import org.optspec.spec.Schedule;
import org.optspec.spec.SourcePos;
import org.optspec.spec.StopRule;

/** Checks an {@code objective} block: constants, parameters, the expression, and how to minimize it. */
final class ObjectiveChecker {

  static final List<String> SECTIONS = List.of(
      "precision", "seed", "params", "minimize", "optimizer", "group", "schedule", "clip", "steps", "stop");
  private static final Set<String> REPEATABLE = Set.of("group", "clip");
  private static final List<String> REQUIRED = List.of("params", "minimize", "optimizer", "steps");
  private static final Map<String, String> NOT_YET = Map.of(
      "data", "'data' in an objective (write a trainer)",
      "model", "'model' in an objective (write a trainer)",
      "epochs", "epochs in an objective (use steps)");

  private final SettingReader reader;
  private final Common common;

  ObjectiveChecker(SettingReader reader) {
    this.reader = reader;
    this.common = new Common(reader);
  }

  Optional<ObjectiveSpec> check(String name, SourcePos pos, Block block) {
    Reporter reporter = reader.reporter();
    Sections sections = Sections.collect(block.statements(), "objective", SECTIONS, REPEATABLE, NOT_YET, true, reporter);
    sections.require(REQUIRED, "objective " + name, pos);

    Optional<Precision> precision = common.precision(sections);
    Optional<Long> seed = common.seed(sections);
    Map<String, SourcePos> declared = new LinkedHashMap<>();
    List<Statement.Declaration> randomDeclarations = new ArrayList<>();
    Map<String, ObjectiveSpec.Tensor> constants = tensors(constantDeclarations(sections, randomDeclarations), declared);
    Map<String, ObjectiveSpec.Tensor> params = tensors(paramDeclarations(sections), declared);
    List<ObjectiveSpec.RandomVariable> randoms = randoms(randomDeclarations, params, constants, declared);
    long elements = 0;
    for (ObjectiveSpec.Tensor t : concat(constants.values(), params.values())) {
      elements += t.values().length;
      if (elements > Limits.MAX_OBJECTIVE_ELEMENTS) {
        reporter.error(Reporter.RANGE, "the objective's constants and parameters have more than "
            + Limits.MAX_OBJECTIVE_ELEMENTS + " elements up to " + t.name() + "; each is a literal of the generated class",
            t.pos());
        break;
      }
    }
    if (sections.one("params").isPresent() && params.isEmpty() && !reporter.hasErrors()) {
      reporter.error(Reporter.MISSING, "params declares no parameters", sections.one("params").get().pos());
    }
    Optional<Expr> minimize = Optional.empty();
    Optional<Statement.Setting> minimizeSetting = sections.one("minimize");
    if (minimizeSetting.isPresent()) {
      Optional<Node> expr = reader.single(minimizeSetting.get());
      Set<String> drawn = new java.util.LinkedHashSet<>();
      randoms.forEach(r -> drawn.add(r.name()));
      minimize = expr.flatMap(e -> new ExprChecker(reporter, params, constants, declared.keySet(), drawn)
          .checkObjective(e));
      // (a minimize with errors of its own, a random variable read outside an expectation, has said enough)
      if (!randomDeclarations.isEmpty() && minimize.isPresent() && !(expr.get() instanceof Node.Expectation)) {
        reporter.error(Reporter.SEMANTIC, "the objective declares random variables ("
            + String.join(", ", randomDeclarations.stream().map(Statement.Declaration::name).toList())
            + "), so minimize is an expectation: 'minimize mean over N samples of ...'", ExprChecker.start(expr.get()));
      }
    }
    Optional<CallBinder.Bound> optimizer = common.optimizer(sections);
    optimizer.ifPresent(o -> GaussianMetricRule.check(o, randoms, params.keySet(), reporter));
    Optional<Schedule> schedule = sections.one("schedule").isPresent()
        ? new ScheduleChecker(reader).check(sections.one("schedule").get())
        : Optional.of(ScheduleChecker.constant(pos));
    List<Call> clipping = common.clipping(sections);
    Optional<Double> steps = sections.one("steps").flatMap(s -> reader.number(s, Common.STEPS));
    Optional<StopRule> stop = sections.one("stop")
        .flatMap(new StopRuleChecker(reporter, List.of("loss"), false)::check);
    List<GroupOverride> groups = new ArrayList<>();
    if (optimizer.isPresent()) {
      GroupChecker groupChecker = new GroupChecker(reader, List.copyOf(params.keySet()), 0);
      sections.all("group").forEach(s -> groupChecker.check(s, optimizer.get().call()).ifPresent(groups::add));
    }
    if (reporter.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(new ObjectiveSpec(name, pos, precision.get(), seed.get(), List.copyOf(constants.values()),
        List.copyOf(params.values()), minimize.get(), optimizer.get().call(), groups, schedule.get(), clipping,
        steps.get().longValue(), stop, reporter.source(), randoms));
  }

  /** {@code random x ~ normal(mu, sigma)} lines: names checked as any declaration's, then the distributions. */
  private List<ObjectiveSpec.RandomVariable> randoms(List<Statement.Declaration> declarations,
      Map<String, ObjectiveSpec.Tensor> params, Map<String, ObjectiveSpec.Tensor> constants,
      Map<String, SourcePos> declared) {
    Set<String> names = new java.util.LinkedHashSet<>();
    List<Statement.Declaration> fresh = new ArrayList<>();
    for (Statement.Declaration declaration : declarations) {
      if (validName(declaration, declared)) {
        names.add(declaration.name());
        fresh.add(declaration);
      }
    }
    List<ObjectiveSpec.RandomVariable> randoms = new ArrayList<>();
    if (fresh.size() > Limits.MAX_RANDOM_VARIABLES) {
      reader.reporter().error(Reporter.RANGE, "an objective may declare at most " + Limits.MAX_RANDOM_VARIABLES
          + " random variables", fresh.get(Limits.MAX_RANDOM_VARIABLES).pos());
      return randoms;
    }
    RandomVariableChecker checker = new RandomVariableChecker(reader.reporter(), params, constants, declared.keySet(),
        names);
    fresh.forEach(d -> checker.check(d).ifPresent(randoms::add));
    return randoms;
  }

  private static List<ObjectiveSpec.Tensor> concat(Collection<ObjectiveSpec.Tensor> a, Collection<ObjectiveSpec.Tensor> b) {
    List<ObjectiveSpec.Tensor> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * {@code const A[3, 2] = ...} lines at the top of the objective; the {@code random x ~ ...} lines go to
   * {@code randoms}.
   */
  private List<Statement.Declaration> constantDeclarations(Sections sections, List<Statement.Declaration> randoms) {
    List<Statement.Declaration> constants = new ArrayList<>();
    for (Statement.Declaration declaration : sections.declarations()) {
      Optional<String> modifier = declaration.modifier();
      if (modifier.isPresent() && modifier.get().equals("random")) {
        if (declaration.sampled()) {
          randoms.add(declaration);
        } else {
          reader.reporter().error(Reporter.FORM, "a random variable is drawn with '~': 'random " + declaration.name()
              + " ~ normal(mu, sigma)'", declaration.namePos());
        }
      } else if (declaration.sampled()) {
        reader.reporter().error(Reporter.FORM, "'~' draws a random variable: 'random " + declaration.name()
            + " ~ normal(mu, sigma)'; a constant or parameter is given with '='", declaration.namePos());
      } else if (modifier.isPresent() && modifier.get().equals("const")) {
        constants.add(declaration);
      } else if (modifier.isPresent()) {
        reader.reporter().unknown("declaration", modifier.get(), declaration.pos(), List.of("const", "random"));
      } else {
        reader.reporter().error(Reporter.FORM, "declare '" + declaration.name()
            + "' in params { } or as 'const " + declaration.name() + " = ...'", declaration.pos());
      }
    }
    return constants;
  }

  /** The declarations of {@code params { ... }}. */
  private List<Statement.Declaration> paramDeclarations(Sections sections) {
    List<Statement.Declaration> params = new ArrayList<>();
    Optional<Block> block = sections.one("params").flatMap(reader::block);
    for (Statement statement : block.map(Block::statements).orElse(List.of())) {
      if (statement instanceof Statement.Declaration declaration && declaration.modifier().isEmpty()
          && !declaration.sampled()) {
        params.add(declaration);
      } else {
        reader.reporter().error(Reporter.FORM, "params holds declarations such as 'x = 1.5' or 'w[2] = [0, 0]'",
            statement.pos());
      }
    }
    return params;
  }

  private Map<String, ObjectiveSpec.Tensor> tensors(List<Statement.Declaration> declarations,
      Map<String, SourcePos> declared) {
    Map<String, ObjectiveSpec.Tensor> tensors = new LinkedHashMap<>();
    TensorChecker checker = new TensorChecker(reader.reporter());
    for (Statement.Declaration declaration : declarations) {
      if (validName(declaration, declared)) {
        checker.check(declaration).ifPresent(t -> tensors.put(t.name(), t));
      }
    }
    return tensors;
  }

  /** Whether the declaration's name is new and may name a member of the generated class; it is then declared. */
  private boolean validName(Statement.Declaration declaration, Map<String, SourcePos> declared) {
    if (SourceVersion.isKeyword(declaration.name(), SourceVersion.RELEASE_17) || declaration.name().equals("_")) {
      reader.reporter().error(Reporter.FORM, "'" + declaration.name() + "' is a Java keyword and cannot name a "
          + "parameter or constant of the generated class", declaration.namePos());
      return false;
    }
    SourcePos earlier = declared.putIfAbsent(declaration.name(), declaration.namePos());
    if (earlier != null) {
      reader.reporter().error(Reporter.DUPLICATE, "'" + declaration.name() + "' is already declared at line "
          + earlier.line(), declaration.namePos());
      return false;
    }
    return true;
  }
}
