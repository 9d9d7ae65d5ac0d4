package io.streambert.processor.it;

import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The config a child processor instance needs to follow a release topic under exactly-once, shared
 * by RolloutIT and the rollout benchmark so both run instances the same way.
 */
public final class RolloutInstanceConfig {

  private RolloutInstanceConfig() {}

  /**
   * Returns a mutable map, so a caller can add what only it sets (batch bounds, client ids). The
   * release and status topics are those of {@code topics} ({@link
   * PipelineTopics#createRolloutTopics}).
   *
   * @param stateDir the Kafka Streams state folder of this instance alone
   */
  public static Map<String, String> of(
      KafkaBroker broker,
      MiniSchemaRegistry registry,
      PipelineTopics topics,
      RolloutBundles bundles,
      String applicationId,
      String instance,
      Path stateDir) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, applicationId);
    topics.putInto(c);
    c.put(ProcessorConfig.TOPIC_RELEASES, topics.releases());
    c.put(ProcessorConfig.TOPIC_STATUS, topics.status());
    c.put(ProcessorConfig.INSTANCE_ID, instance);
    c.put("model.store.trusted.prefixes", bundles.trustedPrefix());
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.STATE_DIR, stateDir.toString());
    c.put(ProcessorConfig.HTTP_PORT, "-1");
    return c;
  }
}
