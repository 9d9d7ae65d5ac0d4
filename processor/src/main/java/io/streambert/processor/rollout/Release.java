package io.streambert.processor.rollout;

import io.streambert.processor.serving.ReleaseCoordinate;
import io.streambert.schemas.avro.ModelRelease;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A model this instance could serve: a release record read from the release topic, or the bootstrap
 * bundle of the configuration (no coordinate, no SHA-256).
 *
 * @param coordinate where the release record is; empty for the bootstrap bundle
 * @param key the record key (its target, e.g. {@code all}); empty for the bootstrap bundle
 * @param version the model version the release names
 * @param bundleUri where its bundle is (for the bootstrap bundle, its path as a URI)
 * @param sha256 the bundle's SHA-256 the release carries; empty for the bootstrap bundle
 * @param target which instances the release is for
 * @param createdAt when the release was made (orders releases of different partitions)
 */
public record Release(
    Optional<ReleaseCoordinate> coordinate,
    Optional<String> key,
    String version,
    String bundleUri,
    Optional<String> sha256,
    ReleaseTarget target,
    Instant createdAt) {

  public Release {
    Objects.requireNonNull(coordinate, "coordinate");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(bundleUri, "bundleUri");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The release a record of the release topic announces. */
  public static Release of(String key, ModelRelease record, ReleaseCoordinate coordinate) {
    List<String> instances =
        record.getTargetInstances() == null
            ? List.of()
            : record.getTargetInstances().stream().map(CharSequence::toString).toList();
    OptionalDouble fraction =
        record.getTargetFraction() == null
            ? OptionalDouble.empty()
            : OptionalDouble.of(record.getTargetFraction());
    return new Release(
        Optional.of(coordinate),
        Optional.ofNullable(key),
        record.getModelVersion().toString(),
        record.getBundleUri().toString(),
        Optional.of(record.getSha256().toString()),
        new ReleaseTarget(instances, fraction),
        record.getCreatedAt());
  }

  /**
   * The bootstrap bundle of the configuration, served while no release applies.
   *
   * @param version its version, when the caller already loaded it; else a placeholder
   * @param bundle {@code model.bundle.path}, when configured
   */
  public static Release bootstrap(String version, Optional<Path> bundle) {
    return new Release(
        Optional.empty(),
        Optional.empty(),
        version,
        bundle.map(p -> p.toAbsolutePath().toUri().toString()).orElse(""),
        Optional.empty(),
        ReleaseTarget.all(),
        Instant.EPOCH);
  }

  /** Whether this is the configuration's bootstrap bundle rather than a release record. */
  public boolean isBootstrap() {
    return coordinate.isEmpty();
  }

  /**
   * Whether this release was published after {@code other}: by offset on the same partition (the
   * release topic has one), otherwise by creation time, then partition. The bootstrap bundle is
   * older than every release.
   */
  public boolean isNewerThan(Release other) {
    if (other.isBootstrap() || isBootstrap()) {
      return other.isBootstrap() && !isBootstrap();
    }
    ReleaseCoordinate mine = coordinate.get();
    ReleaseCoordinate theirs = other.coordinate.get();
    if (mine.topic().equals(theirs.topic()) && mine.partition() == theirs.partition()) {
      return mine.offset() > theirs.offset();
    }
    int byTime = createdAt.compareTo(other.createdAt);
    return byTime != 0 ? byTime > 0 : mine.partition() > theirs.partition();
  }

  /** Whether both name the same bundle (version, URI and SHA-256): serving one serves the other. */
  public boolean sameBundleAs(Release other) {
    return version.equals(other.version)
        && bundleUri.equals(other.bundleUri)
        && sha256.equals(other.sha256);
  }

  /** {@code version (topic-partition@offset)} or {@code version (bootstrap)}. */
  @Override
  public String toString() {
    return version + " (" + coordinate.map(ReleaseCoordinate::toString).orElse("bootstrap") + ")";
  }
}
