package io.streambert.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.processor.config.InvalidConfigException;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The processor's registry settings never repeat the registry password in what they print. */
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

    SchemaRegistryClient client = StreambertApp.registryClient(config);

    assertThat(config.toString()).doesNotContain(PASSWORD);
    assertThat(client.toString()).contains("user=bob").doesNotContain(PASSWORD);
  }
}
