package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.model.testing.TestBundles;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A burst of texts of exactly {@code text.max.bytes}, each many windows and over {@code
 * batch.max.tokens}, through the processor in a child JVM with a small fixed heap, on a real broker
 * with the real MiniLM bundle: every record gets one result per task, none is dead-lettered, no
 * forward pass computes more cells than the token cap, and the heap holds.
 */
class MaxLengthBurstIT {

  private static final Logger LOG = LoggerFactory.getLogger(MaxLengthBurstIT.class);

  private static final int RECORDS = 24;
  private static final int TEXT_MAX_BYTES = 16_000;
  private static final int BATCH_MAX_TOKENS = 2_048;

  /** The child's whole heap, fixed: a third of the 640 MiB the images give a processor. */
  private static final int HEAP_MIB = 192;

  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

  private final KafkaBroker broker = SharedBroker.get();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private MiniSchemaRegistry registry;
  private SchemaRegistryClient registryClient;
  private Path workDir;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new MiniSchemaRegistry().start();
    registryClient = new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
    workDir = Files.createTempDirectory("max-length-burst-it-");
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
    ItFiles.deleteRecursively(workDir);
  }

  @Test
  void shouldProcessABurstOfMaxLengthTextsWithinTheTokenCapAndTheHeap() throws Exception {
    PipelineTopics topics = PipelineTopics.unique("max-length-burst-it").create(broker, 2);
    int httpPort = KafkaBroker.freePort();
    Path log =
        Files.createDirectories(Path.of("target", "it-logs")).resolve(topics.input() + ".log");
    List<String> heap = List.of("-Xms" + HEAP_MIB + "m", "-Xmx" + HEAP_MIB + "m");
    List<String> ids = new ArrayList<>();
    Peaks peaks = new Peaks();

    try (ProcessorProcess child = ProcessorProcess.start(config(topics, httpPort), log, heap);
        TextEventProducer producer =
            new TextEventProducer(broker.bootstrapServers(), topics.input(), registryClient);
        PipelineOutputs outputs =
            new PipelineOutputs(broker.bootstrapServers(), topics, registryClient)) {
      awaitReady(child, httpPort);
      long startedNanos = System.nanoTime();
      Instant now = Instant.now();
      for (int i = 0; i < RECORDS; i++) {
        String id = String.format("max-%03d", i);
        String text = textOfExactly(TEXT_MAX_BYTES, i);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(TEXT_MAX_BYTES);
        ids.add(id);
        producer.send("key-" + i % 5, TextEventProducer.event(id, text, now));
      }
      producer.flush();

      boolean complete =
          outputs.pollUntil(
              () -> {
                peaks.sample(scrape(httpPort));
                return outputs.sentimentCountsByEventId().size() >= RECORDS
                    && outputs.entityCountsByEventId().size() >= RECORDS;
              },
              RUN_TIMEOUT,
              Duration.ofSeconds(2));
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      Map<String, Double> last = scrape(httpPort);
      peaks.sample(last);
      assertThat(complete)
          .as(
              "every result within %s: %d/%d sentiment, %d/%d entity; output:%n%s",
              RUN_TIMEOUT,
              outputs.sentimentCountsByEventId().size(),
              RECORDS,
              outputs.entityCountsByEventId().size(),
              RECORDS,
              child.outputTail())
          .isTrue();
      assertThat(child.isAlive()).as("processor alive; output:%n%s", child.outputTail()).isTrue();

      Map<String, Integer> once = ids.stream().collect(Collectors.toMap(id -> id, id -> 1));
      assertThat(outputs.sentimentCountsByEventId()).isEqualTo(once);
      assertThat(outputs.entityCountsByEventId()).isEqualTo(once);
      assertThat(outputs.deadLetters()).isEmpty();
      assertThat(last.getOrDefault("dead_lettered", -1.0)).isZero();

      double windows = last.getOrDefault("streambert_inference_windows_total", 0.0);
      assertThat(windows / RECORDS).as("windows per text").isGreaterThanOrEqualTo(20);
      // Each text is over the cap, so it was flushed alone; its passes still kept to the cap.
      assertThat(peaks.batchTokens).isGreaterThan(BATCH_MAX_TOKENS);
      assertThat(peaks.passTokens).isPositive().isLessThanOrEqualTo(BATCH_MAX_TOKENS);
      assertThat(peaks.heapMib).isPositive().isLessThan(HEAP_MIB);
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");

      LOG.info(
          "max-length burst figures: produced {}, sentiment {}, entities {}, dead letters {},"
              + " windows {}, passes {}, largest batch {} tokens, largest pass {} cells (cap {}),"
              + " heap peak {} MiB of {} (sampled {} times), peak RSS {} MiB, {} s",
          RECORDS,
          outputs.sentiments().size(),
          outputs.entities().size(),
          outputs.deadLetters().size(),
          (long) windows,
          last.getOrDefault("streambert_inference_passes_total", 0.0).longValue(),
          (long) peaks.batchTokens,
          (long) peaks.passTokens,
          BATCH_MAX_TOKENS,
          String.format("%.1f", peaks.heapMib),
          HEAP_MIB,
          peaks.samples,
          String.format("%.0f", child.peakRssMib()),
          String.format("%.1f", seconds));
      child.stop(30);
    }
  }

  /** The largest figures seen over the run's scrapes. */
  private static final class Peaks {
    double heapMib;
    double passTokens;
    double batchTokens;
    int samples;

    void sample(Map<String, Double> scrape) {
      if (scrape.isEmpty()) {
        return;
      }
      samples++;
      heapMib = Math.max(heapMib, scrape.getOrDefault("heap_used", 0.0) / (1024 * 1024));
      passTokens =
          Math.max(passTokens, scrape.getOrDefault("streambert_inference_pass_tokens_max", 0.0));
      batchTokens = Math.max(batchTokens, scrape.getOrDefault("streambert_batch_tokens_max", 0.0));
    }
  }

  /**
   * The figures of the child's {@code /metrics} this test reads: untagged samples by name, the heap
   * in use over every heap pool ({@code heap_used}) and every dead letter ({@code dead_lettered});
   * empty when it does not answer.
   */
  private Map<String, Double> scrape(int port) {
    String body;
    try {
      body =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
    Map<String, Double> figures = new HashMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, space);
      double value = Double.parseDouble(line.substring(space + 1));
      if (name.startsWith("jvm_memory_used_bytes{") && name.contains("area=\"heap\"")) {
        figures.merge("heap_used", value, Double::sum);
      } else if (name.startsWith("streambert_records_dead_lettered_total{")) {
        figures.merge("dead_lettered", value, Double::sum);
      } else if (!name.contains("{")) {
        figures.put(name, value);
      }
    }
    return figures;
  }

  private void awaitReady(ProcessorProcess child, int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && child.isAlive()) {
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("processor not ready within 60 s; output:\n" + child.outputTail());
  }

  private Map<String, String> config(PipelineTopics topics, int httpPort) {
    Map<String, String> c = new HashMap<>();
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "max-length-burst-it-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, registry.url());
    c.put(
        ProcessorConfig.MODEL_BUNDLE_PATH,
        TestBundles.miniLmBothTasks().directory().toAbsolutePath().toString());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.STATE_DIR, workDir.resolve("state").toString());
    c.put(ProcessorConfig.TEXT_MAX_BYTES, String.valueOf(TEXT_MAX_BYTES));
    c.put(ProcessorConfig.BATCH_MAX_TOKENS, String.valueOf(BATCH_MAX_TOKENS));
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, "8");
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, "100");
    c.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    c.put(ProcessorConfig.HTTP_PORT, String.valueOf(httpPort));
    return c;
  }

  /**
   * Real sentences from a seed-dependent start, cut to a code point boundary and padded with
   * periods to exactly {@code bytes} UTF-8 bytes.
   */
  static String textOfExactly(int bytes, int seed) {
    List<String> sentences = SampleTexts.take(400);
    StringBuilder text = new StringBuilder("Text " + seed + ":");
    for (int i = seed * 7; utf8(text) < bytes; i++) {
      text.append(' ').append(sentences.get(i % sentences.size()));
    }
    while (utf8(text) > bytes) {
      text.setLength(text.offsetByCodePoints(text.length(), -1));
    }
    while (utf8(text) < bytes) {
      text.append('.');
    }
    return text.toString();
  }

  private static int utf8(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
