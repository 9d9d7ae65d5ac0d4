package io.streambert.processor.serving;

import java.util.Objects;

/**
 * Where a served model came from: the position of its release record on the release topic, or
 * {@link #BOOTSTRAP} for the model named in the processor's configuration file.
 *
 * <p>The coordinate travels with the model through {@link ServedModels} so that whoever swaps
 * models (the rollout) can tell which release a batch ran on and which release to apply next.
 *
 * @param topic the release topic, empty for the bootstrap model
 * @param partition the release record's partition, -1 for the bootstrap model
 * @param offset the release record's offset, -1 for the bootstrap model
 */
public record ReleaseCoordinate(String topic, int partition, long offset) {

  /** The coordinate of the model loaded from {@code model.bundle.path} at start-up. */
  public static final ReleaseCoordinate BOOTSTRAP = new ReleaseCoordinate("", -1, -1);

  public ReleaseCoordinate {
    Objects.requireNonNull(topic, "topic");
    boolean bootstrap = topic.isEmpty() && partition == -1 && offset == -1;
    if (!bootstrap && (topic.isEmpty() || partition < 0 || offset < 0)) {
      throw new IllegalArgumentException(
          "expected a release topic with partition >= 0 and offset >= 0 (or the bootstrap"
              + " coordinate \"\", -1, -1), found \""
              + topic
              + "\", "
              + partition
              + ", "
              + offset);
    }
  }

  /** The coordinate of the release record at {@code topic}-{@code partition}@{@code offset}. */
  public static ReleaseCoordinate of(String topic, int partition, long offset) {
    return new ReleaseCoordinate(topic, partition, offset);
  }

  /** Whether this is the model from the configuration file rather than from a release record. */
  public boolean isBootstrap() {
    return topic.isEmpty();
  }

  @Override
  public String toString() {
    return isBootstrap() ? "bootstrap (model.bundle.path)" : topic + "-" + partition + "@" + offset;
  }
}
