package io.streambert.processor.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoint: {@code /health} (the process is up and its streams not failed), {@code
 * /ready} (model loaded and streams RUNNING) and {@code /metrics} (Prometheus text format).
 *
 * <p>Health and readiness answer 200 or 503 with a one-line plain-text reason.
 */
public final class HttpEndpoint implements AutoCloseable {

  /** A yes/no answer with the reason, for {@code /health} and {@code /ready}. */
  public record Status(boolean ok, String reason) {}

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
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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
