package io.streambert.processor.rollout;

import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.schemas.avro.ModelRelease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole compacted release topic from its beginning, says when it reached the end offsets
 * of the start, then follows it while the instance runs.
 *
 * <p>A dedicated consumer rather than a Kafka Streams global store: every instance must read every
 * release (no consumer group, partitions assigned by hand), the start-up read must end before the
 * stream threads start so that no record is processed on a model about to be replaced, and the
 * topology stays what it is; a global store would add a changelog-less store to restore and a
 * state-store API the rollout does not need. The consumer reads with {@code read_committed} (its
 * configuration), so the end offsets it waits for are the last stable offsets.
 *
 * <p>A topic that does not exist yet, or that the instance may not describe (the broker does not
 * tell the two apart), counts as empty: the follower says it is caught up and looks for the topic
 * again every {@code retry}. A record whose value cannot be decoded is logged and skipped; it names
 * no release this instance could check.
 *
 * <p>Runs on one thread of its own ({@link #run()}); {@link #close()} stops it and closes the
 * consumer, which the follower owns.
 */
public final class ReleaseFollower implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReleaseFollower.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<ModelRelease> values;
  private final String topic;
  private final ReleaseListener listener;
  private final Duration retry;
  private volatile boolean running = true;
  private final java.util.concurrent.atomic.AtomicBoolean claimed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private boolean caughtUp;

  /**
   * A follower.
   *
   * @param consumer a consumer without a group, {@code read_committed}, owned from now on
   * @param values decodes the release records' values
   * @param topic the release topic
   * @param listener receives the releases
   * @param retry how long to wait before looking for a missing topic again, or after an error
   */
  public ReleaseFollower(
      Consumer<byte[], byte[]> consumer,
      Deserializer<ModelRelease> values,
      String topic,
      ReleaseListener listener,
      Duration retry) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.values = Objects.requireNonNull(values, "values");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /**
   * Reads and follows until {@link #close()}. After a Kafka error it starts over from the beginning
   * of the topic (the listener sees records again; they carry the same coordinates).
   */
  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      return;
    }
    try {
      while (running) {
        try {
          follow();
        } catch (WakeupException e) {
          if (running) {
            throw e;
          }
        } catch (AuthenticationException e) {
          // Credentials the brokers refuse: the stream threads will meet the same refusal and
          // stop the instance with the access-refused exit code, so let them start and say so.
          log.error("Kafka refused the release follower's credentials: {}", e.toString());
          if (!caughtUp) {
            caughtUp();
          }
          sleep();
        } catch (KafkaException e) {
          log.warn("Reading release topic {} failed; starting over: {}", topic, e.toString());
          sleep();
        }
      }
    } finally {
      consumer.close();
    }
  }

  private void follow() {
    List<TopicPartition> partitions = awaitPartitions();
    if (partitions == null) {
      return;
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    log.info("Reading release topic {} up to offsets {}", topic, end);
    while (running) {
      if (!caughtUp && reached(end)) {
        caughtUp();
      }
      deliver(consumer.poll(retry));
    }
  }

  /**
   * The topic's partitions, once it exists; says caught up (an empty topic) as long as it does not.
   * Null when closed meanwhile.
   */
  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, retry);
      } catch (TopicAuthorizationException e) {
        // The broker answers the same for a topic that does not exist and one the instance may
        // not describe, so both count as absent; the warning says which rights to grant.
        infos = List.of();
      }
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      if (!caughtUp) {
        log.warn(
            "Release topic {} does not exist (or this instance may not DESCRIBE and READ it): no"
                + " release applies; looking again every {}",
            topic,
            retry);
        caughtUp();
      }
      sleep();
    }
    return null;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void caughtUp() {
    caughtUp = true;
    listener.onCaughtUp();
  }

  private void deliver(ConsumerRecords<byte[], byte[]> records) {
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ReleaseCoordinate at = new ReleaseCoordinate(r.topic(), r.partition(), r.offset());
      String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        if (key != null) {
          log.info("Release topic: tombstone for key {} at {}", key, at);
          listener.onTombstone(key);
        }
        continue;
      }
      ModelRelease release;
      try {
        release = values.deserialize(r.topic(), r.headers(), r.value());
      } catch (RuntimeException e) {
        log.warn(
            "Skipping release record {} (key {}): expected a ModelRelease, found undecodable"
                + " bytes: {}",
            at,
            key,
            e.toString());
        continue;
      }
      Release parsed;
      try {
        parsed = Release.of(key, release, at);
      } catch (RuntimeException e) {
        log.warn("Skipping release record {} (key {}): {}", at, key, e.getMessage());
        continue;
      }
      log.info("Release topic: {} for {} (key {})", parsed, parsed.target(), key);
      listener.onRelease(parsed);
    }
  }

  private void sleep() {
    try {
      Thread.sleep(retry.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Stops the follower's thread at its next poll and closes the consumer there; closes it here when
   * {@link #run()} never started.
   */
  @Override
  public void close() {
    running = false;
    if (claimed.compareAndSet(false, true)) {
      consumer.close();
    } else {
      consumer.wakeup();
    }
  }
}
