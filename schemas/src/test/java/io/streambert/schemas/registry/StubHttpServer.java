package io.streambert.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted HTTP server: answers with queued responses and records every request. */
final class StubHttpServer implements AutoCloseable {

  /** A request as the server saw it. */
  record Request(
      String method, String path, String authorization, String contentType, String body) {}

  /** A canned response; {@code delayMillis} stalls before answering. */
  record Response(int status, String body, long delayMillis) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Response> responses = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  StubHttpServer() {
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  body));
          Response response = responses.poll();
          if (response == null) {
            response =
                new Response(
                    500, "{\"error_code\":50001,\"message\":\"stub: no response queued\"}", 0);
          }
          if (response.delayMillis() > 0) {
            try {
              Thread.sleep(response.delayMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  StubHttpServer respond(int status, String body) {
    responses.add(new Response(status, body, 0));
    return this;
  }

  StubHttpServer respondAfter(long delayMillis, int status, String body) {
    responses.add(new Response(status, body, delayMillis));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
