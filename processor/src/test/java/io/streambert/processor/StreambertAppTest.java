package io.streambert.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.serving.ModelProbe;
import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.processor.testing.FakeTextModel;
import io.streambert.processor.testing.InMemorySchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreambertAppTest {

  @TempDir Path stateDir;

  private final HttpClient client = HttpClient.newHttpClient();

  private ProcessorConfig config(Map<String, String> extra) {
    Map<String, String> values =
        new java.util.HashMap<>(
            Map.of(
                "bootstrap.servers", "127.0.0.1:1",
                "schema.registry.url", "http://127.0.0.1:1",
                "model.bundle.path", "unused",
                "http.host", "127.0.0.1",
                "http.port", "0",
                "state.dir", stateDir.toString(),
                "application.id", "app-test"));
    values.putAll(extra);
    return ProcessorConfig.of(values);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldBeHealthyButNotReadyUntilStreamsAreRunning() throws Exception {
    try (StreambertApp app =
        StreambertApp.create(
            config(Map.of()), new FakeTextModel("fake-7"), new InMemorySchemaRegistryClient())) {
      app.start();
      int port = app.httpPort();

      HttpResponse<String> ready = get(port, "/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("model fake-7").doesNotContain("RUNNING");
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);

      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("streambert_records_in_total")
          .contains("streambert_records_out_total{output=\"sentiment\"}")
          .contains("streambert_records_dead_lettered_total{reason=\"BAD_MAGIC_BYTE\"}")
          .contains("streambert_batch_size_records")
          .contains("streambert_batch_tokens_count")
          .contains("streambert_inference_latency_seconds_bucket")
          .contains("streambert_end_to_end_latency_seconds_bucket")
          .contains("streambert_model_info{version=\"fake-7\"} 1")
          .contains("kafka_consumer_")
          .contains("jvm_memory_used_bytes")
          .contains("process_cpu_usage")
          .contains("process_uptime_seconds")
          .contains("process_start_time_seconds")
          .contains("process_files_open_files");
      if (Files.isReadable(Path.of("/proc/self/status"))) {
        assertThat(metrics.body()).containsPattern("(?m)^process_resident_memory_bytes [0-9.E+]+$");
      }

      assertThat(app.close(Duration.ofSeconds(20))).isTrue();
      assertThat(app.health().ok()).isFalse();
    }
  }

  @Test
  void shouldReportTheSwappedModelVersionInReadinessAndMetrics() {
    FakeTextModel first = new FakeTextModel("v1");
    try (StreambertApp app =
        StreambertApp.create(
            config(Map.of("http.port", "-1")), first, new InMemorySchemaRegistryClient())) {
      app.swapModel(new FakeTextModel("v2"), ReleaseCoordinate.of("model-releases", 0, 3));

      assertThat(first.isClosed()).isTrue();
      assertThat(app.models().currentCoordinate())
          .contains(ReleaseCoordinate.of("model-releases", 0, 3));

      assertThat(app.readiness().reason()).contains("model v2");
      assertThat(app.scrape())
          .contains("streambert_model_info{version=\"v2\"} 1")
          .doesNotContain("streambert_model_info{version=\"v1\"}");
    }
  }

  @Test
  void shouldNameTheModelInReadinessWhileAPassWaitsForItToWorkAgain() throws Exception {
    FakeTextModel model = new FakeTextModel("v1");
    try (StreambertApp app =
        StreambertApp.create(
            config(Map.of("http.port", "-1")), model, new InMemorySchemaRegistryClient())) {
      model.breakFor(Integer.MAX_VALUE);
      CompletableFuture<String> pass =
          CompletableFuture.supplyAsync(
              () ->
                  app.passes()
                      .run(
                          () -> {
                            ModelProbe.requireWorking(model, new IllegalStateException("record"));
                            return "done";
                          }));

      await().atMost(Duration.ofSeconds(10)).until(() -> app.passes().modelOutage().down());
      assertThat(app.readiness().ok()).isFalse();
      assertThat(app.readiness().reason())
          .contains("a forward pass held while its model cannot work")
          .contains("expected model v1 to predict its probe text");

      model.breakFor(0);
      assertThat(pass.get(20, TimeUnit.SECONDS)).isEqualTo("done");
      assertThat(app.readiness().reason()).doesNotContain("cannot work");
    }
  }

  @Test
  void shouldPassKafkaKeysThroughAfterTheProcessorsOwn() {
    Properties p =
        StreamsProperties.of(
            config(
                Map.of(
                    "num.stream.threads", "3",
                    "kafka.max.poll.records", "77",
                    "kafka.session.timeout.ms", "20000")));

    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    assertThat(p.get("max.poll.records")).isEqualTo("77");
    assertThat(p.get("session.timeout.ms")).isEqualTo("20000");
    assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app-test");
    // Default max wait 50 ms: an idle thread must not block in poll() much longer than that.
    assertThat(p.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(12L);
  }

  /** Reads the group membership operation out of {@link CloseOptions} (a protected field). */
  private static final class CloseOptionsProbe extends CloseOptions {
    CloseOptionsProbe(CloseOptions options) {
      super(options);
    }

    GroupMembershipOperation operation() {
      return operation;
    }

    Duration timeoutOrNull() {
      return timeout.orElse(null);
    }
  }

  /** A real Kafka Streams client that records how it is closed. */
  private static final class RecordingStreams extends KafkaStreams {
    final List<Object> closes = new ArrayList<>();

    RecordingStreams(Topology topology, Properties props) {
      super(topology, props);
    }

    @Override
    public synchronized boolean close(org.apache.kafka.streams.CloseOptions options) {
      closes.add(new CloseOptionsProbe(options));
      return super.close(options);
    }

    @Override
    public synchronized boolean close(Duration timeout) {
      closes.add(timeout);
      return super.close(timeout);
    }
  }

  @Test
  void shouldLeaveTheConsumerGroupOnGracefulClose() {
    List<RecordingStreams> created = new ArrayList<>();
    StreambertApp app =
        StreambertApp.create(
            config(Map.of("http.port", "-1")),
            new FakeTextModel("v1"),
            new InMemorySchemaRegistryClient(),
            (topology, props) -> {
              RecordingStreams streams = new RecordingStreams(topology, props);
              created.add(streams);
              return streams;
            });

    app.close(Duration.ofSeconds(7));

    assertThat(created).hasSize(1);
    assertThat(created.get(0).closes).hasSize(1).first().isInstanceOf(CloseOptionsProbe.class);
    CloseOptionsProbe options = (CloseOptionsProbe) created.get(0).closes.get(0);
    assertThat(options.operation()).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
    assertThat(options.timeoutOrNull()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void shouldGiveEachStreamThreadsConsumerTheStaticMemberIdWithItsThreadIndex() {
    StreamsConfig streams =
        new StreamsConfig(
            StreamsProperties.of(
                config(Map.of("group.instance.id", "processor-3", "num.stream.threads", "2"))));

    assertThat(streams.getMainConsumerConfigs("g", "c", 1))
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "processor-3-1");
    assertThat(streams.getRestoreConsumerConfigs("c"))
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    assertThat(
            new StreamsConfig(StreamsProperties.of(config(Map.of())))
                .getMainConsumerConfigs("g", "c", 0))
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }
}
