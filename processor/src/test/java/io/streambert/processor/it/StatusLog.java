package io.streambert.processor.it;

import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Every {@code ModelStatus} record of a status topic, read from its beginning. */
public final class StatusLog implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroDeserializer<ModelStatus> reader;
  private final List<ModelStatus> statuses = new ArrayList<>();

  public StatusLog(String bootstrapServers, String topic, SchemaRegistryClient registry) {
    this.consumer = KafkaClients.readCommittedConsumer(bootstrapServers);
    this.reader = new AvroDeserializer<>(ModelStatus.class, registry);
    TopicPartition p = new TopicPartition(topic, 0);
    consumer.assign(List.of(p));
    consumer.seekToBeginning(List.of(p));
  }

  /** Reads until a status matches {@code wanted} or {@code timeout} passes; returns it. */
  public Optional<ModelStatus> await(Predicate<ModelStatus> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int from = 0;
    while (true) {
      for (int i = from; i < statuses.size(); i++) {
        if (wanted.test(statuses.get(i))) {
          return Optional.of(statuses.get(i));
        }
      }
      from = statuses.size();
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      poll(Duration.ofMillis(200));
    }
  }

  /** Reads until {@code n} statuses match {@code wanted} or {@code timeout} passes. */
  public boolean awaitCount(Predicate<ModelStatus> wanted, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (statuses.stream().filter(wanted).count() < n) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      poll(Duration.ofMillis(200));
    }
    return true;
  }

  /** Polls once for up to {@code timeout}, keeping what arrives; returns how many arrived. */
  public int poll(Duration timeout) {
    int count = 0;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      statuses.add(reader.deserialize(r.topic(), r.headers(), r.value()));
      count++;
    }
    return count;
  }

  /** The statuses read so far. */
  public List<ModelStatus> all() {
    return List.copyOf(statuses);
  }

  /** A status of {@code instance} in {@code state} for {@code version}. */
  public static Predicate<ModelStatus> of(String instance, ModelState state, String version) {
    return s ->
        s.getInstanceId().equals(instance)
            && s.getState() == state
            && s.getModelVersion().equals(version);
  }

  /** What was read so far, one line each, for assertion messages. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (ModelStatus s : statuses) {
      out.append(s.getInstanceId())
          .append(' ')
          .append(s.getModelVersion())
          .append(' ')
          .append(s.getState())
          .append(" @")
          .append(s.getReleaseOffset())
          .append(s.getReason() == null ? "" : " " + s.getReason())
          .append('\n');
    }
    return out.toString();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
