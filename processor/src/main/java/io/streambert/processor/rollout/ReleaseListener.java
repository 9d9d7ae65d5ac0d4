package io.streambert.processor.rollout;

/** Receives what a {@link ReleaseFollower} reads, on the follower's thread, in topic order. */
public interface ReleaseListener {

  /** A release record. */
  void onRelease(Release release);

  /** A tombstone: the releases published under {@code key} no longer apply. */
  void onTombstone(String key);

  /**
   * The start-up read reached the end offsets the topic had when the follower started (or the topic
   * does not exist yet); called once, before any record read after that point.
   */
  void onCaughtUp();
}
