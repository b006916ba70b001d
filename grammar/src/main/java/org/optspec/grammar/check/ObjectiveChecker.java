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
    Map<String, ObjectiveSpec.Tensor> constants = tensors(constantDeclarations(sections), declared);
    Map<String, ObjectiveSpec.Tensor> params = tensors(paramDeclarations(sections), declared);
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
      minimize = expr.flatMap(e -> new ExprChecker(reporter, params, constants, declared.keySet()).checkObjective(e));
    }
    Optional<CallBinder.Bound> optimizer = common.optimizer(sections);
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
        steps.get().longValue(), stop, reporter.source()));
  }

  private static List<ObjectiveSpec.Tensor> concat(Collection<ObjectiveSpec.Tensor> a, Collection<ObjectiveSpec.Tensor> b) {
    List<ObjectiveSpec.Tensor> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** {@code const A[3, 2] = ...} lines at the top of the objective. */
  private List<Statement.Declaration> constantDeclarations(Sections sections) {
    List<Statement.Declaration> constants = new ArrayList<>();
    for (Statement.Declaration declaration : sections.declarations()) {
      Optional<String> modifier = declaration.modifier();
      if (modifier.isPresent() && modifier.get().equals("const")) {
        constants.add(declaration);
      } else if (modifier.isPresent()) {
        reader.reporter().unknown("declaration", modifier.get(), declaration.pos(), List.of("const"));
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
      if (statement instanceof Statement.Declaration declaration && declaration.modifier().isEmpty()) {
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
      if (SourceVersion.isKeyword(declaration.name(), SourceVersion.RELEASE_17) || declaration.name().equals("_")) {
        reader.reporter().error(Reporter.FORM, "'" + declaration.name() + "' is a Java keyword and cannot name a "
            + "parameter or constant of the generated class", declaration.namePos());
        continue;
      }
      SourcePos earlier = declared.putIfAbsent(declaration.name(), declaration.namePos());
      if (earlier != null) {
        reader.reporter().error(Reporter.DUPLICATE, "'" + declaration.name() + "' is already declared at line "
            + earlier.line(), declaration.namePos());
        continue;
      }
      checker.check(declaration).ifPresent(t -> tensors.put(t.name(), t));
    }
    return tensors;
  }
}
