package io.streambert.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials (basic auth in a key or in any URL, bearer tokens) never show in a config's
 * or credential's {@code toString}, an exception's message or stack trace, or the log.
 */
class CredentialRedactionTest {

  private static final String PASSWORD = "s3cr3t-Pa55";
  private static final String TOKEN = "tok-9f8e7d6c5b4a";

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLog() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    root.detachAppender(logged);
  }

  @Test
  void shouldTakeTheUserInfoOutOfEveryConfiguredUrl() throws Exception {
    String dead = "http://127.0.0.1:" + deadPort();
    try (StubHttpServer stub = new StubHttpServer()) {
      String withCredentials = "http://alice:" + PASSWORD + "@" + stub.url().substring(7);
      Map<String, Object> props = new HashMap<>();
      props.put(
          RegistryConfig.URL,
          "http://alice:" + PASSWORD + "@" + dead.substring(7) + "," + withCredentials);
      props.put(RegistryConfig.BASIC_AUTH_SOURCE, "URL");
      props.put(RegistryConfig.MAX_RETRIES, 1);
      props.put(RegistryConfig.RETRIES_WAIT_MS, 1);
      RegistryConfig config = RegistryConfig.fromProperties(props);
      stub.respond(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");

      assertThat(config.urls()).allSatisfy(u -> assertThat(u.getRawUserInfo()).isNull());
      assertThat(config.credentials()).isEqualTo(RegistryCredentials.basic("alice", PASSWORD));
      Throwable failure = failureOf(() -> new RestSchemaRegistryClient(config).getSchemaById(7));

      assertThat(stub.requests()).hasSize(1);
      assertThat(stub.requests().get(0).authorization()).startsWith("Basic ");
      assertNoSecret(config.toString(), describe(failure));
    }
  }

  @Test
  void shouldKeepBasicCredentialsOutOfMessagesForOutagesAndRefusals() throws Exception {
    try (StubHttpServer stub = new StubHttpServer()) {
      RegistryConfig config =
          RegistryConfig.fromProperties(
              Map.of(
                  RegistryConfig.URL,
                  stub.url() + ",http://127.0.0.1:" + deadPort(),
                  RegistryConfig.BASIC_AUTH_USER_INFO,
                  "alice:" + PASSWORD,
                  RegistryConfig.MAX_RETRIES,
                  2,
                  RegistryConfig.RETRIES_WAIT_MS,
                  1));
      stub.respond(500, "{\"error_code\":50001,\"message\":\"down\"}")
          .respond(500, "{\"error_code\":50001,\"message\":\"down\"}")
          .respond(403, "{\"error_code\":40301,\"message\":\"Forbidden\"}");
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(config);

      Throwable outage = failureOf(() -> client.getSchemaById(1));
      Throwable refused = failureOf(() -> client.getSchemaById(2));

      assertNoSecret(
          config.toString(),
          config.credentials().toString(),
          client.toString(),
          describe(outage),
          describe(refused));
    }
  }

  @Test
  void shouldKeepTheBearerTokenOutOfMessages() throws Exception {
    try (StubHttpServer stub = new StubHttpServer()) {
      RegistryConfig config =
          RegistryConfig.fromProperties(
              Map.of(
                  RegistryConfig.URL,
                  stub.url(),
                  RegistryConfig.BEARER_AUTH_SOURCE,
                  "STATIC_TOKEN",
                  RegistryConfig.BEARER_AUTH_TOKEN,
                  TOKEN,
                  RegistryConfig.MAX_RETRIES,
                  0));
      stub.respond(401, "{\"error_code\":40101,\"message\":\"bad token\"}");

      Throwable refused = failureOf(() -> new RestSchemaRegistryClient(config).getSchemaById(3));

      assertThat(stub.requests().get(0).authorization()).isEqualTo("Bearer " + TOKEN);
      assertNoSecret(config.toString(), config.credentials().toString(), describe(refused));
    }
  }

  @Test
  void shouldRedactCredentialsInMalformedUrls() {
    List<String> messages = new ArrayList<>();
    for (String url :
        List.of(
            "ftp://alice:" + PASSWORD + "@registry:8081",
            "http://alice:" + PASSWORD + "@regi stry:8081",
            "alice:" + PASSWORD + "@registry:8081")) {
      Throwable failure =
          failureOf(
              () ->
                  RegistryConfig.fromProperties(
                      Map.of(RegistryConfig.URL, url, RegistryConfig.BASIC_AUTH_SOURCE, "URL")));
      assertThat(failure).isInstanceOf(IllegalArgumentException.class);
      messages.add(describe(failure));
    }

    assertThat(messages.get(0)).contains("must start with http:// or https://");
    assertThat(messages.get(1)).contains("not a valid URL");
    assertNoSecret(messages.toArray(String[]::new));
  }

  @Test
  void shouldRefuseABuilderUrlWithUserInfoWithoutRepeatingIt() {
    assertThatThrownBy(() -> RegistryConfig.of("http://alice:" + PASSWORD + "@registry:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry user:password@")
        .hasMessageContaining("http://***@registry:8081")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldShowUrlsWithoutUserInfo() {
    assertThat(RedactedUrl.of("https://u:p@h:1/x")).isEqualTo("https://***@h:1/x");
    assertThat(RedactedUrl.of("https://h:1/x@y")).isEqualTo("https://h:1/x@y");
    assertThat(RedactedUrl.of("u:p@h:1")).isEqualTo("***@h:1");
    assertThat(URI.create(RedactedUrl.withoutUserInfo("http://u:p@h:1")).getRawUserInfo()).isNull();
  }

  private void assertNoSecret(String... texts) {
    List<String> everything = new ArrayList<>(List.of(texts));
    for (ILoggingEvent event : logged.list) {
      everything.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        everything.add(event.getThrowableProxy().getMessage());
      }
    }
    assertThat(everything).isNotEmpty();
    for (String text : everything) {
      assertThat(text).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  private static Throwable failureOf(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  /** The message and full stack trace of {@code t}, causes included. */
  private static String describe(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return t.getMessage() + "\n" + out;
  }

  private static int deadPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
