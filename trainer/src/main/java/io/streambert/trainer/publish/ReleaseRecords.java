package io.streambert.trainer.publish;

import io.streambert.schemas.avro.ModelRelease;
import java.time.Instant;
import java.util.List;

/** Builds the {@link ModelRelease} record that announces a stored bundle. */
public final class ReleaseRecords {
  private ReleaseRecords() {}

  /**
   * The release of a stored bundle.
   *
   * @param spec what the bundle's manifest says
   * @param stored where the store put it, and its SHA-256
   * @param createdAt when the release is made
   * @param target the instances that should load it; its key is the record key too
   */
  public static ModelRelease of(
      ReleaseSpec spec, StoredBundle stored, Instant createdAt, ReleaseTarget target) {
    if (!spec.modelVersion().equals(stored.version())) {
      throw new IllegalArgumentException(
          "expected the stored bundle to have version "
              + spec.modelVersion()
              + ", found "
              + stored.version());
    }
    return ModelRelease.newBuilder()
        .setModelVersion(spec.modelVersion().toString())
        .setBundleUri(stored.uri().toString())
        .setSha256(stored.sha256())
        .setTasks(spec.tasks())
        .setLabelSets(spec.labelSets())
        .setMetrics(spec.metrics())
        .setCreatedAt(createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .setTargetInstances(target.instanceIds().map(List::copyOf).orElse(null))
        .setTargetFraction(target.share().orElse(null))
        .setTargetKey(target.key())
        .build();
  }
}
