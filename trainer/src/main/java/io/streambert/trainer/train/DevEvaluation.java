package io.streambert.trainer.train;

import io.streambert.trainer.metrics.ClassificationResult;
import io.streambert.trainer.metrics.EntityResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dev-set scores of one evaluation of the training model.
 *
 * @param sentiment accuracy and macro F1 of the sentence task, when it has dev data
 * @param entities entity-level figures of the token task, when it has dev data
 */
public record DevEvaluation(
    Optional<ClassificationResult> sentiment, Optional<EntityResult> entities) {

  /** An evaluation of no task (no dev data). */
  public static DevEvaluation none() {
    return new DevEvaluation(Optional.empty(), Optional.empty());
  }

  /** Every metric under its manifest name ({@code sentiment.accuracy}, {@code entities.f1}...). */
  public Map<String, Double> metrics() {
    Map<String, Double> all = new LinkedHashMap<>();
    sentiment.ifPresent(r -> all.putAll(r.toMap()));
    entities.ifPresent(r -> all.putAll(r.toMap()));
    return all;
  }

  /**
   * The selection score: the mean of sentence accuracy and entity F1 over the tasks present, 0 when
   * none is.
   */
  public double score() {
    return score(metrics());
  }

  /** {@link #score()} of a metrics map (e.g. one read back from a checkpoint's history). */
  public static double score(Map<String, Double> metrics) {
    return metrics.entrySet().stream()
        .filter(
            e ->
                e.getKey().equals(Evaluator.SENTENCE_ACCURACY)
                    || e.getKey().equals(Evaluator.ENTITY_F1))
        .mapToDouble(Map.Entry::getValue)
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
