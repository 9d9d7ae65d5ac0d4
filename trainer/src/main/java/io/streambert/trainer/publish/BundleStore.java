package io.streambert.trainer.publish;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where published bundle zips live; processors fetch them from the URIs it hands out.
 *
 * <p>Versions only go up and are never overwritten: {@link #put} refuses a version that exists or
 * is not newer than the latest one stored.
 */
public interface BundleStore {

  /** The store's own location, e.g. {@code file:///srv/bundles/}. */
  URI location();

  /** Every bundle in the store, oldest version first. */
  List<StoredBundle> list();

  /** The newest bundle, if any. */
  default Optional<StoredBundle> latest() {
    List<StoredBundle> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The bundle of one version, if stored. */
  default Optional<StoredBundle> find(ModelVersion version) {
    return list().stream().filter(b -> b.version().equals(version)).findFirst();
  }

  /**
   * Checks that {@code version} could be stored now: it does not exist and is newer than the
   * latest.
   *
   * @throws PublishRefusedException saying which stored version is in the way
   */
  void requirePublishable(ModelVersion version);

  /**
   * Copies {@code zip} into the store as {@code version}.
   *
   * @param sha256 the zip's SHA-256 (hex), recorded beside it
   * @throws PublishRefusedException when the version exists or is not newer than the latest
   */
  StoredBundle put(ModelVersion version, Path zip, String sha256);
}
