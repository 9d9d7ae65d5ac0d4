package io.streambert.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.StreamsProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassThroughKeysTest {

  private static Map<String, Object> required() {
    Map<String, Object> values = new HashMap<>();
    values.put(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081");
    values.put(ProcessorConfig.MODEL_BUNDLE_PATH, "/models/minilm");
    return values;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafka.processing.guarantee=at_least_once",
        "kafka.application.id=other",
        "kafka.bootstrap.servers=elsewhere:9092",
        "kafka.num.stream.threads=4",
        "kafka.commit.interval.ms=60000",
        "kafka.state.dir=/tmp/x",
        "kafka.default.value.serde=org.apache.kafka.common.serialization.Serdes$StringSerde",
        "kafka.default.key.serde=org.apache.kafka.common.serialization.Serdes$StringSerde",
        "kafka.deserialization.exception.handler=x.LogAndContinue",
        "kafka.default.deserialization.exception.handler=x.LogAndContinue",
        "kafka.production.exception.handler=x.AlwaysContinue",
        "kafka.processing.exception.handler=x.LogAndContinue",
        "kafka.errors.dead.letter.queue.topic.name=dlq",
        "kafka.default.timestamp.extractor=x.Extractor",
        "kafka.acks=1",
        "kafka.producer.acks=0",
        "kafka.enable.idempotence=false",
        "kafka.producer.transactional.id=mine",
        "kafka.isolation.level=read_uncommitted",
        "kafka.main.consumer.isolation.level=read_uncommitted",
        "kafka.consumer.enable.auto.commit=true",
        "kafka.value.deserializer=x.Deserializer"
      })
  void shouldRefuseAPassThroughKeyThatOverridesWhatCorrectnessDependsOn(String setting) {
    String key = setting.substring(0, setting.indexOf('='));
    Map<String, Object> values = required();
    values.put(key, setting.substring(setting.indexOf('=') + 1));

    assertThatThrownBy(() -> ProcessorConfig.of(values))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Refused pass-through configuration")
        .hasMessageContaining("'" + key + "': ");
  }

  @Test
  void shouldNameTheProcessorKeyToUseInstead() {
    Map<String, Object> values = required();
    values.put("kafka.processing.guarantee", "at_least_once");

    assertThatThrownBy(() -> ProcessorConfig.of(values))
        .hasMessageContaining("set the processor key 'processing.guarantee' instead");
  }

  @Test
  void shouldRefuseAKeyFromTheEnvironmentToo() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null,
                    Map.of(
                        "STREAMBERT_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
                        "STREAMBERT_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081",
                        "STREAMBERT_MODEL_BUNDLE_PATH", "/models/minilm",
                        "STREAMBERT_KAFKA_PRODUCER_ACKS", "1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'kafka.producer.acks': results are acknowledged by all");
  }

  @Test
  void shouldAcceptTheValuesThatKeepTheGuarantees() {
    Map<String, Object> values = required();
    values.put("kafka.acks", "all");
    values.put("kafka.producer.acks", "-1");
    values.put("kafka.enable.idempotence", "true");
    values.put("kafka.main.consumer.isolation.level", "read_committed");

    ProcessorConfig config = ProcessorConfig.of(values);

    assertThat(config.kafkaOverrides())
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true");
  }

  @Test
  void shouldPassSecurityAndTuningKeysToKafkaStreams() {
    Map<String, Object> values = required();
    values.put("kafka.security.protocol", "SASL_SSL");
    values.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
    values.put(
        "kafka.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
            + " password=\"p\";");
    values.put("kafka.ssl.truststore.location", "/etc/kafka/truststore.p12");
    values.put("kafka.ssl.truststore.password", "changeit");
    values.put("kafka.max.request.size", "2097152");
    values.put("kafka.group.instance.id", "pod-0");

    Properties streams = StreamsProperties.of(ProcessorConfig.of(values));

    assertThat(streams)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("max.request.size", "2097152")
        .containsEntry("group.instance.id", "pod-0")
        .containsKey("sasl.jaas.config");
    assertThat(streams.get("processing.guarantee")).isEqualTo("exactly_once_v2");
  }

  @Test
  void shouldPassTheTransactionTimeoutAndPollIntervalToKafkaStreams() {
    // Given: the limits a long registry outage outlasts (LongRegistryOutageIT), bare and prefixed
    Map<String, Object> values = required();
    values.put("kafka.transaction.timeout.ms", "10000");
    values.put("kafka.producer.transaction.timeout.ms", "20000");
    values.put("kafka.max.poll.interval.ms", "15000");
    values.put("kafka.main.consumer.max.poll.interval.ms", "30000");

    // When
    Properties streams = StreamsProperties.of(ProcessorConfig.of(values));

    // Then: accepted and passed on as given
    assertThat(streams)
        .containsEntry("transaction.timeout.ms", "10000")
        .containsEntry("producer.transaction.timeout.ms", "20000")
        .containsEntry("max.poll.interval.ms", "15000")
        .containsEntry("main.consumer.max.poll.interval.ms", "30000");
  }

  @Test
  void shouldListEveryRefusedKeyInTheConfigTable() {
    String table = ConfigDocs.markdownTable();

    for (String key : PassThroughKeys.refusedKeys()) {
      assertThat(table).contains("`" + key + "`");
    }
  }
}
