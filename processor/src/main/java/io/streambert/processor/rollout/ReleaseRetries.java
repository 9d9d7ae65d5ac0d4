package io.streambert.processor.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits before a release rejected because its store was unavailable is loaded again: the wait grows
 * with the rejections in a row ({@link RetryBackoff}), and once it is over the state machine
 * decides whether that release is still the one to load.
 */
final class ReleaseRetries implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReleaseRetries.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("streambert-release-retry"));
  private final RetryBackoff backoff;

  ReleaseRetries(RetryBackoff backoff) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  /** Runs {@code due} on the timer thread once the wait after {@code rejections} is over. */
  void schedule(Release release, int rejections, Runnable due) {
    Duration wait = backoff.after(rejections);
    log.info(
        "The store of {} was unavailable ({} in a row); loading it again in {} ms unless a newer"
            + " release arrives",
        release,
        rejections,
        wait.toMillis());
    timer.schedule(due, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Drops the waits not yet over. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
