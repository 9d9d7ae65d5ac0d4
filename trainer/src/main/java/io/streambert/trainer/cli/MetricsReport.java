package io.streambert.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streambert.trainer.metrics.ClassificationResult;
import io.streambert.trainer.metrics.Evaluation;
import io.streambert.trainer.metrics.TaggingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics of one evaluation, as readable text and as JSON with the manifest's metric names.
 *
 * @param modelVersion the evaluated model
 * @param sentiment sentence metrics, when that task was evaluated
 * @param entities entity metrics, when that task was evaluated
 * @param seconds wall time of the evaluation
 */
record MetricsReport(
    String modelVersion,
    Optional<ClassificationResult> sentiment,
    Optional<TaggingResult> entities,
    double seconds) {

  /** Every metric under its manifest name ({@code sentiment.accuracy}, {@code entities.f1}...). */
  Map<String, Double> metrics() {
    return new Evaluation(sentiment, entities).metrics();
  }

  String toText() {
    StringBuilder s =
        new StringBuilder("model ").append(modelVersion).append(System.lineSeparator());
    sentiment.ifPresent(r -> s.append(System.lineSeparator()).append(r.toText()));
    entities.ifPresent(r -> s.append(System.lineSeparator()).append(r.toText()));
    s.append(String.format("%nevaluated in %.1f s%n", seconds));
    return s.toString();
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model_version", modelVersion);
    json.put("metrics", metrics());
    sentiment.ifPresent(r -> json.put("sentiment_examples", r.examples()));
    entities.ifPresent(
        r -> {
          json.put("entities_sentences", r.sentences());
          json.put("entities_gold", r.overall().gold());
        });
    json.put("seconds", seconds);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
  }
}
