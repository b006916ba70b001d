package org.optspec.runtime.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.optspec.runtime.Dataset;
import org.optspec.runtime.Metrics;
import org.optspec.runtime.Model;
import org.optspec.runtime.Preprocessing;
import org.optspec.runtime.Trainer;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.TrainingReport;

/** A trainer that only saves: each save writes its count into the file and is remembered. */
final class SavingTrainer implements Trainer {
  final List<Path> saves = new ArrayList<>();

  @Override
  public void save(Path path) {
    saves.add(path);
    try {
      Files.writeString(path, "save " + saves.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "Saving";
  }

  @Override
  public int inputSize() {
    return 1;
  }

  @Override
  public int outputSize() {
    return 1;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public TrainingReport fit(Dataset train, Dataset validation, TrainingListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public double step(Dataset data, int[] order, int from, int n) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void predict(Dataset data, double[] out) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Metrics evaluate(Dataset data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Preprocessing preprocessing() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Model model() {
    throw new UnsupportedOperationException();
  }

  @Override
  public double[] parameters() {
    return new double[0];
  }

  @Override
  public long stepCount() {
    return 0;
  }

  @Override
  public int epochsCompleted() {
    return 0;
  }

  @Override
  public void load(Path path) {
    throw new UnsupportedOperationException();
  }
}
