package io.streambert.trainer.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearWarmupDecayTest {
  private final LinearWarmupDecay schedule = new LinearWarmupDecay(2e-5, 10, 110);

  @Test
  void shouldRiseLinearlyDuringWarmUp() {
    assertThat(schedule.rate(0)).isZero();
    assertThat(schedule.rate(5)).isCloseTo(1e-5, within(1e-15));
    assertThat(schedule.rate(9)).isCloseTo(1.8e-5, within(1e-15));
  }

  @Test
  void shouldPeakAtWarmUpEnd() {
    assertThat(schedule.rate(10)).isCloseTo(2e-5, within(1e-15));
  }

  @Test
  void shouldDecayLinearlyToZeroAtTheLastStep() {
    assertThat(schedule.rate(60)).isCloseTo(1e-5, within(1e-15)); // midpoint of the decay
    assertThat(schedule.rate(109)).isCloseTo(2e-7, within(1e-15));
    assertThat(schedule.rate(110)).isZero();
    assertThat(schedule.rate(1_000)).isZero();
  }

  @Test
  void shouldStartAtPeakWithoutWarmUp() {
    LinearWarmupDecay noWarmUp = new LinearWarmupDecay(1.0, 0, 4);

    assertThat(noWarmUp.rate(0)).isEqualTo(1.0);
    assertThat(noWarmUp.rate(2)).isEqualTo(0.5);
    assertThat(noWarmUp.rate(4)).isZero();
  }

  @Test
  void shouldRoundWarmUpFractionUpToWholeSteps() {
    assertThat(LinearWarmupDecay.withWarmupFraction(1.0, 0.06, 1000).warmupSteps()).isEqualTo(60);
    assertThat(LinearWarmupDecay.withWarmupFraction(1.0, 0.07, 100).warmupSteps()).isEqualTo(7);
    assertThat(LinearWarmupDecay.withWarmupFraction(1.0, 0.1, 15).warmupSteps()).isEqualTo(2);
  }

  @Test
  void shouldBeMonotoneUpThenDown() {
    LinearWarmupDecay s = LinearWarmupDecay.withWarmupFraction(5e-5, 0.06, 2105);
    double previous = -1;
    for (long step = 0; step <= s.warmupSteps(); step++) {
      assertThat(s.rate(step)).isGreaterThan(previous);
      previous = s.rate(step);
    }
    for (long step = s.warmupSteps() + 1; step <= s.totalSteps(); step++) {
      assertThat(s.rate(step)).isLessThan(previous);
      previous = s.rate(step);
    }
  }

  @Test
  void shouldRejectInvalidArguments() {
    assertThatThrownBy(() -> new LinearWarmupDecay(0, 0, 10)).hasMessageContaining("found 0.0");
    assertThatThrownBy(() -> new LinearWarmupDecay(1, 11, 10))
        .hasMessageContaining("within [0, 10], found 11");
    assertThatThrownBy(() -> new LinearWarmupDecay(1, 0, 0)).hasMessageContaining("found 0");
    assertThatThrownBy(() -> LinearWarmupDecay.withWarmupFraction(1, 1.5, 10))
        .hasMessageContaining("found 1.5");
    assertThatThrownBy(() -> schedule.rate(-1)).hasMessageContaining("found -1");
  }
}
