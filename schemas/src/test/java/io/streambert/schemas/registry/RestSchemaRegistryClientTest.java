package io.streambert.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.time.Duration;
import org.apache.avro.Schema;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  private static final Schema SCHEMA = TextEvent.getClassSchema();

  private StubHttpServer stub;

  @BeforeEach
  void startStub() {
    stub = new StubHttpServer();
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  @Test
  void shouldNotCallRegistryAgainWhenSchemaOrIdIsCached() {
    try (MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
      // Given a client that registered a schema
      RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
      int id = client.register("t-value", SCHEMA);
      long afterRegister = registry.requestCount();

      // When the same schema, its id and its lookup are asked again
      assertThat(client.register("t-value", SCHEMA)).isEqualTo(id);
      assertThat(client.getId("t-value", SCHEMA)).isEqualTo(id);
      assertThat(client.getSchemaById(id)).isEqualTo(SCHEMA);

      // Then no further HTTP call was made
      assertThat(afterRegister).isEqualTo(1);
      assertThat(registry.requestCount()).isEqualTo(1);

      // And a fresh client fetches an id once, then serves it from its cache
      RestSchemaRegistryClient other =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
      other.getSchemaById(id);
      other.getSchemaById(id);
      other.getId("t-value", SCHEMA);
      other.getId("t-value", SCHEMA);
      assertThat(registry.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void shouldAskEveryTimeWhenFetchingLatestVersion() {
    try (MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
      RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
      int id = client.register("t-value", SCHEMA);

      SchemaMetadata latest = client.getLatestSchemaMetadata("t-value");
      client.getLatestSchemaMetadata("t-value");

      assertThat(latest).isEqualTo(new SchemaMetadata("t-value", id, 1, SCHEMA));
      assertThat(registry.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void shouldRetryWithBackoffWhenRegistryAnswers503ThenSucceeds() {
    // Given a registry that is briefly unavailable, then rate-limits, then answers
    stub.respond(503, "{\"error_code\":50003,\"message\":\"unavailable\"}")
        .respond(429, "{\"error_code\":42901,\"message\":\"slow down\"}")
        .respond(200, "{\"id\":5}");
    RestSchemaRegistryClient client = client(builder().optBackoff(ms(50), ms(1000)));
    long start = System.nanoTime();

    // When registering
    int id = client.register("t-value", SCHEMA);

    // Then it waited 50 ms and 100 ms between the three attempts, and got the id
    assertThat(id).isEqualTo(5);
    assertThat(stub.requests()).hasSize(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ms(150));
  }

  @Test
  void shouldGiveUpWhenServerErrorsOutlastRetries() {
    stub.respond(500, "oops").respond(502, "<html>bad gateway</html>").respond(500, "oops");
    RestSchemaRegistryClient client = client(builder().optMaxRetries(2).optBackoff(ms(1), ms(1)));

    assertThatThrownBy(() -> client.getSchemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(500);
              assertThat(e.errorCode()).isEqualTo(-1);
            })
        .hasMessageContaining("fetch schema id 1")
        .hasMessageContaining("returned HTTP 500: oops")
        .hasMessageEndingWith("(gave up after 3 attempts)");
    assertThat(stub.requests()).hasSize(3);
  }

  @Test
  void shouldNotRetryWhenRegistryAnswers404Or409() {
    stub.respond(404, "{\"error_code\":40401,\"message\":\"Subject 't-value' not found.\"}")
        .respond(409, "{\"error_code\":409,\"message\":\"incompatible\"}");
    RestSchemaRegistryClient client = client(builder().optBackoff(ms(1), ms(1)));

    assertThatThrownBy(() -> client.getId("t-value", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isSubjectNotFound()).isTrue());
    assertThat(stub.requests()).hasSize(1);
    assertThatThrownBy(() -> client.register("t-value", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
    assertThat(stub.requests()).hasSize(2);
  }

  @Test
  void shouldTryNextUrlWhenFirstRegistryIsDown() {
    // Given a first URL where nothing listens
    String deadUrl;
    try (StubHttpServer dead = new StubHttpServer()) {
      deadUrl = dead.url();
    }
    stub.respond(200, "{\"schema\":" + quote(SCHEMA.toString()) + "}");
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            RegistryConfig.builder(deadUrl).optUrl(stub.url()).optBackoff(ms(1), ms(1)).build());

    // When fetching, then the second URL answers
    assertThat(client.getSchemaById(3)).isEqualTo(SCHEMA);
    assertThat(stub.requests()).hasSize(1);
  }

  @Test
  void shouldFailWithoutStatusWhenRequestTimesOut() {
    stub.respondAfter(1000, 200, "{\"id\":1}");
    RestSchemaRegistryClient client = client(builder().optMaxRetries(0).optRequestTimeout(ms(200)));

    assertThatThrownBy(() -> client.register("t-value", SCHEMA))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(-1);
              assertThat(e.isTransient()).isTrue();
            })
        .hasMessageContaining("got no response");
  }

  @Test
  void shouldMapConfluentErrorCodesWhenRealRegistryRefuses() {
    try (MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
      RestSchemaRegistryClient client =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));

      assertError(() -> client.getLatestSchemaMetadata("missing-value"), 404, 40401)
          .hasMessage(
              "Failed to fetch the latest version of subject 'missing-value': GET "
                  + registry.url()
                  + "/subjects/missing-value/versions/latest returned HTTP 404 error_code 40401:"
                  + " Subject 'missing-value' not found.");
      assertError(() -> client.getSchemaById(12345), 404, 40403)
          .hasMessageContaining("fetch schema id 12345");

      client.register("t-value", SCHEMA);
      assertError(() -> client.getId("t-value", SentimentResult.getClassSchema()), 404, 40403);
      assertError(() -> client.register("t-value", SentimentResult.getClassSchema()), 409, 409)
          .hasMessageContaining("register schema io.streambert.schemas.avro.SentimentResult");
      Schema otherRecord = Schema.createRecord("Other", null, "x", false, java.util.List.of());
      assertThat(client.testCompatibility("t-value", SCHEMA)).isTrue();
      assertThat(client.testCompatibility("t-value", otherRecord)).isFalse();
    }
  }

  @Test
  void shouldMapInvalidSchemaWhenRegistryAnswers42201() {
    stub.respond(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

    assertError(() -> client(builder()).register("t-value", SCHEMA), 422, 42201)
        .hasMessageContaining("Invalid schema");
  }

  @Test
  void shouldSendBasicAuthHeaderWhenUserInfoConfigured() {
    stub.respond(200, "{\"id\":1}");

    client(builder().optBasicAuth("user", "pass")).register("t-value", SCHEMA);

    StubHttpServer.Request request = stub.requests().get(0);
    assertThat(request.authorization()).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/t-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.body()).isEqualTo("{\"schema\":" + quote(SCHEMA.toString()) + "}");
  }

  @Test
  void shouldSendBearerHeaderWhenTokenConfigured() {
    stub.respond(200, "{\"is_compatible\":true}");

    client(builder().optBearerToken("tok-123")).testCompatibility("a b/c", SCHEMA);

    StubHttpServer.Request request = stub.requests().get(0);
    assertThat(request.authorization()).isEqualTo("Bearer tok-123");
    assertThat(request.path()).isEqualTo("/compatibility/subjects/a%20b%2Fc/versions/latest");
  }

  @Test
  void shouldSendNoAuthHeaderWhenNoCredentials() {
    stub.respond(200, "{\"id\":1}");

    client(builder()).register("t-value", SCHEMA);

    assertThat(stub.requests().get(0).authorization()).isNull();
  }

  private RegistryConfig.Builder builder() {
    return RegistryConfig.builder(stub.url());
  }

  private static RestSchemaRegistryClient client(RegistryConfig.Builder builder) {
    return new RestSchemaRegistryClient(builder.build());
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertError(
      ThrowingCallable call, int status, int code) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(status);
              assertThat(e.errorCode()).isEqualTo(code);
            });
  }

  private static String quote(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
