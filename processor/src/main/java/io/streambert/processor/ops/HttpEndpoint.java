package io.streambert.processor.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoint: {@code /health} (the process is up and its streams not failed), {@code
 * /ready} (model loaded and streams RUNNING), {@code /metrics} (Prometheus text format) and, when
 * given its JSON, the live status page at {@code /status/} with the {@code /api/status} it polls.
 *
 * <p>Health and readiness answer 200 or 503 with a one-line plain-text reason. The page is static
 * files from the jar ({@value #PAGE_RESOURCES}), served under a content security policy that runs
 * no inline script and loads nothing from elsewhere.
 */
public final class HttpEndpoint implements AutoCloseable {

  /** A yes/no answer with the reason, for {@code /health} and {@code /ready}. */
  public record Status(boolean ok, String reason) {}

  /** Where the status page's files are on the class path. */
  static final String PAGE_RESOURCES = "/io/streambert/processor/status/page/";

  /** The status page's files and their content types: nothing else under the path is served. */
  private static final Map<String, String> PAGE_FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "status.css", "text/css; charset=utf-8",
          "status.js", "text/javascript; charset=utf-8");

  private static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one).
   *
   * @param health answers {@code /health}
   * @param readiness answers {@code /ready}
   * @param scrape renders the Prometheus exposition for {@code /metrics}
   */
  public static HttpEndpoint start(
      String host,
      int port,
      Supplier<Status> health,
      Supplier<Status> readiness,
      Supplier<String> scrape)
      throws IOException {
    return start(host, port, health, readiness, scrape, null);
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one), the status page included.
   *
   * @param health answers {@code /health}
   * @param readiness answers {@code /ready}
   * @param scrape renders the Prometheus exposition for {@code /metrics}
   * @param statusJson renders {@code /api/status} for the page at {@code /status/}, or null for no
   *     page
   */
  public static HttpEndpoint start(
      String host,
      int port,
      Supplier<Status> health,
      Supplier<Status> readiness,
      Supplier<String> scrape,
      Supplier<String> statusJson)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "streambert-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/health", ex -> status(ex, health.get()));
    server.createContext("/ready", ex -> status(ex, readiness.get()));
    server.createContext(
        "/metrics",
        ex -> {
          if (!allowGet(ex)) {
            return;
          }
          respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get());
        });
    if (statusJson != null) {
      server.createContext("/status", HttpEndpoint::page);
      server.createContext(
          "/",
          ex -> {
            if (!allowGet(ex)) {
              return;
            }
            if (ex.getRequestURI().getPath().equals("/")) {
              ex.getResponseHeaders().set("Location", "/status/");
              respond(ex, 302, "text/plain; charset=utf-8", "see /status/\n");
            } else {
              respond(ex, 404, "text/plain; charset=utf-8", "no such page; see /status/\n");
            }
          });
      server.createContext(
          "/api/status",
          ex -> {
            if (allowGet(ex)) {
              ex.getResponseHeaders().set("Cache-Control", "no-store");
              respond(ex, 200, "application/json; charset=utf-8", statusJson.get());
            }
          });
    }
    server.start();
    return new HttpEndpoint(server, executor);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void status(HttpExchange ex, Status status) throws IOException {
    if (!allowGet(ex)) {
      return;
    }
    respond(
        ex,
        status.ok() ? 200 : 503,
        "text/plain; charset=utf-8",
        (status.ok() ? "OK " : "NOT OK ") + status.reason() + "\n");
  }

  /** {@code /status/NAME}: one of {@link #PAGE_FILES}; {@code /status} redirects to the index. */
  private static void page(HttpExchange ex) throws IOException {
    if (!allowGet(ex)) {
      return;
    }
    String path = ex.getRequestURI().getPath();
    if (path.equals("/status")) {
      ex.getResponseHeaders().set("Location", "/status/");
      respond(ex, 301, "text/plain; charset=utf-8", "moved to /status/\n");
      return;
    }
    String name = path.equals("/status/") ? "index.html" : path.replaceFirst("^/status/", "");
    String type = PAGE_FILES.get(name);
    byte[] body = null;
    if (type != null) {
      try (InputStream in = HttpEndpoint.class.getResourceAsStream(PAGE_RESOURCES + name)) {
        body = in == null ? null : in.readAllBytes();
      }
    }
    if (body == null) {
      respond(
          ex,
          404,
          "text/plain; charset=utf-8",
          "expected one of /status/ " + PAGE_FILES.keySet() + ", found " + path + "\n");
      return;
    }
    ex.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    respond(ex, 200, type, body);
  }

  private static boolean allowGet(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return true;
    }
    ex.getResponseHeaders().add("Allow", "GET, HEAD");
    respond(ex, 405, "text/plain; charset=utf-8", "expected GET or HEAD, found " + method + "\n");
    return false;
  }

  private static void respond(HttpExchange ex, int code, String contentType, String body)
      throws IOException {
    respond(ex, code, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange ex, int code, String contentType, byte[] bytes)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(code, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
