package io.streambert.processor.rollout;

/** What the {@link ReleaseStateMachine} asks its owner to do next. */
public sealed interface RolloutAction {

  /** Fetch, verify, load and check {@code release} off the stream threads. */
  record Load(Release release) implements RolloutAction {}

  /**
   * Serve the model just loaded for {@code release} from the next batch on; {@code replaced} is the
   * release served until now (null when none was), to be retired once no batch uses it.
   */
  record Serve(Release release, Release replaced) implements RolloutAction {}

  /** Close the model just loaded for {@code release} unserved: {@code newer} arrived meanwhile. */
  record Discard(Release release, Release newer) implements RolloutAction {}

  /**
   * Report that {@code release} failed a check; the serving model stays.
   *
   * @param reason the status reason, {@code "<RejectionReason>: expected ..., found ..."}
   */
  record Reject(Release release, String reason) implements RolloutAction {}

  /**
   * Load {@code release} again later: it was rejected because its store was unavailable, for the
   * {@code rejections}-th time in a row (from 1). Tell the machine {@link
   * ReleaseStateMachine#onRetryDue} when the wait for that count is over.
   */
  record RetryLater(Release release, int rejections) implements RolloutAction {}
}
