package io.streambert.model;

import io.streambert.model.decoding.EntitySpan;
import io.streambert.model.decoding.SentimentPrediction;
import java.util.List;
import java.util.Optional;

/**
 * What a model predicted for one text.
 *
 * @param sentiment present when the bundle carries a sentence-classification task
 * @param entities entity spans (empty when the bundle has no token task or none were found)
 */
public record TextPrediction(Optional<SentimentPrediction> sentiment, List<EntitySpan> entities) {
  public TextPrediction {
    entities = List.copyOf(entities);
  }
}
