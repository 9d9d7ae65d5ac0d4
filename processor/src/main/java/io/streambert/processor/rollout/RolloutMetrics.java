package io.streambert.processor.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rollout's meters: swaps, rejections and discarded loads, load and check times, and the offset
 * of the release serving. The serving version itself is {@code streambert.model.info}.
 */
final class RolloutMetrics {

  static final String SWAPS = "streambert.model.swaps";
  static final String REJECTED = "streambert.model.releases.rejected";
  static final String DISCARDED = "streambert.model.releases.discarded";
  static final String LOAD_TIME = "streambert.model.load.time";
  static final String CHECK_TIME = "streambert.model.check.time";
  static final String RELEASE_OFFSET = "streambert.model.release.offset";

  private final MeterRegistry registry;
  private final Counter swaps;
  private final Counter discarded;
  private final Timer loadTime;
  private final Timer checkTime;
  private final AtomicLong releaseOffset = new AtomicLong(-1);

  RolloutMetrics(MeterRegistry registry) {
    this.registry = registry;
    swaps =
        Counter.builder(SWAPS)
            .description("Models swapped in (a release or the bootstrap bundle began serving)")
            .register(registry);
    discarded =
        Counter.builder(DISCARDED)
            .description("Models loaded but closed unserved: a newer release arrived meanwhile")
            .register(registry);
    loadTime =
        Timer.builder(LOAD_TIME)
            .description("Fetch, verify, unpack and open time of a release's bundle")
            .register(registry);
    checkTime =
        Timer.builder(CHECK_TIME)
            .description("Warm-up pass and golden examples of a loaded model")
            .register(registry);
    Gauge.builder(RELEASE_OFFSET, releaseOffset, AtomicLong::doubleValue)
        .description("Offset of the release record serving; -1 for the bootstrap bundle")
        .register(registry);
  }

  void swapped(Release release) {
    swaps.increment();
    releaseOffset.set(release.coordinate().map(c -> c.offset()).orElse(-1L));
  }

  void rejected(String reason) {
    int colon = reason.indexOf(':');
    String kind = colon > 0 ? reason.substring(0, colon) : "UNKNOWN";
    Counter.builder(REJECTED)
        .description("Releases refused, by reason")
        .tag("reason", kind)
        .register(registry)
        .increment();
  }

  void discarded() {
    discarded.increment();
  }

  void timings(LoadOutcome outcome) {
    if (outcome.loadMillis() >= 0) {
      loadTime.record(Duration.ofMillis(outcome.loadMillis()));
    }
    if (outcome.checkMillis() >= 0) {
      checkTime.record(Duration.ofMillis(outcome.checkMillis()));
    }
  }
}
