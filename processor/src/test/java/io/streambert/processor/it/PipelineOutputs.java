package io.streambert.processor.it;

import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.avro.EntityResult;
import io.streambert.schemas.avro.SentimentResult;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/**
 * Reads a pipeline's three output topics with {@code isolation.level=read_committed} and keeps
 * every decoded record with its key, headers, position and arrival time.
 */
public final class PipelineOutputs implements AutoCloseable {

  /** The model version header the processor writes on each result. */
  public static final String MODEL_VERSION_HEADER = "streambert-model-version";

  /** The dead-letter reason header. */
  public static final String DEAD_LETTER_REASON_HEADER = "streambert-dead-letter-reason";

  /** One consumed output record. */
  public record Received<T>(
      String key,
      T value,
      Map<String, String> headers,
      int partition,
      long offset,
      long timestamp,
      long receivedAtMillis) {}

  private final PipelineTopics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroDeserializer<SentimentResult> sentimentReader;
  private final AvroDeserializer<EntityResult> entityReader;
  private final AvroDeserializer<DeadLetter> deadLetterReader;
  private final List<Received<SentimentResult>> sentiments = new ArrayList<>();
  private final List<Received<EntityResult>> entities = new ArrayList<>();
  private final List<Received<DeadLetter>> deadLetters = new ArrayList<>();
  private final java.util.Set<String> seen = new java.util.HashSet<>();

  /** Subscribes a read_committed consumer in a fresh group to the outputs of {@code topics}. */
  public PipelineOutputs(
      String bootstrapServers, PipelineTopics topics, SchemaRegistryClient registry) {
    this.topics = topics;
    this.consumer = KafkaClients.readCommittedConsumer(bootstrapServers);
    this.sentimentReader = new AvroDeserializer<>(SentimentResult.class, registry);
    this.entityReader = new AvroDeserializer<>(EntityResult.class, registry);
    this.deadLetterReader = new AvroDeserializer<>(DeadLetter.class, registry);
    consumer.subscribe(topics.outputs());
  }

  /** Polls once for up to {@code timeout}, returning how many records arrived. */
  public int poll(Duration timeout) {
    int count = 0;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      // A consumer that rejoins its group (after a broker restart) starts again from the earliest
      // offset, since it commits none: a record read twice is not a duplicate result.
      if (!seen.add(r.topic() + "/" + r.partition() + "/" + r.offset())) {
        continue;
      }
      long now = System.currentTimeMillis();
      String topic = r.topic();
      if (topic.equals(topics.sentiment())) {
        sentiments.add(received(r, sentimentReader.deserialize(topic, r.value()), now));
      } else if (topic.equals(topics.entities())) {
        entities.add(received(r, entityReader.deserialize(topic, r.value()), now));
      } else {
        deadLetters.add(received(r, deadLetterReader.deserialize(topic, r.value()), now));
      }
      count++;
    }
    return count;
  }

  /**
   * Polls until {@code done} holds or {@code timeout} passes, then polls {@code settle} longer so
   * that surplus records (duplicates) show up too.
   *
   * @return whether {@code done} held before the timeout
   */
  public boolean pollUntil(BooleanSupplier done, Duration timeout, Duration settle) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      poll(Duration.ofMillis(100));
    }
    boolean reached = done.getAsBoolean();
    long settleUntil = System.nanoTime() + settle.toNanos();
    while (System.nanoTime() < settleUntil) {
      poll(Duration.ofMillis(100));
    }
    return reached;
  }

  /** Returns the sentiment results read so far, in arrival order. */
  public List<Received<SentimentResult>> sentiments() {
    return sentiments;
  }

  /** Returns the entity results read so far, in arrival order. */
  public List<Received<EntityResult>> entities() {
    return entities;
  }

  /** Returns the dead letters read so far, in arrival order. */
  public List<Received<DeadLetter>> deadLetters() {
    return deadLetters;
  }

  /** Returns how many sentiment results each event id received. */
  public Map<String, Integer> sentimentCountsByEventId() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    sentiments.forEach(r -> counts.merge(r.value().getEventId(), 1, Integer::sum));
    return counts;
  }

  /** Returns how many entity results each event id received. */
  public Map<String, Integer> entityCountsByEventId() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    entities.forEach(r -> counts.merge(r.value().getEventId(), 1, Integer::sum));
    return counts;
  }

  /**
   * Returns, per event id, when its results had arrived (epoch millis at this reader): the later of
   * its sentiment and entity result.
   */
  public Map<String, Long> completionTimes() {
    Map<String, Long> done = new HashMap<>();
    sentiments.forEach(r -> done.merge(r.value().getEventId(), r.receivedAtMillis(), Math::max));
    entities.forEach(r -> done.merge(r.value().getEventId(), r.receivedAtMillis(), Math::max));
    return done;
  }

  /** Returns the event ids of the sentiment results per record key, in arrival order. */
  public Map<String, List<String>> sentimentIdsPerKey() {
    return idsPerKey(sentiments, r -> r.value().getEventId());
  }

  /** Returns the event ids of the entity results per record key, in arrival order. */
  public Map<String, List<String>> entityIdsPerKey() {
    return idsPerKey(entities, r -> r.value().getEventId());
  }

  @Override
  public void close() {
    consumer.close();
  }

  private static <T> Map<String, List<String>> idsPerKey(
      List<Received<T>> received, Function<Received<T>, String> eventId) {
    Map<String, List<String>> perKey = new LinkedHashMap<>();
    for (Received<T> r : received) {
      perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(eventId.apply(r));
    }
    return perKey;
  }

  private static <T> Received<T> received(ConsumerRecord<byte[], byte[]> r, T value, long now) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      headers.put(
          h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    return new Received<>(key, value, headers, r.partition(), r.offset(), r.timestamp(), now);
  }
}
