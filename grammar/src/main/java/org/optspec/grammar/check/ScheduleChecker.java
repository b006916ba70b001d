package org.optspec.grammar.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.optspec.grammar.ast.Node;
import org.optspec.grammar.ast.Statement;
import org.optspec.spec.Call;
import org.optspec.spec.Schedule;
import org.optspec.spec.SourcePos;
import org.optspec.spec.Value;

/** Checks {@code schedule a then b then c}: each phase a schedule entry, every phase but the last with a length. */
final class ScheduleChecker {

  private final SettingReader reader;

  ScheduleChecker(SettingReader reader) {
    this.reader = reader;
  }

  /** The constant schedule a spec without {@code schedule} gets. */
  static Schedule constant(SourcePos pos) {
    return new Schedule(List.of(new Call("constant", Map.of("factor", new Value.Num(1)), pos)), pos);
  }

  Optional<Schedule> check(Statement.Setting setting) {
    Optional<Node> written = reader.single(setting);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    List<Node> phaseNodes = new ArrayList<>();
    flatten(written.get(), phaseNodes);
    List<Call> phases = new ArrayList<>();
    boolean ok = true;
    for (Node node : phaseNodes) {
      Optional<CallBinder.Bound> phase = reader.call(node, Kind.SCHEDULE, "schedule");
      ok &= phase.isPresent();
      phase.ifPresent(b -> phases.add(b.call()));
    }
    if (!ok) {
      return Optional.empty();
    }
    for (int i = 0; i < phases.size() - 1; i++) {
      if (!phases.get(i).has("length")) {
        reader.reporter().error(Reporter.MISSING, phases.get(i).name()
            + " needs a length (e.g. steps: 100) because another phase follows it", phases.get(i).pos());
        ok = false;
      }
    }
    return ok ? Optional.of(new Schedule(phases, setting.pos())) : Optional.empty();
  }

  /** {@code then} is left-associative in the grammar; phases come out in written order. */
  private static void flatten(Node node, List<Node> phases) {
    if (node instanceof Node.Then then) {
      flatten(then.first(), phases);
      flatten(then.next(), phases);
    } else {
      phases.add(node);
    }
  }
}
