package io.streambert.processor.it.bench;

import io.streambert.processor.it.PipelineOutputs;
import io.streambert.processor.it.PipelineTopics;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The latency run's load, in a JVM of its own: produces text events at a fixed rate (the send time
 * is the event time) and reads both outputs with read_committed, timing each record from its send
 * to both of its results received.
 *
 * <p>{@link LoadGeneratorProcess} starts it with a C1-only JIT. Run inside the benchmark JVM, whose
 * full JIT suits the bare-model measurements, this load's C2 compilations took 10-50 % of a core
 * through the 40 s latency run, on the two cores of the pipeline it measures.
 *
 * <p>It talks to its parent on stdin and stdout ({@link #SIGNAL} lines): it prints {@code warm}
 * once the warm-up records' results have all arrived and waits for {@code go}; it prints {@code
 * done} once every record's results arrived and waits for {@code exit}; then it writes one line per
 * record, {@code sentAtMillis,doneAtMillis,processedAtMillis} in send order, to the results file.
 */
public final class LoadGeneratorMain {

  /** Prefix of the lines this JVM prints for its parent; other output is logging. */
  static final String SIGNAL = "LOADGEN ";

  static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  static final String REGISTRY_URL = "registry.url";
  static final String TOPIC_INPUT = "topic.input";
  static final String TOPIC_SENTIMENT = "topic.sentiment";
  static final String TOPIC_ENTITIES = "topic.entities";
  static final String TOPIC_DEAD_LETTER = "topic.dead.letter";
  static final String RATE = "records.per.second";
  static final String WARMUP_TEXTS = "warmup.texts.file";
  static final String TEXTS = "texts.file";
  static final String RESULTS = "results.file";

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private LoadGeneratorMain() {}

  /** Runs the load described by the properties file {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "expected one argument, the load's properties file; found " + args.length);
    }
    Properties spec = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      spec.load(in);
    }
    List<String> warmup = Files.readAllLines(Path.of(spec.getProperty(WARMUP_TEXTS)));
    List<String> texts = Files.readAllLines(Path.of(spec.getProperty(TEXTS)));
    double rate = Double.parseDouble(spec.getProperty(RATE));
    String bootstrap = spec.getProperty(BOOTSTRAP_SERVERS);
    PipelineTopics topics =
        new PipelineTopics(
            spec.getProperty(TOPIC_INPUT),
            spec.getProperty(TOPIC_SENTIMENT),
            spec.getProperty(TOPIC_ENTITIES),
            spec.getProperty(TOPIC_DEAD_LETTER));
    var registry = new RestSchemaRegistryClient(RegistryConfig.of(spec.getProperty(REGISTRY_URL)));
    BufferedReader parent =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (PipelineOutputs outputs = new PipelineOutputs(bootstrap, topics, registry);
        TextEventProducer producer = new TextEventProducer(bootstrap, topics.input(), registry)) {
      for (int i = 0; i < warmup.size(); i++) {
        producer.send(
            "warm-" + (i % 64), TextEventProducer.event("warm-" + i, warmup.get(i), Instant.now()));
      }
      producer.flush();
      awaitResults(outputs, warmup.size());
      signalAndAwait(parent, "warm", "go");

      List<Long> sentAt = sendAtRate(producer, outputs, texts, rate);
      awaitResults(outputs, warmup.size() + texts.size());
      signalAndAwait(parent, "done", "exit");
      Files.write(Path.of(spec.getProperty(RESULTS)), timings(outputs, sentAt));
    }
  }

  /**
   * Sends {@code texts} at {@code rate} while a second thread reads the outputs with long polls (a
   * poll returns as soon as a fetch brings records, so arrival times stay exact); returns the send
   * times.
   */
  private static List<Long> sendAtRate(
      TextEventProducer producer, PipelineOutputs outputs, List<String> texts, double rate) {
    List<Long> sentAt = new ArrayList<>(texts.size());
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              while (sending.get()) {
                outputs.poll(Duration.ofMillis(200));
              }
            },
            "load-output-reader");
    reader.start();
    try {
      long nanosPerRecord = (long) (1e9 / rate);
      long next = System.nanoTime();
      for (int i = 0; i < texts.size(); i++) {
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        next += nanosPerRecord;
        Instant now = Instant.now();
        sentAt.add(now.toEpochMilli());
        producer.send("key-" + (i % 64), TextEventProducer.event("rate-" + i, texts.get(i), now));
      }
      producer.flush();
    } finally {
      sending.set(false);
      boolean interrupted = false;
      while (reader.isAlive()) {
        try {
          reader.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return sentAt;
  }

  private static void awaitResults(PipelineOutputs outputs, int records) {
    boolean done =
        outputs.pollUntil(
            () -> outputs.sentiments().size() >= records && outputs.entities().size() >= records,
            TIMEOUT,
            Duration.ZERO);
    if (!done) {
      throw new IllegalStateException(
          "expected "
              + records
              + " results on each output within "
              + TIMEOUT
              + ", found "
              + outputs.sentiments().size()
              + " sentiment and "
              + outputs.entities().size()
              + " entity results");
    }
  }

  private static void signalAndAwait(BufferedReader parent, String signal, String expected)
      throws IOException {
    System.out.println(SIGNAL + signal);
    System.out.flush();
    String line = parent.readLine();
    if (!expected.equals(line)) {
      throw new IllegalStateException(
          "expected '" + expected + "' from the parent after '" + signal + "', found " + line);
    }
  }

  /** One line per rate record in send order: send, both results received, processedAt. */
  private static List<String> timings(PipelineOutputs outputs, List<Long> sentAt) {
    Map<String, Long> done = outputs.completionTimes();
    Map<String, Long> processed = new HashMap<>();
    outputs
        .sentiments()
        .forEach(
            r -> processed.put(r.value().getEventId(), r.value().getProcessedAt().toEpochMilli()));
    List<String> lines = new ArrayList<>(sentAt.size());
    for (int i = 0; i < sentAt.size(); i++) {
      String id = "rate-" + i;
      lines.add(sentAt.get(i) + "," + done.get(id) + "," + processed.get(id));
    }
    return lines;
  }
}
