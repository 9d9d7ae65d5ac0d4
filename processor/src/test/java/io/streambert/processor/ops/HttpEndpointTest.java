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
