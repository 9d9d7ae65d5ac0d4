package io.streambert.trainer.publish;

/** Makes sure the release topic exists and is compacted before a release is produced to it. */
public interface ReleaseTopic {

  /** Default name of the compacted release topic. */
  String DEFAULT_NAME = "model-releases";

  /**
   * Creates the topic with {@code cleanup.policy=compact} if missing.
   *
   * @throws PublishRefusedException when it exists without compaction (processors rely on the
   *     latest release per key staying on the topic forever) or the broker cannot be reached
   */
  void ensureCompacted(String topic);
}
