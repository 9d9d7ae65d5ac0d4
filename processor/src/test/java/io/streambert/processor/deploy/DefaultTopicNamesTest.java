package io.streambert.processor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.ProcessorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The processor, compose and the local stack agree on one default name per topic. */
class DefaultTopicNamesTest {

  private static final Map<String, Boolean> TOPICS =
      Map.of(
          "text-in", false,
          "sentiment", false,
          "entities", false,
          "dead-letter", false,
          "model-status", false,
          "model-releases", true);

  @Test
  void shouldCreateTheSameTopicsInComposeAndTheLocalStack() {
    assertThat(DeployedTopics.compose()).isEqualTo(TOPICS);
    assertThat(DeployedTopics.createTopicsScript()).isEqualTo(TOPICS);
  }

  @Test
  void shouldDefaultTheProcessorsTopicsToTheCreatedOnes() {
    Map<String, Object> defaults = ProcessorConfig.DEFINITION.defaultValues();

    assertThat(defaults)
        .containsEntry(ProcessorConfig.TOPIC_INPUT, "text-in")
        .containsEntry(ProcessorConfig.TOPIC_SENTIMENT, "sentiment")
        .containsEntry(ProcessorConfig.TOPIC_ENTITIES, "entities")
        .containsEntry(ProcessorConfig.TOPIC_DEAD_LETTER, "dead-letter");
    defaults.forEach(
        (key, value) -> {
          if (key.startsWith("topic.")) {
            assertThat(TOPICS).as(key).containsKey((String) value);
          }
        });
  }
}
