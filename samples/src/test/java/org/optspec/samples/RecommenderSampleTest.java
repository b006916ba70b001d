package org.optspec.samples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.optspec.runtime.TrainingListener;
import org.optspec.runtime.data.DataException;
import org.optspec.runtime.data.Splits;
import org.optspec.samples.recommender.MovieRecommenderTrainer;
import org.optspec.samples.recommender.Recommender;

class RecommenderSampleTest {

  @Test
  void testRmseIsWithin15PercentOfTheNoise() {
    Splits data = MovieRecommenderTrainer.data().load(Recommender.class);
    MovieRecommenderTrainer trainer = new MovieRecommenderTrainer();
    trainer.fit(data.train(), data.validation(), TrainingListener.NONE);
    double rmse = trainer.evaluate(data.test()).get("rmse");
    assertTrue(rmse <= 1.15 * Recommender.NOISE, "test rmse " + rmse + ", noise σ " + Recommender.NOISE);
  }

  @Test
  void anOutOfRangeIdIsADataErrorWithItsPosition(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("ratings.csv"), "user,item,rating\n3,4,3.5\n1000,2,4.0\n");
    DataException e = assertThrows(DataException.class, () -> MovieRecommenderTrainer.data().load(dir));
    assertTrue(e.getMessage().startsWith("ratings.csv:3:1: user id 1000 is out of range 0..999"), e.getMessage());
  }
}
