package io.streambert.trainer.publish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's) keeping PUT bodies in memory and serving them to GET
 * and HEAD, as a WebDAV folder or an object store does: {@code If-None-Match: *} refuses to replace
 * with 412, a required {@code Authorization} value answers 401 without it, and a read-only one
 * answers 405 to PUT.
 */
public final class PutServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Optional<String> requiredAuthorization;
  private final boolean acceptPut;

  public PutServer(Optional<String> requiredAuthorization, boolean acceptPut) throws IOException {
    this.requiredAuthorization = requiredAuthorization;
    this.acceptPut = acceptPut;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The bytes stored at {@code path}, if any. */
  public Optional<byte[]> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** Stores bytes directly, as another publisher would. */
  public void put(String path, byte[] bytes) {
    files.put(path, bytes);
  }

  /** Every request as {@code METHOD path}, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      requests.add(method + " " + path);
      if (requiredAuthorization.isPresent()
          && !requiredAuthorization
              .get()
              .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        drain(ex.getRequestBody());
        ex.sendResponseHeaders(401, -1);
        return;
      }
      switch (method) {
        case "PUT" -> {
          if (!acceptPut) {
            drain(ex.getRequestBody());
            ex.sendResponseHeaders(405, -1);
            return;
          }
          byte[] body = ex.getRequestBody().readAllBytes();
          boolean create = "*".equals(ex.getRequestHeaders().getFirst("If-None-Match"));
          if (create && files.containsKey(path)) {
            ex.sendResponseHeaders(412, -1);
            return;
          }
          boolean existed = files.put(path, body) != null;
          ex.sendResponseHeaders(existed ? 204 : 201, -1);
        }
        case "GET", "HEAD" -> {
          byte[] body = files.get(path);
          if (body == null) {
            ex.sendResponseHeaders(404, -1);
            return;
          }
          if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
            return;
          }
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        }
        default -> ex.sendResponseHeaders(405, -1);
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    in.transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
