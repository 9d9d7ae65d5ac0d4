package io.streambert.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.replay.DeadLetterReplayer;
import io.streambert.processor.replay.ReplayMain;
import io.streambert.processor.topology.StreambertHeaders;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ops/replay-dead-letters} against a real broker: dead letters of several reasons, times and
 * offsets in, exactly the selected ones' original bytes back on the input topic.
 */
class DeadLetterReplayIT {

  private static final Instant FIXED_AT = Instant.parse("2026-12-03T10:00:00Z");
  private static final Instant BEFORE_FIX = Instant.parse("2026-12-03T08:00:00Z");

  private final KafkaBroker broker = SharedBroker.get();
  private MiniSchemaRegistry registry;
  private AvroSerializer<DeadLetter> serializer;
  private String input;
  private String deadLetters;

  @BeforeEach
  void start() throws Exception {
    registry = new MiniSchemaRegistry().start();
    serializer =
        new AvroSerializer<>(
            new RestSchemaRegistryClient(RegistryConfig.of(registry.url())),
            false,
            AvroSerdeConfig.defaults());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    input = "replay-text-in-" + suffix;
    deadLetters = "replay-dead-letter-" + suffix;
    broker.createTopics(1, input);
    broker.createTopics(2, deadLetters);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void shouldReplayExactlyTheSelectedDeadLettersOriginalBytesToTheirSourceTopic() throws Exception {
    // Given dead letters of several reasons, times and truncation on two partitions
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.producer(broker.bootstrapServers())) {
      send(producer, 0, letter("UNKNOWN_SCHEMA_ID", "k0", "v0", FIXED_AT, false)); // below range
      send(producer, 0, letter("UNKNOWN_SCHEMA_ID", "k1", "v1", FIXED_AT, false)); // replayed
      send(producer, 0, letter("BAD_MAGIC_BYTE", "k2", "v2", FIXED_AT, false)); // other reason
      send(producer, 0, letter("TEXT_TOO_LONG", "k3", "v3", FIXED_AT, true)); // truncated
      send(producer, 0, letter("TEXT_TOO_LONG", null, "v4", FIXED_AT, false)); // replayed
      send(producer, 0, letter("UNKNOWN_SCHEMA_ID", "k5", "v5", BEFORE_FIX, false)); // too early
      send(producer, 0, letter("UNKNOWN_SCHEMA_ID", "k6", "v6", FIXED_AT, false)); // replayed
      send(producer, 0, letter("UNKNOWN_SCHEMA_ID", "k7", "v7", FIXED_AT, false)); // above range
      send(producer, 1, letter("UNKNOWN_SCHEMA_ID", "p0", "w0", FIXED_AT, false)); // below range
      send(producer, 1, letter("UNKNOWN_SCHEMA_ID", "p1", "w1", FIXED_AT, false)); // replayed
    }

    // When offsets 1..6 of every partition are replayed for two reasons, failed since 09:00
    Run run =
        replay(
            "--from-offset", "1",
            "--to-offset", "6",
            "--from-time", "2026-12-03T09:00:00Z",
            "--reason", "UNKNOWN_SCHEMA_ID",
            "--reason", "TEXT_TOO_LONG");

    // Then exactly the four selected dead letters' original key and value bytes are on the input
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    List<ConsumerRecord<byte[], byte[]>> replayed = readToEnd(input);
    assertThat(replayed)
        .extracting(r -> text(r.key()) + "=" + text(r.value()))
        .containsExactlyInAnyOrder("k1=v1", "null=v4", "k6=v6", "p1=w1");
    assertThat(replayed)
        .extracting(
            r -> text(r.headers().lastHeader(DeadLetterReplayer.REPLAYED_FROM_HEADER).value()))
        .containsExactlyInAnyOrder(
            deadLetters + "-0@1", deadLetters + "-0@4", deadLetters + "-0@6", deadLetters + "-1@1");
    // And the report says what was read and why the others were not replayed
    assertThat(run.out())
        .contains(deadLetters + "-0 offsets [1, 7)")
        .contains(deadLetters + "-1 offsets [1, 2)")
        .contains("skipped      " + deadLetters + "-0@3  TEXT_TOO_LONG  truncated")
        .containsPattern("BAD_MAGIC_BYTE +1 +0 +0 +1 +0")
        .containsPattern("TEXT_TOO_LONG +2 +1 +1 +0 +0")
        .containsPattern("UNKNOWN_SCHEMA_ID +4 +3 +0 +0 +1");
  }

