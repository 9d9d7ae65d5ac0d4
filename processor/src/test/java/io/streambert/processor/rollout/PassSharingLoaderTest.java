package io.streambert.processor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.serving.PassLimiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassSharingLoaderTest {

  private static final Release RELEASE = Release.bootstrap("v1", Optional.of(Path.of("b")));
  private static final LoadOutcome REJECTED = new LoadOutcome.Rejected("test", 1, 1);

  @Test
  void shouldHoldOnePermitWhileItLoadsAndGiveItBackAfter() {
    PassLimiter passes = new PassLimiter(2);
    AtomicInteger freeDuringLoad = new AtomicInteger(-1);
    ReleaseLoader inner =
        release -> {
          freeDuringLoad.set(passes.freePermits());
          return REJECTED;
        };

    LoadOutcome outcome = new PassSharingLoader(inner, passes).load(RELEASE);

    assertThat(outcome).isSameAs(REJECTED);
    assertThat(freeDuringLoad).hasValue(1);
    assertThat(passes.freePermits()).isEqualTo(2);
  }

  @Test
  void shouldGiveThePermitBackWhenTheLoadThrows() {
    PassLimiter passes = new PassLimiter(3);
    ReleaseLoader inner =
        release -> {
          throw new IllegalStateException("boom");
        };

    try {
      new PassSharingLoader(inner, passes).load(RELEASE);
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessage("boom");
    }

    assertThat(passes.freePermits()).isEqualTo(3);
  }

  @Test
  void shouldNotTakeTheOnlyPermitSoServingNeverStopsForALoad() {
    PassLimiter passes = new PassLimiter(1);
    AtomicInteger freeDuringLoad = new AtomicInteger(-1);

    new PassSharingLoader(
            release -> {
              freeDuringLoad.set(passes.freePermits());
              return REJECTED;
            },
            passes)
        .load(RELEASE);

    assertThat(freeDuringLoad).hasValue(1);
  }

  @Test
  void shouldLoadWithoutAPermitWhenNoneFreesInTime() {
    PassLimiter passes = new PassLimiter(2);
    try (PassLimiter.Hold first = passes.holdOneBeside(Duration.ZERO);
        PassLimiter.Hold second = passes.holdOneBeside(Duration.ZERO)) {
      assertThat(passes.freePermits()).isZero();

      // Every permit is held (by passes stuck in an outage, say): the hold gives up, holding none.
      try (PassLimiter.Hold third = passes.holdOneBeside(Duration.ofMillis(20))) {
        assertThat(third).isSameAs(PassLimiter.Hold.NONE);
      }
      assertThat(passes.freePermits()).isZero();
    }
    assertThat(passes.freePermits()).isEqualTo(2);
  }

  @Test
  void shouldReleaseAHeldPermitOnceWhenClosedTwice() {
    PassLimiter passes = new PassLimiter(2);
    PassLimiter.Hold hold = passes.holdOneBeside(Duration.ZERO);
    hold.close();
    hold.close();

    assertThat(passes.freePermits()).isEqualTo(2);
  }

  @Test
  void shouldCloseTheLoaderItWraps() {
    AtomicBoolean closed = new AtomicBoolean();
    ReleaseLoader inner =
        new ReleaseLoader() {
          @Override
          public LoadOutcome load(Release release) {
            return REJECTED;
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };

    new PassSharingLoader(inner, new PassLimiter(2)).close();

    assertThat(closed).isTrue();
  }
}
