package org.optspec.processor.emit;

import com.palantir.javapoet.MethodSpec;
import java.util.Arrays;
import java.util.List;
import org.optspec.processor.ir.Param;
import org.optspec.processor.ir.Transform;

/** optax.scale_by_rms(decay, eps, initial_scale): ν = decay·ν + (1-decay)·u², u = u / √(ν + eps); ν starts at initial_scale. */
final class ScaleByRmsEmitter implements TransformEmitter {

  @Override
  public String name() {
    return "scale_by_rms";
  }

  @Override
  public List<Slot> slots(Transform t) {
    return List.of(new Slot("squareAvg", "square_avg", "scale_by_rms's running mean of u²"));
  }

  @Override
  public void initState(TransformSite s, MethodSpec.Builder constructor) {
    if (s.option("initial_scale") != 0) {
      constructor.addStatement("$T.fill($L, $L, $L, $L)", Arrays.class, s.slot(0), s.start(), s.end(),
          s.types().literal(s.option("initial_scale")));
    }
  }

  @Override
  public void element(TransformSite s, Param param, LoopBody m) {
    Types types = s.types();
    String nu = s.slot(0);
    m.stmt("$L[i] = $L * $L[i] + $L * u * u", nu, types.literal(s.option("decay")), nu, types.literal(1 - s.option("decay")));
    m.assign("$L", types.castExpr("u / Math.sqrt(" + nu + "[i] + " + s.option("eps") + ")"));
  }
}
