package io.streambert.schemas.registry.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small in-memory schema registry speaking the Confluent Schema Registry REST API.
 *
 * <p>For tests and the embedded demo, not production: state lives in memory only. It serves
 * register, lookup, get by id, subjects, versions, compatibility and config, with Confluent's JSON
 * shapes and error codes. Ids are global and increasing; an identical schema keeps its id. The
 * default compatibility level is BACKWARD. Bound to 127.0.0.1; thread-safe.
 *
 * <pre>{@code
 * try (MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
 *   var client = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
 * }
 * }</pre>
 */
public final class MiniSchemaRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MiniSchemaRegistry.class);

  private final int requestedPort;
  private final RegistryHandler handler = new RegistryHandler(new SchemaStore());
  private HttpServer server;
  private ExecutorService executor;

  /** A registry on a free port, chosen at {@link #start()}. */
  public MiniSchemaRegistry() {
    this(0);
  }

  /** A registry on {@code port}; 0 picks a free one. */
  public MiniSchemaRegistry(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], found " + port);
    }
    this.requestedPort = port;
  }

  /**
   * Binds to 127.0.0.1 and starts serving.
   *
   * @return this, for try-with-resources chaining
   * @throws UncheckedIOException if the port cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized MiniSchemaRegistry start() {
    if (server != null) {
      throw new IllegalStateException("MiniSchemaRegistry already started at " + url());
    }
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(
                  InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), requestedPort),
              0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot bind MiniSchemaRegistry to 127.0.0.1:" + requestedPort, e);
    }
    executor = Executors.newFixedThreadPool(4, MiniSchemaRegistry::daemon);
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    log.info("MiniSchemaRegistry listening on {}", url());
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:39211}; only valid once started. */
  public synchronized String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The bound port; only valid once started. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("MiniSchemaRegistry not started");
    }
    return server.getAddress().getPort();
  }

  /** How many HTTP requests have been served, for tests that check client caching. */
  public long requestCount() {
    return handler.requestCount();
  }

  /** Stops serving; idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /**
   * Runs a registry until the process is stopped.
   *
   * @param args optional port, default 8081
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    MiniSchemaRegistry registry = new MiniSchemaRegistry(port).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  registry.close();
                  stopped.countDown();
                }));
    System.out.println("MiniSchemaRegistry serving at " + registry.url());
    stopped.await();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "mini-schema-registry");
    t.setDaemon(true);
    return t;
  }
}
