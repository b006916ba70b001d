package org.optspec.processor.emit;

import static org.optspec.processor.emit.RuntimeTypes.VECTORS;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Modifier;
import org.optspec.processor.ir.Optimizer;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;
import org.optspec.processor.plan.MemoryPlan;

/**
 * The fusion driver of every optimizer, each a chain of primitive transforms ({@link org.optspec.processor.ir.NamedChains}
 * for the named ones): the update u starts as the gradient, each transform maps it in order (optax semantics), and the
 * parameters move by {@code p -= u}. What each transform computes is its {@link TransformEmitter}'s; this class only
 * decides the loops. When every transform is elementwise, the whole chain is one loop over the group's contiguous range
 * of the flat arrays (the memory planner lays a group's parameters and gradients out contiguously, and the slots share
 * that layout), reading g, p and the slots once and writing p and the slots, with u a local: no intermediate array. A
 * transform that reduces over a tensor ({@link TransformEmitter.Scope#TENSOR}: a trust ratio, a norm, Adafactor's
 * factored moment) cannot be fused into that loop, because every element's update must exist before the reduction
 * does; such a chain runs per tensor: the loop before the reduction stores u in place of the gradient (no extra array),
 * the reduction is taken, and the next loop continues from the stored u times the factor. A leading transform over all
 * parameters ({@link TransformEmitter.Scope#ALL}) acts on all groups at once in {@code update()}, before any group.
 */
final class ChainEmitter {

  private final EmitContext ctx;
  private final Optimizer opt;
  private final HyperParameters hp;

  ChainEmitter(EmitContext ctx) {
    this.ctx = ctx;
    this.opt = ctx.optimization().optimizer();
    this.hp = new HyperParameters(opt);
  }

  /** The optimizer's state arrays in the layout of the parameters, every group's. */
  List<TransformEmitter.Slot> slots() {
    return TransformEmitters.slots(opt);
  }

  /** The state fields outside the slots: each transform's class fields once, then every group's scalar state. */
  void fields(TypeSpec.Builder type) {
    distinct().forEach(e -> e.fields(ctx, type));
    for (Optimizer.Group g : opt.groups()) {
      for (Transform t : g.chain()) {
        for (TransformEmitter.Scalar s : TransformEmitters.of(t).scalars(g, t)) {
          FieldSpec.Builder f = FieldSpec.builder(TypeName.DOUBLE, s.field(), Modifier.PRIVATE).addJavadoc("$L\n", s.doc());
          if (s.initializer() != null) {
            f.initializer(s.initializer());
          }
          type.addField(f.build());
        }
      }
    }
  }

  /** Every group's scalar state fields, as checkpoints carry them. */
  List<String> scalarFields() {
    List<String> fields = new ArrayList<>();
    for (Optimizer.Group g : opt.groups()) {
      for (Transform t : g.chain()) {
        TransformEmitters.of(t).scalars(g, t).forEach(s -> fields.add(s.field()));
      }
    }
    return fields;
  }

  /** The constructor's initial values of the state. */
  void initState(MethodSpec.Builder constructor) {
    for (Optimizer.Group g : opt.groups()) {
      for (Transform t : g.chain()) {
        TransformEmitters.of(t).initState(site(g, t), constructor);
      }
    }
  }

  /** The leading transform over all parameters, if any, in {@code update()} before the groups' updates. */
  void beforeGroups(MethodSpec.Builder update) {
    List<Transform> chain = opt.groups().get(0).chain();
    if (!chain.isEmpty() && global(chain.get(0))) {
      TransformEmitters.of(chain.get(0)).beforeGroups(ctx, chain.get(0), update);
    }
  }

  /** Each transform's helper methods, once. */
  void helpers(TypeSpec.Builder type) {
    distinct().forEach(e -> e.helpers(ctx, type));
  }

  /** The state outside the layout of the parameters (Adafactor's compact factors), for checkpoints. */
  List<TransformEmitter.StateTensor> stateTensors() {
    return distinct().stream().flatMap(e -> e.stateTensors(ctx).stream()).toList();
  }

  /** The body of group {@code g}'s update, which has the parameter {@code double lr}. */
  void groupBody(Optimizer.Group g, MethodSpec.Builder m) {
    List<Transform> chain = new ArrayList<>(g.chain());
    // u starts as the gradient, or as what a leading transform over all parameters computed for every group
    String initial = "grads[i]";
    if (!chain.isEmpty() && global(chain.get(0))) {
      initial = TransformEmitters.of(chain.remove(0)).initialUpdate(); // done for every group in update()
    }
    for (Transform t : chain) {
      TransformEmitters.of(t).prelude(site(g, t), m);
    }
    MemoryPlan.GroupRange range = ctx.plan().group(g.name());
    List<MemoryPlan.Tensor> tensors = ctx.plan().tensors().stream()
        .filter(t -> t.offset() >= range.start() && t.offset() < range.end()).toList();
    if (chain.stream().allMatch(t -> TransformEmitters.of(t).scope() == TransformEmitter.Scope.ELEMENT)) {
      elementwise(g, chain, tensors, initial, m);
    } else {
      for (MemoryPlan.Tensor tensor : tensors) {
        perTensor(g, chain, tensor, m);
      }
    }
    for (Transform t : chain) {
      TransformEmitters.of(t).epilogue(site(g, t), m);
    }
  }

