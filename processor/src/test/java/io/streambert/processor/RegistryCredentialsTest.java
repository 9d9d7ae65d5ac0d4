package io.streambert.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.config.InvalidConfigException;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import io.streambert.processor.topology.Topics;
import io.streambert.schemas.DeadLetters;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The processor's registry settings reach the registry client (credentials, truststore,
 * auto-registration) and never repeat a secret in what they print.
 */
class RegistryCredentialsTest {

  private static final String PASSWORD = "pr0cess0r-s3cret";

  private static Map<String, Object> config(String url) {
    Map<String, Object> values = new HashMap<>();
    values.put(ProcessorConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_URL, url);
    values.put(ProcessorConfig.MODEL_BUNDLE_PATH, "/models/minilm");
    return values;
  }

  @Test
  void shouldNotRepeatCredentialsOfAnInvalidRegistryUrl() {
    assertThatThrownBy(() -> ProcessorConfig.of(config("ftp://bob:" + PASSWORD + "@registry:1")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("ftp://***@registry:1")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldHidePasswordsOfTheUserInfoKeyAndOfTheUrl() {
    Map<String, Object> values = config("http://bob:" + PASSWORD + "@127.0.0.1:8081");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_USER_INFO, "bob:" + PASSWORD);
    ProcessorConfig config = ProcessorConfig.of(values);

    SchemaRegistryClient client = RegistryClients.of(config);

    assertThat(config.toString()).doesNotContain(PASSWORD);
    assertThat(client.toString()).contains("user=bob").doesNotContain(PASSWORD);
  }

  @Test
  void shouldSendTheBearerTokenWithoutPrintingIt() {
    Map<String, Object> values = config("https://registry.example:8081");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_BEARER_TOKEN, PASSWORD);
    ProcessorConfig config = ProcessorConfig.of(values);

    Map<String, Object> props = RegistryClients.properties(config);
    SchemaRegistryClient client = RegistryClients.of(config);

    assertThat(props)
        .containsEntry(RegistryConfig.BEARER_AUTH_SOURCE, "STATIC_TOKEN")
        .containsEntry(RegistryConfig.BEARER_AUTH_TOKEN, PASSWORD);
    assertThat(config.toString()).doesNotContain(PASSWORD);
    assertThat(client.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void shouldHandTheTruststoreToTheRegistryClientHidingItsPassword() {
    Map<String, Object> values = config("https://registry.example:8081");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, "/etc/streambert/trust.jks");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, PASSWORD);
    values.put(ProcessorConfig.SCHEMA_REGISTRY_TRUSTSTORE_TYPE, "JKS");
    ProcessorConfig config = ProcessorConfig.of(values);

    assertThat(RegistryClients.properties(config))
        .containsEntry(RegistryConfig.TRUSTSTORE_LOCATION, "/etc/streambert/trust.jks")
        .containsEntry(RegistryConfig.TRUSTSTORE_PASSWORD, PASSWORD)
        .containsEntry(RegistryConfig.TRUSTSTORE_TYPE, "JKS");
    assertThat(config.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void shouldRefuseBasicAndBearerCredentialsTogether() {
    Map<String, Object> values = config("http://127.0.0.1:8081");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_USER_INFO, "bob:" + PASSWORD);
    values.put(ProcessorConfig.SCHEMA_REGISTRY_BEARER_TOKEN, PASSWORD);

    assertThatThrownBy(() -> ProcessorConfig.of(values))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining(ProcessorConfig.SCHEMA_REGISTRY_USER_INFO)
        .hasMessageContaining(ProcessorConfig.SCHEMA_REGISTRY_BEARER_TOKEN)
        .hasMessageContaining("found both set")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldRegisterOutputSchemasOnlyWhenAutoRegisterIsOn() {
    Map<String, Object> values = config("http://127.0.0.1:8081");
    values.put(ProcessorConfig.SCHEMA_REGISTRY_AUTO_REGISTER, "false");
    assertThat(ProcessorConfig.of(values).schemaRegistryAutoRegister()).isFalse();
    assertThat(ProcessorConfig.of(config("http://127.0.0.1:8081")).schemaRegistryAutoRegister())
        .isTrue();

    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    Topics lookupOnly = Topics.create("text-in", "sentiment", "entities", "dlq", registry, false);
    Topics registering = Topics.create("text-in", "sentiment", "entities", "dlq", registry, true);
    DeadLetter letter =
        DeadLetters.of(
            "text-in", 0, 1L, null, new byte[] {1}, new RuntimeException("x"), Instant.EPOCH);

    assertThatThrownBy(
            () -> lookupOnly.deadLetter().valueSerde().serializer().serialize("dlq", letter))
        .isInstanceOf(SchemaRegistryException.class);
    registering.deadLetter().valueSerde().serializer().serialize("dlq", letter);
    assertThat(lookupOnly.deadLetter().valueSerde().serializer().serialize("dlq", letter))
        .isNotEmpty();
  }
}
