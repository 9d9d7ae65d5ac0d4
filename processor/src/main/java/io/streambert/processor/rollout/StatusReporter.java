package io.streambert.processor.rollout;

import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this instance's {@link ModelStatus} records to the status topic, keyed by instance id
 * (so the topic can be compacted to each instance's latest state).
 *
 * <p>Sends run on a thread of their own, in order, so a broker that is slow to answer (or a status
 * topic that does not exist: the producer waits for its metadata) never holds up the rollout. A
 * status that cannot be sent is logged, never retried by hand (the producer retries), and never
 * stops serving. Owns the producer.
 */
final class StatusReporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

  private final Producer<String, ModelStatus> producer;
  private final String topic;
  private final String instanceId;
  private final Clock clock;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(DaemonThreads.named("streambert-status-sender"));

  StatusReporter(
      Producer<String, ModelStatus> producer, String topic, String instanceId, Clock clock) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * One status.
   *
   * @param release the release it is about
   * @param version the model version (the manifest's once loaded, else the release's)
   * @param state what happened
   * @param reason why, for REJECTED and a discarded RETIRED; else null
   * @param loadMillis fetch-to-open time, or -1
   * @param checkMillis checks time, or -1
   * @param residentBefore resident bytes before the load, or empty
   * @param residentAfter resident bytes when the state was reached, or empty
   */
  void report(
      Release release,
      String version,
      ModelState state,
      String reason,
      long loadMillis,
      long checkMillis,
      OptionalLong residentBefore,
      OptionalLong residentAfter) {
    ReleaseCoordinate at = release.coordinate().orElse(null);
    ModelStatus status =
        ModelStatus.newBuilder()
            .setInstanceId(instanceId)
            .setModelVersion(version)
            .setState(state)
            .setReason(reason)
            .setAt(clock.instant())
            .setReleaseTopic(at == null ? null : at.topic())
            .setReleasePartition(at == null ? null : at.partition())
            .setReleaseOffset(at == null ? null : at.offset())
            .setLoadMillis(loadMillis < 0 ? null : loadMillis)
            .setCheckMillis(checkMillis < 0 ? null : checkMillis)
            .setResidentBytesBefore(boxed(residentBefore))
            .setResidentBytesAfter(boxed(residentAfter))
            .build();
    producer.send(
        new ProducerRecord<>(topic, instanceId, status),
        (meta, error) -> {
          if (error != null) {
            log.warn(
                "Cannot publish status {} of {} to {}: {}",
                state,
                release,
                topic,
                error.toString());
          }
        });
  }

  private static Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  /**
   * Sends what is queued for up to 2 s (a missing status topic would hold a send for the producer's
   * {@code max.block.ms}), then closes the producer, waiting up to 2 s more.
   */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
        log.warn("Statuses still queued 2 s after closing; they are dropped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(2));
    sender.shutdownNow();
  }
}
