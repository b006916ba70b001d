package org.optspec.samples.recommender;

import org.optspec.runtime.Metrics;
import org.optspec.runtime.TrainingSpec;
import org.optspec.runtime.data.Splits;
import org.optspec.runtime.ConsoleListener;

/**
 * User and item factors from 90,000 synthetic ratings whose noise is known (σ = 0.5): the test rmse of a good fit
 * approaches σ. The build generates {@code MovieRecommenderTrainer} from {@code recommender.optspec}.
 */
@TrainingSpec("recommender.optspec")
public final class Recommender {

  /** The standard deviation of the noise tools/data/make_ratings.py adds to every rating. */
  public static final double NOISE = 0.5;

  private Recommender() {}

  public static void main(String[] args) {
    Splits data = MovieRecommenderTrainer.data().load(Recommender.class);
    MovieRecommenderTrainer trainer = new MovieRecommenderTrainer();
    trainer.fit(data.train(), data.validation(), new ConsoleListener(System.out));
    Metrics test = trainer.evaluate(data.test());
    System.out.println("test: " + test + "  (noise σ " + NOISE + ")");
  }
}
