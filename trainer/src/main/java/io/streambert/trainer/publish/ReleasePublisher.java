package io.streambert.trainer.publish;

import io.streambert.model.bundle.Checksums;
import io.streambert.schemas.avro.ModelRelease;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a bundle zip: stores it (new version only), then announces it with a {@link
 * ModelRelease} on the compacted release topic.
 *
 * <p>The store refuses a version that exists or is not newer than its latest. If the release cannot
 * be produced after the zip was stored, {@link #announce} produces it later for the stored bundle,
 * without storing again.
 */
public final class ReleasePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ReleasePublisher.class);

  private final BundleStore store;
  private final ReleaseTopic topicCheck;
  private final Producer<String, ModelRelease> producer;
  private final String topic;
  private final Clock clock;
  private final Duration timeout;

  /**
   * A publisher.
   *
   * @param store where bundles go
   * @param topicCheck makes sure the topic exists and is compacted
   * @param producer producer of releases (owned by the caller), with an Avro value serializer
   * @param topic the release topic; records are keyed by their {@link ReleaseTarget#key()}
   * @param clock source of {@code createdAt}
   * @param timeout how long to wait for the broker's acknowledgement
   */
  public ReleasePublisher(
      BundleStore store,
      ReleaseTopic topicCheck,
      Producer<String, ModelRelease> producer,
      String topic,
      Clock clock,
      Duration timeout) {
    this.store = Objects.requireNonNull(store, "store");
    this.topicCheck = Objects.requireNonNull(topicCheck, "topicCheck");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Stores {@code zip} under its manifest's version and announces it.
   *
   * @param spec the release facts of the zip (see {@link ZipManifestReader})
   * @param target the instances that should load it
   * @throws PublishRefusedException when the store refuses the version or the topic is unusable
   */
  public PublishResult publish(Path zip, ReleaseSpec spec, ReleaseTarget target) {
    // Check the topic first, so a broken topic does not leave a stored but unannounced bundle.
    topicCheck.ensureCompacted(topic);
    String sha256;
    try {
      sha256 = Checksums.sha256(zip);
    } catch (IOException e) {
      throw new PublishRefusedException("cannot read " + zip + " to hash it", e);
    }
    StoredBundle stored = store.put(spec.modelVersion(), zip, sha256);
    try {
      return send(ReleaseRecords.of(spec, stored, clock.instant(), target), stored);
    } catch (PublishRefusedException e) {
      throw new PublishRefusedException(
          e.getMessage()
              + "; the bundle is stored at "
              + stored.uri()
              + ", announce it with `publish --announce-only --version "
              + stored.version()
              + "`",
          e);
    }
  }

  /**
   * Announces a bundle that is already in the store (after a failed {@link #publish}, or to roll
   * back to an older version: the compacted topic then holds that version as current for the
   * target).
   *
   * @param spec the release facts of the stored zip
   * @param target the instances that should load it
   * @throws PublishRefusedException when the store has no such version
   */
  public PublishResult announce(ReleaseSpec spec, ReleaseTarget target) {
    StoredBundle stored =
        store
            .find(spec.modelVersion())
            .orElseThrow(
                () ->
                    new PublishRefusedException(
                        "expected version "
                            + spec.modelVersion()
                            + " in the bundle store "
                            + store.location()
                            + ", found "
                            + store.list().stream().map(StoredBundle::version).toList()));
    topicCheck.ensureCompacted(topic);
    return send(ReleaseRecords.of(spec, stored, clock.instant(), target), stored);
  }

  private PublishResult send(ModelRelease release, StoredBundle stored) {
    try {
      RecordMetadata meta =
          producer
              .send(new ProducerRecord<>(topic, release.getTargetKey(), release))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "released {} ({}) for {} to {}-{}@{}",
          release.getModelVersion(),
          release.getBundleUri(),
          release.getTargetKey(),
          meta.topic(),
          meta.partition(),
          meta.offset());
      return new PublishResult(stored, release, meta.topic(), meta.partition(), meta.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishRefusedException("interrupted while producing the release", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishRefusedException(
          "cannot produce the release of " + stored.version() + " to " + topic + ": " + e, e);
    }
  }
}
