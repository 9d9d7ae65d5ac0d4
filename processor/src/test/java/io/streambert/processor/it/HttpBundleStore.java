package io.streambert.processor.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP bundle store on 127.0.0.1 (the JDK's server) serving the zips of a folder, which can
 * be made to fail the way a store does: answer 503 once and then go away, so that connections are
 * refused until {@link #start()} is called again on the same port.
 */
public final class HttpBundleStore implements AutoCloseable {

  private final Path folder;
  private final int port;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> failOnce = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService handlers;

  /** A store serving {@code folder} on {@code port}; call {@link #start()}. */
  public HttpBundleStore(Path folder, int port) {
    this.folder = folder;
    this.port = port;
  }

  /** Binds to 127.0.0.1 on the store's port and serves. */
  public synchronized HttpBundleStore start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the bundle store to 127.0.0.1:" + port, e);
    }
    handlers = Executors.newFixedThreadPool(2);
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** Stops serving: connections are refused until {@link #start()}; idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      handlers.shutdownNow();
      server = null;
    }
  }

  /** Whether the store accepts connections now. */
  public synchronized boolean running() {
    return server != null;
  }

  /** The URI of {@code file} in the store. */
  public String uri(String file) {
    return prefix() + file;
  }

  /** The store's URI prefix, for {@code model.store.trusted.prefixes}. */
  public String prefix() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** The next request for {@code file} is answered {@code status}; then the store stops. */
  public void answerOnceThenStop(String file, int status) {
    failOnce.put("/" + file, status);
  }

  /** How many requests for {@code file} the store has received. */
  public long requests(String file) {
    return requests.stream().filter(("/" + file)::equals).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(path);
    Integer failure = failOnce.remove(path);
    if (failure != null) {
      exchange.sendResponseHeaders(failure, -1);
      exchange.close();
      // Off the handler thread: stopping waits for the server's own threads.
      Thread stopper = new Thread(this::stop, "bundle-store-stop");
      stopper.setDaemon(true);
      stopper.start();
      return;
    }
    Path file = folder.resolve(path.substring(1)).normalize();
    if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(200, Files.size(file));
    try (OutputStream out = exchange.getResponseBody()) {
      Files.copy(file, out);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
