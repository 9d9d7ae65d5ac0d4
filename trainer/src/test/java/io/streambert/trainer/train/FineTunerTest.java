package io.streambert.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.trainer.bert.MultiTaskBert;
import io.streambert.trainer.metrics.Evaluation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTunerTest {

  private static final TrainingConfig CONFIG =
      TrainingConfig.builder()
          .epochs(4)
          .batchSize(16)
          .learningRate(1e-2f)
          .warmupFraction(0.1f)
          .dropout(0.1f)
          .patience(0)
          .checkpointEverySteps(0)
          .seed(5)
          .build();

  @Test
  void shouldLearnBothTasksOfAMultiTaskRun() throws Exception {
    TrainingData data = SyntheticTasks.multiTask(192);
    // The counting task is learnt abruptly, after 3 to 6 epochs depending on the data order;
    // sentiment climbs more slowly, and PyTorch's multi-threaded CPU kernels are not bit-exact
    // from one JVM to the next, so leave both room.
    TrainingConfig config = CONFIG.toBuilder().epochs(10).build();
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 1)) {
      TrainingResult result = new FineTuner(model, config, data).train(RunOptions.quiet());

      List<Float> losses = result.stepLosses();
      double early =
          losses.subList(0, 8).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
      double late =
          losses.subList(losses.size() - 8, losses.size()).stream()
              .mapToDouble(Float::doubleValue)
              .average()
              .orElseThrow();
      assertThat(result.completed()).isTrue();
      assertThat(late).isLessThan(early * 0.7);
      assertThat(result.bestMetrics().get(Evaluator.SENTENCE_ACCURACY)).isGreaterThan(0.7);
      assertThat(result.bestMetrics().get(Evaluator.ENTITY_F1)).isGreaterThan(0.6);
      assertThat(result.bestMetrics())
          .containsKeys(
              "sentiment.macro_f1",
              "entities.precision",
              "entities.recall",
              "entities.f1.X",
              "entities.precision.X",
              "entities.recall.X");
      assertThat(result.bestEvaluation()).isPresent();
      assertThat(result.bestEvaluation().get().metrics()).isEqualTo(result.bestMetrics());
      assertThat(result.bestEvaluation().get().toText()).contains("gold\\pred", "X");
      assertThat(result.state().history()).hasSize(10);
    }
  }

  @Test
  void shouldEvaluateInsideEpochsAndKeepTheBestEvaluationsWeights() throws Exception {
    TrainingData data = SyntheticTasks.multiTask(64);
    TrainingConfig config = CONFIG.toBuilder().epochs(3).evalEverySteps(3).build();
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 1)) {
      FineTuner tuner = new FineTuner(model, config, data);
      int perEpoch = (int) (tuner.plannedSteps() / 3);
      TrainingResult result = tuner.train(RunOptions.quiet());

      List<TrainingState.EpochMetrics> history = result.state().history();
      // Every third global step that does not end an epoch, plus every epoch end.
      long inside =
          java.util.stream.LongStream.rangeClosed(1, tuner.plannedSteps())
              .filter(step -> step % 3 == 0 && step % perEpoch != 0)
              .count();
      assertThat(history).hasSize((int) (inside + 3));
      assertThat(history.stream().map(TrainingState.EpochMetrics::globalStep).distinct())
          .hasSize(history.size());
      TrainingState.EpochMetrics best =
          history.stream()
              .filter(h -> h.globalStep() == result.state().bestStep())
              .findFirst()
              .orElseThrow();
      assertThat(best.score())
          .isEqualTo(
              history.stream().mapToDouble(TrainingState.EpochMetrics::score).max().orElseThrow());
      assertThat(result.bestMetrics()).isEqualTo(best.metrics());
      // The model handed back is the best evaluation's, wherever in an epoch it happened.
      Evaluation again = new Evaluator(model, config.evalBatchSize()).evaluate(data);
      assertThat(again.metrics()).isEqualTo(best.metrics());
    }
  }

  @Test
  void shouldEndWithTheSameWeightsWhenInterruptedAndResumed(@TempDir Path dir) throws Exception {
    TrainingData data = SyntheticTasks.multiTask(64);
    TrainingConfig config = CONFIG.toBuilder().epochs(2).build();

    Map<String, float[]> uninterrupted;
    TrainingResult straight;
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 9)) {
      straight =
          new FineTuner(model, config, data)
              .train(new RunOptions(Optional.of(dir.resolve("straight")), false, 0, false));
      uninterrupted = values(model);
    }

    Path resumable = dir.resolve("resumed");
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 9)) {
      TrainingResult first =
          new FineTuner(model, config, data)
              .train(new RunOptions(Optional.of(resumable), true, 5, false));
      assertThat(first.completed()).isFalse();
      assertThat(first.state().globalStep()).isEqualTo(5);
    }
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 1234)) {
      TrainingResult second =
          new FineTuner(model, config, data)
              .train(new RunOptions(Optional.of(resumable), true, 0, false));

      assertThat(second.completed()).isTrue();
      assertThat(second.state().globalStep()).isEqualTo(straight.state().globalStep());
      assertThat(second.state().history()).isEqualTo(straight.state().history());
      Map<String, float[]> resumed = values(model);
      for (Map.Entry<String, float[]> e : uninterrupted.entrySet()) {
        assertThat(resumed.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
      }
    }
  }

  @Test
  void shouldRefuseACheckpointWrittenWithAnotherConfiguration(@TempDir Path dir) throws Exception {
    TrainingData data = SyntheticTasks.multiTask(32);
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 9)) {
      new FineTuner(model, CONFIG, data).train(new RunOptions(Optional.of(dir), true, 2, false));
    }
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 9)) {
      FineTuner other = new FineTuner(model, CONFIG.toBuilder().learningRate(1e-4f).build(), data);

      assertThatThrownBy(() -> other.train(new RunOptions(Optional.of(dir), true, 0, false)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("was written with");
    }
  }

  @Test
  void shouldKeepFrozenParametersUnchanged() throws Exception {
    TrainingData data = SyntheticTasks.multiTask(32);
    TrainingConfig config =
        CONFIG.toBuilder().epochs(1).freezeEmbeddings(true).freezeLowerLayers(1).build();
    try (MultiTaskBert model = SyntheticTasks.tinyModel(data, 0.1f, 9)) {
      float[] embeddings = model.values("embeddings.word_embeddings.weight");
      float[] lower = model.values("encoder.layer.0.attention.self.query.weight");
      float[] upper = model.values("encoder.layer.1.attention.self.query.weight");

      new FineTuner(model, config, data).train(RunOptions.quiet());

      assertThat(model.values("embeddings.word_embeddings.weight")).containsExactly(embeddings);
      assertThat(model.values("encoder.layer.0.attention.self.query.weight"))
          .containsExactly(lower);
      assertThat(model.values("encoder.layer.1.attention.self.query.weight")).isNotEqualTo(upper);
    }
  }

  private static Map<String, float[]> values(MultiTaskBert model) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (String name : model.parameters().keySet()) {
      out.put(name, model.values(name));
    }
    return out;
  }
}
