package io.streambert.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorConfigTest {

  @TempDir Path dir;

  private Path file(String content) throws IOException {
    Path f = dir.resolve("processor.properties");
    Files.writeString(f, content);
    return f;
  }

  private static final String REQUIRED =
      "bootstrap.servers=127.0.0.1:9092\n"
          + "schema.registry.url=http://127.0.0.1:8081\n"
          + "model.bundle.path=/models/minilm\n";

  @Test
  void shouldApplyDocumentedDefaults() throws IOException {
    ProcessorConfig c = ConfigLoader.load(file(REQUIRED), Map.of());

    assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
    assertThat(c.batchSettings(1).maxRecords()).isEqualTo(32);
    assertThat(c.batchSettings(1).maxTokens()).isEqualTo(4096);
    assertThat(c.batchSettings(1).maxWait()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.inputLimits().textMaxBytes()).isEqualTo(100_000);
    assertThat(c.batchSettings(1).storeKind()).isEqualTo(BatchSettings.StoreKind.ROCKSDB);
    assertThat(c.executionProvider()).isEqualTo(RequestedProvider.AUTO);
    assertThat(c.numStreamThreads()).isEqualTo(1);
    assertThat(c.inputTopic()).isEqualTo("text-in");
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.schemaRegistryUserInfo()).isEmpty();
    assertThat(c.kafkaOverrides()).isEmpty();
  }

  @Test
  void shouldResolveBatchesInFlightToOneMoreThanTheConcurrentPassesUnlessConfigured()
      throws IOException {
    ProcessorConfig auto = ConfigLoader.load(file(REQUIRED), Map.of());
    assertThat(auto.batchSettings(2).maxInFlight()).isEqualTo(3);
    assertThat(auto.batchSettings(1).maxInFlight()).isEqualTo(2);
    assertThat(auto.batchSettings(Integer.MAX_VALUE).maxInFlight())
        .isEqualTo(ProcessorConfig.MAX_BATCHES_IN_FLIGHT);
    assertThat(auto.batchSettings(16).maxInFlight())
        .isEqualTo(ProcessorConfig.MAX_BATCHES_IN_FLIGHT);

    ProcessorConfig fixed = ConfigLoader.load(file(REQUIRED + "batch.max.in.flight=3\n"), Map.of());
    assertThat(fixed.batchSettings(1).maxInFlight()).isEqualTo(3);
    assertThatThrownBy(() -> fixed.batchSettings(0)).hasMessageContaining("found 0");
  }

  @Test
  void shouldReadEnumeratedKeysAsEnums() throws IOException {
    ProcessorConfig c =
        ConfigLoader.load(
            file(
                REQUIRED
                    + "processing.guarantee=at_least_once\nbatch.store=in_memory\n"
                    + "model.execution.provider=cuda\n"),
            Map.of());

    assertThat(c.processingGuarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
    assertThat(c.processingGuarantee().streamsValue()).isEqualTo("at_least_once");
    assertThat(c.batchSettings(1).storeKind()).isEqualTo(BatchSettings.StoreKind.IN_MEMORY);
    assertThat(c.executionProvider()).isEqualTo(RequestedProvider.CUDA);
  }

  @Test
  void shouldLetEnvironmentOverrideTheFile() throws IOException {
    Path f = file(REQUIRED + "batch.max.records=8\nmodel.execution.provider=cpu\n");

    ProcessorConfig c =
        ConfigLoader.load(
            f,
            Map.of(
                "STREAMBERT_BATCH_MAX_RECORDS", "64",
                "STREAMBERT_TOPIC_DEAD_LETTER", "dlq",
                "STREAMBERT_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "u:secret",
                "STREAMBERT_HOME", "/ignored",
                "PATH", "/usr/bin"));

    assertThat(c.batchSettings(1).maxRecords()).isEqualTo(64);
    assertThat(c.deadLetterTopic()).isEqualTo("dlq");
    assertThat(c.executionProvider()).isEqualTo(RequestedProvider.CPU);
    assertThat(c.schemaRegistryUserInfo()).contains("u:secret");
  }

  @Test
  void shouldPassKafkaPrefixedKeysThroughFromFileAndEnvironment() throws IOException {
    Path f = file(REQUIRED + "kafka.max.poll.records=250\nkafka.linger.ms=5\n");

    ProcessorConfig c = ConfigLoader.load(f, Map.of("STREAMBERT_KAFKA_LINGER_MS", "20"));

    assertThat(c.kafkaOverrides())
        .containsEntry("max.poll.records", "250")
        .containsEntry("linger.ms", "20");
  }

  @Test
  void shouldNameTheMissingRequiredKey() throws IOException {
    Path f = file("bootstrap.servers=127.0.0.1:9092\n");

    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void shouldLeaveTheBootstrapBundleOptional() throws IOException {
    Path f = file("bootstrap.servers=127.0.0.1:9092\nschema.registry.url=http://r:8081\n");

    ProcessorConfig c = ConfigLoader.load(f, Map.of());

    assertThat(c.bundlePath()).isEmpty();
    assertThat(c.releasesTopic()).isEqualTo("model-releases");
    assertThat(c.statusTopic()).isEqualTo("model-status");
  }

  @Test
  void shouldTakeTheInstanceIdFromTheGroupInstanceIdWhenUnset() throws IOException {
    Path f =
        file(
            "bootstrap.servers=127.0.0.1:9092\nschema.registry.url=http://r:8081\n"
                + "group.instance.id=pod-3\n");

    assertThat(ConfigLoader.load(f, Map.of()).instanceId()).isEqualTo("pod-3");
    assertThat(ConfigLoader.load(f, Map.of("STREAMBERT_INSTANCE_ID", "canary-1")).instanceId())
        .isEqualTo("canary-1");
  }

  @Test
  void shouldRejectOutOfRangeValueWithKeyValueAndExpectation() throws IOException {
    Path f = file(REQUIRED + "batch.max.records=0\n");

    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("batch.max.records")
        .hasMessageContaining("0")
        .hasMessageContaining("at least 1");
  }

  @Test
  void shouldRejectValueOfWrongType() throws IOException {
    Path f = file(REQUIRED + "batch.max.wait.ms=soon\n");

    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("batch.max.wait.ms")
        .hasMessageContaining("soon");
  }

  @Test
  void shouldRejectUnknownProviderAndGuarantee() throws IOException {
    assertThatThrownBy(
            () -> ConfigLoader.load(file(REQUIRED + "model.execution.provider=tpu\n"), Map.of()))
        .hasMessageContaining("model.execution.provider")
        .hasMessageContaining("tpu")
        .hasMessageContaining("cuda");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(file(REQUIRED + "processing.guarantee=exactly_once\n"), Map.of()))
        .hasMessageContaining("processing.guarantee");
  }

  @Test
  void shouldRejectMisspelledKeyListingTheKnownOnes() throws IOException {
    Path f = file(REQUIRED + "batch.max.record=10\n");

    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Unknown configuration key 'batch.max.record'")
        .hasMessageContaining("batch.max.records");
  }

  @Test
  void shouldRejectBootstrapServersWithoutPort() throws IOException {
    Path f = file(REQUIRED.replace("127.0.0.1:9092", "broker-without-port"));

    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessageContaining("bootstrap.servers")
        .hasMessageContaining("host:port");
  }

  @Test
  void shouldReportMissingFile() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("nope.properties")
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldNameEnvironmentVariablesAfterKeys() {
    assertThat(ConfigLoader.envName("batch.max.records")).isEqualTo("STREAMBERT_BATCH_MAX_RECORDS");
  }

  @Test
  void shouldTakeTheStaticMemberIdFromTheEnvironmentAndRejectABlankOne() throws IOException {
    assertThat(ConfigLoader.load(file(REQUIRED), Map.of()).groupInstanceId()).isEmpty();
    assertThat(
            ConfigLoader.load(file(REQUIRED), Map.of("STREAMBERT_GROUP_INSTANCE_ID", "pod-2"))
                .groupInstanceId())
        .contains("pod-2");
    assertThatThrownBy(() -> ConfigLoader.load(file(REQUIRED + "group.instance.id=\n"), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("group.instance.id");
  }

  @Test
  void shouldRetryAReleaseWhoseStoreWasUnavailableAfterACappedBackoff() throws IOException {
    ProcessorConfig defaults = ConfigLoader.load(file(REQUIRED), Map.of());
    assertThat(defaults.storeRetryWaits().first()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.storeRetryWaits().max()).isEqualTo(Duration.ofMinutes(10));

    ProcessorConfig set =
        ConfigLoader.load(
            file(
                REQUIRED
                    + "model.store.retry.backoff.ms=2000\nmodel.store.retry.backoff.max.ms=8000\n"),
            Map.of());
    assertThat(set.storeRetryWaits().first()).isEqualTo(Duration.ofSeconds(2));
    assertThat(set.storeRetryWaits().max()).isEqualTo(Duration.ofSeconds(8));

    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    file(
                        REQUIRED
                            + "model.store.retry.backoff.ms=60000\n"
                            + "model.store.retry.backoff.max.ms=1000\n"),
                    Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("model.store.retry.backoff.max.ms")
        .hasMessageContaining("expected at least model.store.retry.backoff.ms (60000)");
  }

  @Test
  void shouldValidateTheCudaMemoryLimitAndArenaStrategy() throws IOException {
    ProcessorConfig c =
        ConfigLoader.load(
            file(REQUIRED + "model.cuda.arena.strategy=same_as_requested\n"),
            Map.of("STREAMBERT_MODEL_CUDA_MEMORY_LIMIT_BYTES", "1073741824"));
    assertThat(c.cudaMemoryLimitBytes()).isEqualTo(1_073_741_824L);
    assertThat(c.cudaArenaStrategy()).isEqualTo(CudaArenaGrowth.SAME_AS_REQUESTED);

    assertThatThrownBy(
            () ->
                ConfigLoader.load(file(REQUIRED + "model.cuda.memory.limit.bytes=-1\n"), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("model.cuda.memory.limit.bytes")
        .hasMessageContaining("-1");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(file(REQUIRED + "model.cuda.arena.strategy=greedy\n"), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("model.cuda.arena.strategy")
        .hasMessageContaining("greedy")
        .hasMessageContaining("same_as_requested");
  }
}
