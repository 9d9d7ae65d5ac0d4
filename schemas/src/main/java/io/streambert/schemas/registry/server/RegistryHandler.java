package io.streambert.schemas.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.streambert.schemas.compat.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes Confluent Schema Registry REST requests to the {@link SchemaStore}. */
final class RegistryHandler implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(RegistryHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaStore store;
  private final AtomicLong requests = new AtomicLong();

  RegistryHandler(SchemaStore store) {
    this.store = store;
  }

  long requestCount() {
    return requests.get();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    int status = 200;
    Object body;
    try {
      body = route(exchange.getRequestMethod(), segments(exchange), exchange);
    } catch (RegistryError e) {
      status = e.httpStatus();
      body = error(e.errorCode(), e.getMessage());
    } catch (IOException e) {
      status = 400;
      body = error(400, "Cannot read request body: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error(
          "Registry request {} {} failed",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e);
      status = 500;
      body = error(50001, "Internal error: " + e);
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Object route(String method, List<String> path, HttpExchange exchange) throws IOException {
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    switch (first) {
      case "subjects":
        if (n == 1 && method.equals("GET")) {
          return store.subjects();
        }
        if (n == 2 && method.equals("POST")) {
          return version(store.lookup(path.get(1), schemaOf(exchange)));
        }
        if (n == 3 && path.get(2).equals("versions")) {
          if (method.equals("POST")) {
            return Map.of("id", store.register(path.get(1), schemaOf(exchange)).id());
          }
          if (method.equals("GET")) {
            return store.versions(path.get(1));
          }
        }
        if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
          return version(store.version(path.get(1), versionNumber(path.get(3))));
        }
        break;
      case "schemas":
        if (n == 3 && path.get(1).equals("ids") && method.equals("GET")) {
          return Map.of("schema", store.schemaById(schemaId(path.get(2))));
        }
        break;
      case "compatibility":
        if (n == 5
            && path.get(1).equals("subjects")
            && path.get(3).equals("versions")
            && method.equals("POST")) {
          boolean ok =
              store.isCompatible(path.get(2), versionNumber(path.get(4)), schemaOf(exchange));
          return Map.of("is_compatible", ok);
        }
        break;
      case "config":
        return config(method, path, exchange);
      default:
        break;
    }
    throw new RegistryError(
        404, 404, "HTTP 404 Not Found: no endpoint " + method + " " + exchange.getRequestURI());
  }

  private Object config(String method, List<String> path, HttpExchange exchange)
      throws IOException {
    String subject = path.size() == 2 ? path.get(1) : null;
    if (path.size() > 2) {
      throw new RegistryError(404, 404, "HTTP 404 Not Found: " + exchange.getRequestURI());
    }
    if (method.equals("GET")) {
      CompatibilityLevel level = subject == null ? store.globalLevel() : store.level(subject);
      return Map.of("compatibilityLevel", level.name());
    }
    if (method.equals("PUT")) {
      JsonNode body = JSON.readTree(readBody(exchange));
      String requested = body == null ? null : body.path("compatibility").asText(null);
      CompatibilityLevel level;
      try {
        level = CompatibilityLevel.parse(requested);
      } catch (IllegalArgumentException e) {
        throw new RegistryError(422, 42203, "Invalid compatibility level. " + e.getMessage());
      }
      if (subject == null) {
        store.setGlobalLevel(level);
      } else {
        store.setLevel(subject, level);
      }
      return Map.of("compatibility", level.name());
    }
    throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed: " + method + " /config");
  }

  private static Map<String, Object> version(SchemaStore.Version v) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", v.subject());
    body.put("version", v.version());
    body.put("id", v.id());
    body.put("schema", v.schema());
    return body;
  }

  private static Map<String, Object> error(int code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    return body;
  }

  private static String schemaOf(HttpExchange exchange) throws IOException {
    JsonNode body;
    try {
      body = JSON.readTree(readBody(exchange));
    } catch (IOException e) {
      throw new RegistryError(422, 42201, "Invalid schema: request body is not JSON");
    }
    JsonNode schema = body == null ? null : body.get("schema");
    String type = body == null ? "AVRO" : body.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new RegistryError(422, 42201, "Invalid schema: only AVRO is supported, found " + type);
    }
    return schema == null || !schema.isTextual() ? null : schema.asText();
  }

  private static int versionNumber(String text) {
    if (text.equals("latest") || text.equals("-1")) {
      return -1;
    }
    try {
      int v = Integer.parseInt(text);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new RegistryError(
        422,
        42202,
        "The specified version '"
            + text
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
            + " \"latest\"");
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaNotFound("'" + text + "' is not a schema id");
    }
  }

  private static String readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> segments(HttpExchange exchange) {
    List<String> segments = new ArrayList<>();
    for (String raw : exchange.getRequestURI().getRawPath().split("/")) {
      if (!raw.isEmpty()) {
        segments.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
      }
    }
    return segments;
  }
}
