package io.streambert.processor.topology;

import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import io.streambert.schemas.avro.Entity;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns model predictions into the Avro result records. */
final class ResultMapper {

  private ResultMapper() {}

  static SentimentResult sentiment(
      BufferedRecord source, SentimentPrediction p, String modelVersion, Instant processedAt) {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    p.probabilities().forEach((label, prob) -> probabilities.put(label, (double) prob));
    return SentimentResult.newBuilder()
        .setEventId(source.eventId())
        .setLabel(p.label())
        .setScore(p.score())
        .setProbabilities(probabilities)
        .setModelVersion(modelVersion)
        .setEventTime(Instant.ofEpochMilli(source.eventTimeMs()))
        .setProcessedAt(processedAt)
        .build();
  }

  static EntityResult entities(
      BufferedRecord source, List<EntitySpan> spans, String modelVersion, Instant processedAt) {
    List<EntitySpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(EntitySpan::start));
    List<Entity> entities = new ArrayList<>(sorted.size());
    for (EntitySpan s : sorted) {
      entities.add(
          Entity.newBuilder()
              .setText(s.text())
              .setType(s.type())
              .setStart(s.start())
              .setEnd(s.end())
              .setScore(s.score())
              .build());
    }
    return EntityResult.newBuilder()
        .setEventId(source.eventId())
        .setEntities(entities)
        .setModelVersion(modelVersion)
        .setEventTime(Instant.ofEpochMilli(source.eventTimeMs()))
        .setProcessedAt(processedAt)
        .build();
  }
}
