package io.streambert.processor.status;

import io.streambert.schemas.avro.ModelStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the status topic from the beginning, without a consumer group, into {@link
 * InstanceStatuses}, on a daemon thread of its own until closed. Owns the consumer.
 *
 * <p>A status topic that does not exist yet is looked for again every few seconds; a record that
 * cannot be read is logged and skipped, never stops the page.
 */
public final class StatusTopicReader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusTopicReader.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long RETRY_MS = 2_000;

  private final Consumer<String, ModelStatus> consumer;
  private final String topic;
  private final InstanceStatuses statuses;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean closed;
  private boolean started;

  /** Reads {@code topic} with {@code consumer} into {@code statuses} once {@link #start}ed. */
  public StatusTopicReader(
      Consumer<String, ModelStatus> consumer, String topic, InstanceStatuses statuses) {
    this.consumer = consumer;
    this.topic = topic;
    this.statuses = statuses;
    this.thread = new Thread(this::run, "streambert-status-reader");
    thread.setDaemon(true);
  }

  /**
   * The configuration of a group-less consumer of the instance's cluster (security settings
   * included) reading from the earliest offset; the caller supplies the deserializers.
   */
  public static Map<String, Object> consumerConfig(StreamsConfig kafka, String clientId) {
    Map<String, Object> c = kafka.getGlobalConsumerConfigs(clientId);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    c.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    return c;
  }

  /** Starts reading. */
  public synchronized void start() {
    if (!closed) {
      started = true;
      thread.start();
    }
  }

  private void run() {
    try {
      assignAllPartitions();
      while (!closed) {
        pollOnce();
      }
    } catch (WakeupException e) {
      if (!closed) {
        log.warn("Stopped reading status topic {}: {}", topic, e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      log.warn("Stopped reading status topic {}: {}", topic, e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void pollOnce() {
    try {
      for (ConsumerRecord<String, ModelStatus> r : consumer.poll(POLL)) {
        if (r.value() != null) {
          statuses.accept(r.key(), r.value());
        }
      }
    } catch (RecordDeserializationException e) {
      log.warn(
          "Skipping status record {}@{}: expected a ModelStatus, found: {}",
          e.topicPartition(),
          e.offset(),
          e.getMessage());
      consumer.seek(e.topicPartition(), e.offset() + 1);
    }
  }

  private void assignAllPartitions() throws InterruptedException {
    while (!closed) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (partitions != null && !partitions.isEmpty()) {
        List<TopicPartition> assigned =
            partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        log.info("Reading status topic {} ({} partition(s))", topic, assigned.size());
        return;
      }
      log.info("Status topic {} not found; looking again in {} ms", topic, RETRY_MS);
      if (closing.await(RETRY_MS, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /** Stops reading and closes the consumer, waiting up to 5 s. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    closing.countDown();
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
