package io.streambert.processor.it;

import io.streambert.processor.config.ProcessorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** The release topic that goes with these topics (created by {@link #createRolloutTopics}). */
  public String releases() {
    return input.replace("-text-in-", "-releases-");
  }

  /** The model status topic that goes with these topics. */
  public String status() {
    return input.replace("-text-in-", "-status-");
  }

  /** Creates the release topic, compacted, and the status topic, one partition each. */
  public PipelineTopics createRolloutTopics(KafkaBroker broker) {
    broker.createTopic(releases(), 1, Map.of("cleanup.policy", "compact"));
    broker.createTopic(status(), 1, Map.of());
    return this;
  }

  /**
   * The configuration of an in-process processor with a fake model on these topics: application id
   * {@code prefix + input}, no HTTP endpoint, batches of {@code batchMaxRecords} records or 50 ms.
   */
  public ProcessorConfig fakeModelConfig(
      String bootstrapServers,
      String registryUrl,
      Path stateDir,
      String prefix,
      String guarantee,
      int batchMaxRecords) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    c.put(ProcessorConfig.APPLICATION_ID, prefix + input);
    putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registryUrl);
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, "(fake)");
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, guarantee);
    c.put(ProcessorConfig.STATE_DIR, stateDir.toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, String.valueOf(batchMaxRecords));
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "50");
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    return ProcessorConfig.of(c);
  }

  /** Puts these four topics into a processor configuration under their {@code topic.*} keys. */
  public void putInto(Map<String, ? super String> config) {
    config.put(ProcessorConfig.TOPIC_INPUT, input);
    config.put(ProcessorConfig.TOPIC_SENTIMENT, sentiment);
    config.put(ProcessorConfig.TOPIC_ENTITIES, entities);
    config.put(ProcessorConfig.TOPIC_DEAD_LETTER, deadLetter);
  }

  /** Returns the three output topics. */
  public List<String> outputs() {
    return List.of(sentiment, entities, deadLetter);
  }
}
