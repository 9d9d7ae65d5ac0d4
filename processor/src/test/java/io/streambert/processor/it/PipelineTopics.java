package io.streambert.processor.it;

import java.util.List;
import java.util.UUID;

/** The four topics of one processor pipeline, named uniquely per test or benchmark run. */
public record PipelineTopics(String input, String sentiment, String entities, String deadLetter) {

  /** Returns topic names starting with {@code prefix} and a random suffix. */
  public static PipelineTopics unique(String prefix) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return new PipelineTopics(
        prefix + "-text-in-" + suffix,
        prefix + "-sentiment-" + suffix,
        prefix + "-entities-" + suffix,
        prefix + "-dead-letter-" + suffix);
  }

  /** Creates all four topics with {@code partitions} partitions each. */
  public PipelineTopics create(KafkaBroker broker, int partitions) {
    broker.createTopics(partitions, input, sentiment, entities, deadLetter);
    return this;
  }

  /** Returns the three output topics. */
  public List<String> outputs() {
    return List.of(sentiment, entities, deadLetter);
  }
}
