package io.streambert.processor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerReadyOnlyWhenTheReadinessCheckPasses() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HttpEndpoint endpoint =
        HttpEndpoint.start(
            "127.0.0.1",
            0,
            () -> new HttpEndpoint.Status(true, "streams RUNNING"),
            () ->
                new HttpEndpoint.Status(ready.get(), ready.get() ? "ready" : "streams REBALANCING"),
            () -> "streambert_records_in_total 3.0\n")) {
      HttpResponse<String> notReady = get(endpoint.port(), "/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("REBALANCING");

      ready.set(true);
      assertThat(get(endpoint.port(), "/ready").statusCode()).isEqualTo(200);
      assertThat(get(endpoint.port(), "/health").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(endpoint.port(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body()).contains("streambert_records_in_total 3.0");
    }
  }

  @Test
  void shouldServeTheStatusPageFromTheJarAndItsJson() throws Exception {
    try (HttpEndpoint endpoint =
        HttpEndpoint.start(
            "127.0.0.1",
            0,
            () -> new HttpEndpoint.Status(true, ""),
            () -> new HttpEndpoint.Status(true, ""),
            () -> "",
            () -> "{\"instanceId\":\"a\"}")) {
      int port = endpoint.port();
      HttpResponse<String> index = get(port, "/status/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(index.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));
      assertThat(index.body()).contains("<script src=\"status.js\" defer></script>");
      HttpResponse<String> script = get(port, "/status/status.js");
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.body()).contains("textContent").doesNotContain("innerHTML =");
      assertThat(get(port, "/status/status.css").statusCode()).isEqualTo(200);
      HttpResponse<String> json = get(port, "/api/status");
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      assertThat(json.body()).isEqualTo("{\"instanceId\":\"a\"}");
      assertThat(get(port, "/").statusCode()).isEqualTo(302);
      assertThat(get(port, "/status").statusCode()).isEqualTo(301);
      HttpResponse<String> other = get(port, "/status/logback.xml");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).contains("expected one of /status/");
      assertThat(get(port, "/status/../../logback.xml").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void shouldServeNoStatusPageWithoutItsJson() throws Exception {
    try (HttpEndpoint endpoint =
        HttpEndpoint.start(
            "127.0.0.1",
            0,
            () -> new HttpEndpoint.Status(true, ""),
            () -> new HttpEndpoint.Status(true, ""),
            () -> "")) {
      assertThat(get(endpoint.port(), "/status/").statusCode()).isEqualTo(404);
      assertThat(get(endpoint.port(), "/api/status").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void shouldRefuseMethodsOtherThanGet() throws Exception {
    try (HttpEndpoint endpoint =
        HttpEndpoint.start(
            "127.0.0.1",
            0,
            () -> new HttpEndpoint.Status(true, ""),
            () -> new HttpEndpoint.Status(true, ""),
            () -> "")) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/ready"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(405);
    }
  }
}
