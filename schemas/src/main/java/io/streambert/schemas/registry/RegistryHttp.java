package io.streambert.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one registry request with authentication, timeouts and retries, and maps failures.
 *
 * <p>Transient failures (no response, HTTP 5xx, HTTP 429) are retried with exponential backoff,
 * rotating through the configured URLs; any other non-2xx answer fails at once.
 */
final class RegistryHttp {

  /** Content type of Confluent Schema Registry requests and responses. */
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RegistryHttp.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final RegistryConfig config;
  private final HttpClient client;

  RegistryHttp(RegistryConfig config) {
    this.config = config;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout());
    if (config.tls() != null) {
      builder.sslContext(config.tls().sslContext());
    }
    this.client = builder.build();
  }

  /** Percent-encodes one path segment (a subject name). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Sends the request and returns the parsed JSON body of the 2xx response.
   *
   * @param what what was asked, for error messages, e.g. "register schema X under subject 'y'"
   */
  JsonNode send(String method, String path, Object body, String what) {
    String json = body == null ? null : toJson(body);
    List<URI> urls = config.urls();
    SchemaRegistryException last = null;
    for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
      URI uri = URI.create(urls.get(attempt % urls.size()) + path);
      try {
        HttpResponse<String> response =
            client.send(request(method, uri, json), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return parse(response.body(), method, uri, what);
        }
        last = failure(method, uri, what, response.statusCode(), response.body());
      } catch (IOException e) {
        last =
            new SchemaRegistryException(
                "Failed to " + what + ": " + method + " " + uri + " got no response (" + e + ")",
                -1,
                -1,
                e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            "Interrupted while trying to " + what + " (" + method + " " + uri + ")", -1, -1, e);
      }
      if (!last.isTransient()) {
        throw last;
      }
      if (attempt < config.maxRetries()) {
        Duration wait = backoff(attempt);
        log.warn(
            "Registry request failed (attempt {} of {}), retrying in {} ms: {}",
            attempt + 1,
            config.maxRetries() + 1,
            wait.toMillis(),
            last.getMessage());
        sleep(wait, what);
      }
    }
    if (config.maxRetries() == 0) {
      throw last;
    }
    throw new SchemaRegistryException(
        last.getMessage() + " (gave up after " + (config.maxRetries() + 1) + " attempts)",
        last.httpStatus(),
        last.errorCode(),
        last.getCause());
  }

  /** The wait before retry number {@code attempt + 1}: initial * 2^attempt, capped. */
  Duration backoff(int attempt) {
    long initial = config.initialBackoff().toMillis();
    long max = config.maxBackoff().toMillis();
    long wait = attempt >= 30 ? max : initial << attempt;
    return Duration.ofMillis(Math.min(max, wait));
  }

  private HttpRequest request(String method, URI uri, String json) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json");
    config.credentials().authorizationHeader().ifPresent(h -> builder.header("Authorization", h));
    if (json == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE);
      builder.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private static SchemaRegistryException failure(
      String method, URI uri, String what, int status, String body) {
    int errorCode = -1;
    String message = null;
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      if (node != null && node.has("error_code")) {
        errorCode = node.get("error_code").asInt(-1);
        message = node.path("message").asText(null);
      }
    } catch (JsonProcessingException e) {
      // Not a Confluent error body (e.g. a proxy's HTML page): report the raw body below.
    }
    String detail = message != null ? message : abbreviate(body);
    return new SchemaRegistryException(
        "Failed to "
            + what
            + ": "
            + method
            + " "
            + uri
            + " returned HTTP "
            + status
            + (errorCode == -1 ? "" : " error_code " + errorCode)
            + ": "
            + detail,
        status,
        errorCode);
  }

  private static JsonNode parse(String body, String method, URI uri, String what) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(
          "Failed to "
              + what
              + ": "
              + method
              + " "
              + uri
              + " returned a body that is not JSON: "
              + abbreviate(body),
          200,
          -1,
          e);
    }
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write request body " + body, e);
    }
  }

  private static String abbreviate(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    return body.length() <= MAX_BODY_IN_MESSAGE
        ? body
        : body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  private static void sleep(Duration wait, String what) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while waiting to retry: " + what, -1, -1, e);
    }
  }
}
