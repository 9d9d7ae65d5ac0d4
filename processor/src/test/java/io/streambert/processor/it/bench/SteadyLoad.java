package io.streambert.processor.it.bench;

import io.streambert.processor.it.TextEventProducer;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces text events at a fixed rate on a thread of its own, keys spread over a fixed set so that
 * every partition gets records; the event id is {@code s-<index>}. A backlog is the same with rate
 * 0 (as fast as the producer goes).
 */
final class SteadyLoad implements AutoCloseable {

  private static final int KEYS = 64;

  private final TextEventProducer producer;
  private final List<String> texts;
  private final AtomicInteger sent = new AtomicInteger();
  private final Thread thread;
  private volatile double rate;
  private volatile boolean stopped;
  private volatile Throwable failure;

  SteadyLoad(
      String bootstrapServers, String topic, SchemaRegistryClient registry, List<String> texts) {
    this.producer = new TextEventProducer(bootstrapServers, topic, registry);
    this.texts = texts;
    this.thread = new Thread(this::run, "rollout-bench-load");
    this.thread.setDaemon(true);
  }

  /** Returns the event id of input {@code index}. */
  static String id(int index) {
    return "s-" + index;
  }

  /** Sends {@code count} records as fast as the producer goes and waits for their acks. */
  void backlog(int count) {
    for (int i = 0; i < count; i++) {
      send(sent.getAndIncrement());
    }
    producer.flush();
  }

  /** Starts sending {@code recordsPerSecond} records a second until {@link #close()}. */
  void start(double recordsPerSecond) {
    this.rate = recordsPerSecond;
    thread.start();
  }

  /** Inputs handed to the producer so far (acknowledged once {@link #close()} returned). */
  int sent() {
    return sent.get();
  }

  /** Throws if the load thread failed. */
  void check() {
    if (failure != null) {
      throw new IllegalStateException("the load producer failed", failure);
    }
  }

  private void run() {
    try {
      long start = System.nanoTime();
      long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
      for (long n = 0; !stopped; n++) {
        long due = start + n * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        send(sent.getAndIncrement());
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  private void send(int index) {
    producer.send(
        "key-" + (index % KEYS),
        TextEventProducer.event(id(index), texts.get(index % texts.size()), Instant.now()));
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    if (thread.isAlive()) {
      thread.join(30_000);
    }
    producer.flush();
    producer.close();
    check();
  }
}