  @Test
  void shouldEndAfterTransactionalDeadLettersAndNeverReplayAnAbortedOne() throws Exception {
    // Given dead letters written as the exactly-once processor writes them: in transactions,
    // the last partition offset a commit marker, one transaction aborted
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.transactionalProducer(broker.bootstrapServers(), "replay-it-" + input)) {
      producer.initTransactions();
      for (String[] letter : new String[][] {{"a", "commit"}, {"b", "abort"}, {"c", "commit"}}) {
        producer.beginTransaction();
        send(producer, 0, letter("INFERENCE_FAILED", letter[0], "v-" + letter[0], FIXED_AT, false));
        if (letter[1].equals("commit")) {
          producer.commitTransaction();
        } else {
          producer.abortTransaction();
        }
      }
    }

    // When the whole topic is replayed
    Run run = replay("--reason", "INFERENCE_FAILED");

    // Then it ends at the last committed offset and writes exactly the committed ones
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(readToEnd(input))
        .extracting(r -> text(r.key()) + "=" + text(r.value()))
        .containsExactlyInAnyOrder("a=v-a", "c=v-c");
    assertThat(run.out()).containsPattern("INFERENCE_FAILED +2 +2");
  }

  @Test
  void shouldOnlyListOnADryRun() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaClients.producer(broker.bootstrapServers())) {
      send(producer, 0, letter("INFERENCE_FAILED", "k0", "v0", FIXED_AT, false));
      send(producer, 1, letter("INFERENCE_FAILED", "k1", "v1", FIXED_AT, false));
    }

    Run run = replay("--dry-run");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("would replay " + deadLetters + "-0@0  INFERENCE_FAILED  would write -> " + input)
        .contains("would replay " + deadLetters + "-1@0")
        .containsPattern("INFERENCE_FAILED +2 +2");
    // The command returns after its writes are acknowledged, so an empty input is final here.
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.readCommittedConsumer(broker.bootstrapServers())) {
      TopicPartition tp = new TopicPartition(input, 0);
      assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 0L);
    }
  }

  private Run replay(String... selection) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--schema-registry-url",
                registry.url(),
                "--dead-letter-topic",
                deadLetters,
                "--timeout",
                "PT60S"));
    args.addAll(List.of(selection));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ReplayMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** Every record of {@code topic}'s single partition up to its end offset now. */
  private List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.readCommittedConsumer(broker.bootstrapServers())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      assertThat(consumer.position(tp)).as("read %s to its end offset", topic).isEqualTo(end);
      return records;
    }
  }

  private DeadLetter letter(
      String reason, String key, String value, Instant failedAt, boolean truncated) {
    return DeadLetter.newBuilder()
        .setSourceTopic(input)
        .setPartition(0)
        .setOffset(0)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setOriginalValue(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)))
        .setErrorClass(IllegalArgumentException.class.getName())
        .setMessage(reason + ": test")
        .setFailedAt(failedAt)
        .setTruncated(truncated)
        .build();
  }

  private void send(KafkaProducer<byte[], byte[]> producer, int partition, DeadLetter letter)
      throws ExecutionException, InterruptedException {
    String reason = letter.getMessage().substring(0, letter.getMessage().indexOf(':'));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            deadLetters,
            partition,
            letter.getOriginalKey() == null ? null : letter.getOriginalKey().array(),
            serializer.serialize(deadLetters, letter));
    record
        .headers()
        .add(StreambertHeaders.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
    producer.send(record).get();
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
  }

  private record Run(int code, String out, String err) {}
}