  /**
   * An elementwise chain: one loop over each run of consecutive tensors that the chain treats alike, which is the whole
   * group's range unless a transform's {@link TransformEmitter#variant} (a selective weight decay) splits them.
   */
  private void elementwise(Optimizer.Group g, List<Transform> chain, List<MemoryPlan.Tensor> tensors, String initial,
      MethodSpec.Builder m) {
    List<List<MemoryPlan.Tensor>> runs = new ArrayList<>();
    for (MemoryPlan.Tensor tensor : tensors) {
      if (!runs.isEmpty() && alike(chain, runs.get(runs.size() - 1).get(0), tensor)) {
        runs.get(runs.size() - 1).add(tensor);
      } else {
        runs.add(new ArrayList<>(List.of(tensor)));
      }
    }
    String start = ctx.plan().group(g.name()).constant() + "_START";
    String end = ctx.plan().group(g.name()).constant() + "_END";
    for (List<MemoryPlan.Tensor> run : runs) {
      MemoryPlan.Tensor first = run.get(0);
      MemoryPlan.Tensor last = run.get(run.size() - 1);
      String from = runs.size() == 1 ? start : first.constant();
      String to = runs.size() == 1 ? end : last.constant() + " + " + last.constant() + "_SIZE";
      if (runs.size() > 1) {
        m.addComment("$L", String.join(", ", run.stream().map(MemoryPlan.Tensor::name).toList()));
      }
      m.beginControlFlow("for (int i = $L; i < $L; i++)", from, to);
      LoopBody body = new LoopBody(ctx.types(), m, initial);
      for (Transform t : chain) {
        TransformEmitters.of(t).element(site(g, t), param(first), body);
      }
      body.finish("params[i] -= ");
      m.endControlFlow();
    }
  }

  /** The stages of the chain for one tensor: fused loops separated by the reductions. */
  private void perTensor(Optimizer.Group g, List<Transform> chain, MemoryPlan.Tensor tensor, MethodSpec.Builder m) {
    String off = tensor.constant();
    String len = tensor.constant() + "_SIZE";
    Param param = param(tensor);
    StringBuilder note = new StringBuilder();
    distinct(chain).forEach(e -> note.append(e.tensorNote(ctx, tensor)));
    m.addComment("$L$L", tensor.name(), note);
    String factor = null;
    String divisor = null;
    List<Transform> elementwise = new ArrayList<>();
    for (int k = 0; k <= chain.size(); k++) {
      Transform t = k < chain.size() ? chain.get(k) : null;
      TransformEmitter e = t == null ? null : TransformEmitters.of(t);
      if (e != null && e.scope() == TransformEmitter.Scope.ELEMENT) {
        elementwise.add(t);
        continue;
      }
      boolean last = t == null;
      boolean looped = !elementwise.isEmpty() || last;
      if (looped) {
        m.beginControlFlow("for (int i = $L; i < $L + $L; i++)", off, off, len);
        LoopBody body = new LoopBody(ctx.types(), m, factor == null ? "grads[i]" : "grads[i] * " + factor);
        for (Transform before : elementwise) {
          TransformEmitters.of(before).element(site(g, before), param, body);
        }
        body.finish(last ? "params[i] -= " : "grads[i] = ");
        m.endControlFlow();
      } else if (factor != null) {
        m.addStatement("$T.scale(grads, $L, $L, $L)", VECTORS, off, len, factor);
      }
      elementwise.clear();
      factor = null;
      if (e != null) {
        if (looped) {
          m.addComment("$L needs norms over the whole $L: the loop above left u in grads", t.name(), e.reductionUnit());
        }
        TransformEmitter.Reduced reduced = e.reduce(site(g, t), tensor, divisor, m);
        factor = reduced.factor();
        divisor = reduced.divisor();
      }
    }
  }

  private TransformSite site(Optimizer.Group g, Transform t) {
    String range = ctx.plan().group(g.name()).constant();
    return new TransformSite(ctx, hp, g, t, TransformEmitters.slotFields(opt, t), range + "_START", range + "_END");
  }

  private static boolean global(Transform t) {
    return TransformEmitters.of(t).scope() == TransformEmitter.Scope.ALL;
  }

  /** The emitters of every group's transforms, each once, in chain order. */
  private List<TransformEmitter> distinct() {
    return distinct(opt.groups().stream().flatMap(g -> g.chain().stream()).toList());
  }

  private static List<TransformEmitter> distinct(List<Transform> chain) {
    Map<String, TransformEmitter> emitters = new LinkedHashMap<>();
    chain.forEach(t -> emitters.putIfAbsent(t.name(), TransformEmitters.of(t)));
    return List.copyOf(emitters.values());
  }

  private Param param(MemoryPlan.Tensor tensor) {
    return ctx.optimization().params().stream().filter(p -> p.name().equals(tensor.name())).findFirst().orElseThrow();
  }

  /** Whether the elementwise chain computes the same thing for both tensors. */
  private boolean alike(List<Transform> chain, MemoryPlan.Tensor a, MemoryPlan.Tensor b) {
    for (Transform t : chain) {
      TransformEmitter e = TransformEmitters.of(t);
      if (!Objects.equals(e.variant(t, param(a)), e.variant(t, param(b)))) {
        return false;
      }
    }
    return true;
  }
}
