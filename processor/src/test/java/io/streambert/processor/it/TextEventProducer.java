package io.streambert.processor.it;

import io.streambert.schemas.avro.TextEvent;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.serde.AvroSerdeConfig;
import io.streambert.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces Avro {@link TextEvent}s in the Confluent wire format, as a real client would, plus raw
 * bytes for malformed records.
 */
public final class TextEventProducer implements AutoCloseable {

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerializer<TextEvent> serializer;

  /** Creates a producer to {@code topic} whose schemas are registered in {@code registry}. */
  public TextEventProducer(String bootstrapServers, String topic, SchemaRegistryClient registry) {
    this.topic = topic;
    this.producer = KafkaClients.producer(bootstrapServers);
    this.serializer = new AvroSerializer<>(registry, false, AvroSerdeConfig.defaults());
  }

  /** Returns a text event with no language and no attributes. */
  public static TextEvent event(String id, String text, Instant eventTime) {
    return TextEvent.newBuilder()
        .setId(id)
        .setText(text)
        .setLanguage(null)
        .setEventTime(eventTime)
        .setAttributes(Map.of())
        .build();
  }

  /** Serializes {@code event}; the record timestamp is the event time. */
  public byte[] serialize(TextEvent event) {
    return serializer.serialize(topic, event);
  }

  /** Sends {@code event} with a UTF-8 {@code key}; the record timestamp is its event time. */
  public Future<RecordMetadata> send(String key, TextEvent event) {
    return producer.send(
        new ProducerRecord<>(
            topic,
            null,
            event.getEventTime().toEpochMilli(),
            key.getBytes(StandardCharsets.UTF_8),
            serialize(event)));
  }

  /** Sends raw value bytes (possibly malformed) and waits for the broker's acknowledgement. */
  public RecordMetadata sendRaw(String key, byte[] value) {
    try {
      return producer
          .send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not produce to " + topic, e.getCause());
    }
  }

  /** Waits until every record sent so far is acknowledged. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
