package org.optspec.runtime.callbacks;

import org.optspec.runtime.StopReason;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingListener.EpochSummary;

/**
 * What a generated {@code fit} does with a listener, epoch by epoch, on a scripted sequence of validation losses:
 * {@code onEpochStart}, {@code onEpochEnd}, then {@code stopRequest()}, stopping at the first request.
 */
final class ScriptedFit {
  int lastEpoch;
  StopReason reason = StopReason.COMPLETED;

  /** Runs epochs {@code first, first+1, ...}, the i-th with validation loss {@code values[i]} (train loss 2·that). */
  static ScriptedFit from(int first, TrainingListener listener, double... values) {
    ScriptedFit fit = new ScriptedFit();
    for (int i = 0; i < values.length; i++) {
      int epoch = first + i;
      listener.onEpochStart(epoch, 10);
      listener.onEpochEnd(summary(epoch, first + values.length - 1, values[i]));
      fit.lastEpoch = epoch;
      StopReason r = listener.stopRequest();
      if (r != null) {
        fit.reason = r;
        break;
      }
    }
    return fit;
  }

  static ScriptedFit run(TrainingListener listener, double... values) {
    return from(1, listener, values);
  }

  static EpochSummary summary(int epoch, int epochs, double validationLoss) {
    return new EpochSummary(epoch, epochs, 10L * epoch, 2 * validationLoss, validationLoss, 1e-3 / epoch, 0.25);
  }
}
