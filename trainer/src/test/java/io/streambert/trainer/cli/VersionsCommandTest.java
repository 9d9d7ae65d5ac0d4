package io.streambert.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.schemas.avro.ModelRelease;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.trainer.TrainerMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code versions} folds both topics into who serves what, against mock consumers. */
class VersionsCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldShowCanaryBesideReleaseForAllAndEachInstanceState() {
    // Given releases for all (v1, then v2), a canary (v3) and a removed canary key (tombstone)
    MockConsumer<String, ModelRelease> releases =
        consumer(
            "model-releases",
            List.of(
                record("model-releases", 0, "all", release("1.0.0")),
                record("model-releases", 1, "instances:proc-2", release("3.0.0")),
                record("model-releases", 2, "fraction:0.5", release("2.5.0")),
                record("model-releases", 3, "all", release("2.0.0")),
                record("model-releases", 4, "fraction:0.5", null)));
    // and statuses: proc-1 serves 2.0.0; proc-2 served 2.0.0, then rejected 3.0.0
    MockConsumer<String, ModelStatus> statuses =
        consumer(
            "model-status",
            List.of(
                record(
                    "model-status",
                    0,
                    "proc-1",
                    status("proc-1", "2.0.0", ModelState.SERVING, null)),
                record(
                    "model-status",
                    1,
                    "proc-2",
                    status("proc-2", "2.0.0", ModelState.SERVING, null)),
                record(
                    "model-status",
                    2,
                    "proc-2",
                    status(
                        "proc-2",
                        "3.0.0",
                        ModelState.REJECTED,
                        "SHA256_MISMATCH: expected a, found b"))));

    // When listed
    int code = run(releases, statuses);

    // Then the release for all (offset 3, newer) is listed before the canary (offset 1) it
    // supersedes, the tombstoned key is gone, and proc-2 still serves 2.0.0 with its rejection
    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).doesNotContain("fraction:0.5").doesNotContain("1.0.0");
    assertThat(text).containsPattern("(?m)^all +2\\.0\\.0 +3 ");
    assertThat(text).containsPattern("(?m)^instances:proc-2 +3\\.0\\.0 +1 ");
    assertThat(text.indexOf("\nall ")).isLessThan(text.indexOf("\ninstances:proc-2"));
    assertThat(text).containsPattern("proc-1 +2\\.0\\.0 +1970-01-01T00:00:00Z +SERVING +2\\.0\\.0");
    assertThat(text)
        .containsPattern(
            "proc-2 +2\\.0\\.0 +1970-01-01T00:00:00Z +REJECTED +3\\.0\\.0 +SHA256_MISMATCH: expected a, found b");
    assertThat(releases.closed()).isTrue();
    assertThat(statuses.closed()).isTrue();
  }

  @Test
  void shouldAskForBrokerAndRegistry() {
    int code =
        run(consumer("model-releases", List.of()), consumer("model-status", List.of()), true);

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("expected --bootstrap-servers");
  }

  private int run(
      MockConsumer<String, ModelRelease> releases, MockConsumer<String, ModelStatus> statuses) {
    return run(releases, statuses, false);
  }

  private int run(
      MockConsumer<String, ModelRelease> releases,
      MockConsumer<String, ModelStatus> statuses,
      boolean withoutBroker) {
    RolloutClients clients =
        new RolloutClients() {
          @Override
          public org.apache.kafka.clients.consumer.Consumer<String, ModelRelease> releases(
              Map<String, Object> config) {
            return releases;
          }

          @Override
          public org.apache.kafka.clients.consumer.Consumer<String, ModelStatus> statuses(
              Map<String, Object> config) {
            return statuses;
          }
        };
    CommandLine cli = TrainerMain.configure(new CommandLine(new VersionsCommand(clients)));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return withoutBroker
        ? cli.execute()
        : cli.execute("--bootstrap-servers=127.0.0.1:9", "--registry-url=http://127.0.0.1:9");
  }

  private static <V> MockConsumer<String, V> consumer(
      String topic, List<ConsumerRecord<String, V>> records) {
    MockConsumer<String, V> c = new MockConsumer<>("earliest");
    TopicPartition tp = new TopicPartition(topic, 0);
    c.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, Node.noNode(), null, null)));
    c.updateBeginningOffsets(Map.of(tp, 0L));
    c.updateEndOffsets(Map.of(tp, (long) records.size()));
    c.schedulePollTask(() -> records.forEach(c::addRecord));
    return c;
  }

  private static <V> ConsumerRecord<String, V> record(
      String topic, long offset, String key, V value) {
    return new ConsumerRecord<>(topic, 0, offset, key, value);
  }

  private static ModelRelease release(String version) {
    return ModelRelease.newBuilder()
        .setModelVersion(version)
        .setBundleUri("file:///srv/bundles/" + version + ".zip")
        .setSha256("0".repeat(64))
        .setTasks(List.of("sentiment"))
        .setLabelSets(Map.of("sentiment", List.of("negative", "positive")))
        .setCreatedAt(Instant.EPOCH)
        .build();
  }

  private static ModelStatus status(String id, String version, ModelState state, String reason) {
    return ModelStatus.newBuilder()
        .setInstanceId(id)
        .setModelVersion(version)
        .setState(state)
        .setReason(reason)
        .setAt(Instant.EPOCH)
        .build();
  }
}
