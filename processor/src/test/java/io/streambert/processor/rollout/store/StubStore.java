package io.streambert.processor.rollout.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A real HTTP bundle store on 127.0.0.1 (JDK server) that records every request it gets. */
final class StubStore implements AutoCloseable {

  /** What the store answers for one path. */
  record Answer(int status, Path body, String location) {
    static Answer file(Path body) {
      return new Answer(200, body, null);
    }

    static Answer status(int status) {
      return new Answer(status, null, null);
    }

    static Answer redirect(String location) {
      return new Answer(302, null, location);
    }
  }

  private final HttpServer server;
  private final Map<String, Function<Integer, Answer>> routes = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  StubStore() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code path} with {@code answer} every time. */
  StubStore route(String path, Answer answer) {
    return route(path, n -> answer);
  }

  /** Answers the n-th request (1-based) of {@code path} with what {@code answers} gives. */
  StubStore route(String path, Function<Integer, Answer> answers) {
    routes.put(path, answers);
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  String prefix() {
    return uri("/").toString();
  }

  /** Every request path received, in order. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(path);
    int n = (int) requests.stream().filter(path::equals).count();
    Function<Integer, Answer> route = routes.get(path);
    Answer answer = route == null ? Answer.status(404) : route.apply(n);
    if (answer.location() != null) {
      exchange.getResponseHeaders().add("Location", answer.location());
    }
    if (answer.body() == null) {
      exchange.sendResponseHeaders(answer.status(), -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(answer.status(), Files.size(answer.body()));
    try (OutputStream out = exchange.getResponseBody()) {
      Files.copy(answer.body(), out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
