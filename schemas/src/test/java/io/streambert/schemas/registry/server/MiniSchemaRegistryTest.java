package io.streambert.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MiniSchemaRegistryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
  private static final String V2_WITH_DEFAULT =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
          + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";
  private static final String V2_NO_DEFAULT =
      "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
          + "{\"name\":\"b\",\"type\":\"int\"}]}";

  private final HttpClient http = HttpClient.newHttpClient();
  private MiniSchemaRegistry registry;

  @BeforeEach
  void start() {
    registry = new MiniSchemaRegistry().start();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void shouldBindLoopbackOnFreePortWhenStarted() {
    assertThat(registry.url()).startsWith("http://127.0.0.1:");
    assertThat(registry.port()).isPositive();
  }

  @Test
  void shouldKeepIdWhenIdenticalSchemaRegisteredAgain() throws Exception {
    int first = register("s-value", V1).get("id").asInt();
    int again = register("s-value", V1).get("id").asInt();
    int otherSubject = register("other-value", V1).get("id").asInt();
    int next = register("s-value", V2_WITH_DEFAULT).get("id").asInt();

    assertThat(again).isEqualTo(first);
    assertThat(otherSubject).isEqualTo(first);
    assertThat(next).isGreaterThan(first);
    assertThat(call("GET", "/subjects/s-value/versions", null).body()).isEqualTo("[1,2]");
    assertThat(json(call("GET", "/subjects", null))).hasSize(2);
  }

  @Test
  void shouldServeVersionsAndIdsInConfluentShapeWhenRegistered() throws Exception {
    int id = register("s-value", V1).get("id").asInt();

    JsonNode latest = json(call("GET", "/subjects/s-value/versions/latest", null));
    JsonNode first = json(call("GET", "/subjects/s-value/versions/1", null));
    JsonNode byId = json(call("GET", "/schemas/ids/" + id, null));
    JsonNode lookup = json(call("POST", "/subjects/s-value", Map.of("schema", V1)));

    assertThat(latest.get("subject").asText()).isEqualTo("s-value");
    assertThat(latest.get("version").asInt()).isEqualTo(1);
    assertThat(latest.get("id").asInt()).isEqualTo(id);
    assertThat(first).isEqualTo(latest);
    assertThat(lookup).isEqualTo(latest);
    assertThat(byId.get("schema").asText()).isEqualTo(latest.get("schema").asText());
    assertThat(JSON.readTree(byId.get("schema").asText())).isEqualTo(JSON.readTree(V1));
  }

  @Test
  void shouldAnswerConfluentErrorsWhenRequestsFail() throws Exception {
    register("s-value", V1);

    assertError(call("GET", "/subjects/nope/versions", null), 404, 40401)
        .isEqualTo("Subject 'nope' not found.");
    assertError(call("GET", "/schemas/ids/999", null), 404, 40403);
    assertError(call("POST", "/subjects/s-value", Map.of("schema", V2_WITH_DEFAULT)), 404, 40403);
    assertError(call("GET", "/subjects/s-value/versions/7", null), 404, 40402);
    assertError(call("GET", "/subjects/s-value/versions/zero", null), 422, 42202);
    assertError(
        call("POST", "/subjects/s-value/versions", Map.of("schema", "{\"type\":\"nope\"}")),
        422,
        42201);
    assertError(call("POST", "/subjects/s-value/versions", Map.of()), 422, 42201);
    assertError(call("PUT", "/config", Map.of("compatibility", "SOMETIMES")), 422, 42203);
    assertError(call("GET", "/nowhere", null), 404, 404);
  }

  @Test
  void shouldRejectWith409WhenChangeIsIncompatibleUnderBackward() throws Exception {
    register("s-value", V1);

    var response = call("POST", "/subjects/s-value/versions", Map.of("schema", V2_NO_DEFAULT));

    assertError(response, 409, 409).contains("incompatible", "R.b");
    assertThat(compatible("s-value", V2_NO_DEFAULT)).isFalse();
    assertThat(compatible("s-value", V2_WITH_DEFAULT)).isTrue();
    assertThat(compatible("fresh-value", V2_NO_DEFAULT)).isTrue();
  }

  @Test
  void shouldAcceptIncompatibleChangeWhenSubjectLevelIsNone() throws Exception {
    register("s-value", V1);
    assertThat(json(call("GET", "/config", null)).get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");

    JsonNode set = json(call("PUT", "/config/s-value", Map.of("compatibility", "NONE")));
    JsonNode registered = register("s-value", V2_NO_DEFAULT);

    assertThat(set.get("compatibility").asText()).isEqualTo("NONE");
    assertThat(json(call("GET", "/config/s-value", null)).get("compatibilityLevel").asText())
        .isEqualTo("NONE");
    assertThat(json(call("GET", "/config", null)).get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
    assertThat(registered.has("id")).isTrue();
  }

  @Test
  void shouldHandOutDistinctIdsWhenRegisteringConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> ids = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String schema = "{\"type\":\"fixed\",\"name\":\"F" + i + "\",\"size\":" + (i + 1) + "}";
        String subject = "c" + i;
        Callable<Integer> task = () -> register(subject, schema).get("id").asInt();
        ids.add(pool.submit(task));
      }
      Set<Integer> distinct = ConcurrentHashMap.newKeySet();
      for (Future<Integer> id : ids) {
        distinct.add(id.get());
      }
      assertThat(distinct).hasSize(16).allSatisfy(id -> assertThat(id).isBetween(1, 16));
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode register(String subject, String schema) throws Exception {
    var response = call("POST", "/subjects/" + subject + "/versions", Map.of("schema", schema));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private boolean compatible(String subject, String schema) throws Exception {
    return json(call(
            "POST",
            "/compatibility/subjects/" + subject + "/versions/latest",
            Map.of("schema", schema)))
        .get("is_compatible")
        .asBoolean();
  }

  private HttpResponse<String> call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(registry.url() + path))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/vnd.schemaregistry.v1+json");
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertError(
      HttpResponse<String> response, int status, int code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("error_code").asInt()).isEqualTo(code);
    return assertThat(body.get("message").asText());
  }
}
