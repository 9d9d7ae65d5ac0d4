package io.streambert.trainer.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * The scores of one evaluation of a model's tasks on labelled data (the training model's dev
 * evaluation, or a served bundle's).
 *
 * @param sentiment accuracy and macro F1 of the sentence task, when it was scored
 * @param entities entity-level figures of the token task, when it was scored
 */
public record Evaluation(
    Optional<ClassificationResult> sentiment, Optional<TaggingResult> entities) {

  /** An evaluation of no task (no labelled data). */
  public static Evaluation none() {
    return new Evaluation(Optional.empty(), Optional.empty());
  }

  /** Every metric under its manifest name ({@code sentiment.accuracy}, {@code entities.f1}...). */
  public Map<String, Double> metrics() {
    Map<String, Double> all = new LinkedHashMap<>();
    sentiment.ifPresent(r -> all.putAll(r.toMap()));
    entities.ifPresent(r -> all.putAll(r.toMap()));
    return all;
  }

  /**
   * The model-selection score: the mean of sentence accuracy and entity F1 over the tasks scored, 0
   * when none was.
   */
  public double score() {
    return DoubleStream.concat(
            sentiment.stream().mapToDouble(ClassificationResult::accuracy),
            entities.stream().mapToDouble(TaggingResult::f1))
        .average()
        .orElse(0);
  }

  /** A readable report: per-label and per-type tables and the entity confusion table. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    sentiment.ifPresent(r -> s.append(r.toText()));
    entities.ifPresent(
        r -> s.append(s.length() > 0 ? System.lineSeparator() : "").append(r.toText()));
    return s.toString();
  }
}
