package io.streambert.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigTest {

  @Test
  void shouldReadConfluentKeysWhenBuiltFromProperties() {
    RegistryConfig config =
        RegistryConfig.fromProperties(
            Map.of(
                "schema.registry.url", "http://a:8081, http://b:8081/",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:s3cr:et",
                "schema.registry.ssl.truststore.location", "/etc/trust.p12",
                "schema.registry.ssl.truststore.password", "changeit",
                "max.retries", 5,
                "retries.wait.ms", "20",
                "retries.max.wait.ms", "400",
                "http.connect.timeout.ms", "1500",
                "http.read.timeout.ms", 2500));

    assertThat(config.urls())
        .containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
    assertThat(config.credentials()).isEqualTo(RegistryCredentials.basic("alice", "s3cr:et"));
    assertThat(config.tls()).isEqualTo(new TlsConfig(Path.of("/etc/trust.p12"), "changeit", null));
    assertThat(config.tls().type()).isEqualTo("PKCS12");
    assertThat(config.maxRetries()).isEqualTo(5);
    assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.maxBackoff()).isEqualTo(Duration.ofMillis(400));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.toString()).doesNotContain("s3cr:et", "changeit");
  }

  @Test
  void shouldUseDefaultsWhenOnlyUrlGiven() {
    RegistryConfig config =
        RegistryConfig.fromProperties(Map.of("schema.registry.url", "http://r"));

    assertThat(config.credentials()).isEqualTo(RegistryCredentials.none());
    assertThat(config.tls()).isNull();
    assertThat(config.maxRetries()).isEqualTo(RegistryConfig.DEFAULT_MAX_RETRIES);
    assertThat(config.requestTimeout()).isEqualTo(RegistryConfig.DEFAULT_REQUEST_TIMEOUT);
  }

  @Test
  void shouldTakeCredentialsFromUrlWhenSourceIsUrl() {
    RegistryConfig config =
        RegistryConfig.fromProperties(
            Map.of(
                "schema.registry.url", "https://bob:pw@registry:8081",
                "basic.auth.credentials.source", "URL"));

    assertThat(config.credentials()).isEqualTo(RegistryCredentials.basic("bob", "pw"));
    assertThat(config.urls()).containsExactly(URI.create("https://registry:8081"));
  }

  @Test
  void shouldUseBearerTokenWhenConfigured() {
    RegistryConfig config =
        RegistryConfig.fromProperties(
            Map.of(
                "schema.registry.url", List.of("http://r"),
                "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", "tok"));

    assertThat(config.credentials().authorizationHeader()).contains("Bearer tok");
  }

  @Test
  void shouldNameTheKeyWhenPropertiesAreWrong() {
    assertThatThrownBy(() -> RegistryConfig.fromProperties(Map.of()))
        .hasMessage("Missing required property schema.registry.url");
    assertThatThrownBy(() -> RegistryConfig.fromProperties(Map.of("schema.registry.url", "r:1")))
        .hasMessage("Registry URL must start with http:// or https://, found 'r:1'");
    assertThatThrownBy(
            () ->
                RegistryConfig.fromProperties(
                    Map.of(
                        "schema.registry.url", "http://r",
                        "basic.auth.credentials.source", "SASL_INHERIT")))
        .hasMessage("basic.auth.credentials.source must be USER_INFO or URL, found 'SASL_INHERIT'");
    assertThatThrownBy(
            () ->
                RegistryConfig.fromProperties(
                    Map.of(
                        "schema.registry.url", "http://r",
                        "basic.auth.user.info", "a:b",
                        "bearer.auth.token", "t")))
        .hasMessageContaining("either basic auth or bearer.auth.token");
    assertThatThrownBy(
            () ->
                RegistryConfig.fromProperties(
                    Map.of("schema.registry.url", "http://r", "basic.auth.user.info", "nocolon")))
        .hasMessage("Basic auth user info must be 'user:password', found a value without ':'");
    assertThatThrownBy(
            () ->
                RegistryConfig.fromProperties(
                    Map.of("schema.registry.url", "http://r", "max.retries", "many")))
        .hasMessage("max.retries must be an integer, found 'many'");
  }

  @Test
  void shouldBuildSslContextWhenTruststoreIsReadable(@TempDir Path dir) throws Exception {
    // Given an (empty) PKCS12 truststore with a password
    Path file = dir.resolve("trust.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, "pw".toCharArray());
    }

    // Then the right password builds a context and a wrong one names the file
    assertThat(new TlsConfig(file, "pw", null).sslContext().getProtocol()).isEqualTo("TLS");
    assertThatThrownBy(() -> new TlsConfig(file, "wrong", null).sslContext())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot load PKCS12 truststore " + file);
    assertThatThrownBy(() -> new TlsConfig(dir.resolve("missing.p12"), "pw", "PKCS12").sslContext())
        .hasMessageContaining("missing.p12");
  }
}
