package io.streambert.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambert.processor.config.BatchSettings;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The flush decision as a plain function of buffer state and clock: no processor, no store. */
class FlushPolicyTest {

  // 8 records, 100 tokens, 1 s max wait, pipelined with up to 3 batches in flight
  private final FlushPolicy policy =
      new FlushPolicy(
          TopologyHarness.settings(8, 100, 1_000).withPipelined(true).withMaxInFlight(3));

  @Test
  void shouldFlushOnceTheBatchHoldsMaxRecordsOrReachesTheTokenCap() {
    assertThat(policy.isFull(7, 99)).isFalse();
    assertThat(policy.isFull(8, 10)).isTrue();
    assertThat(policy.isFull(2, 100)).isTrue();
  }

  @Test
  void shouldFlushBeforeARecordThatWouldPushThePendingTokensOverTheCap() {
    assertThat(policy.flushBefore(3, 60, 40)).isFalse();
    assertThat(policy.flushBefore(3, 60, 41)).isTrue();
    // A single record above the cap starts a batch of its own: nothing pending to flush first.
    assertThat(policy.flushBefore(0, 0, 500)).isFalse();
  }

  @Test
  void shouldFlushAPartialBatchOnceItsOldestRecordHasWaitedTheMaxWait() {
    assertThat(policy.waitedLongEnough(OptionalLong.of(5_000), 5_999, 1)).isFalse();
    assertThat(policy.waitedLongEnough(OptionalLong.of(5_000), 6_000, 1)).isTrue();
    assertThat(policy.waitedLongEnough(OptionalLong.empty(), 60_000, 1)).isFalse();
  }

  @Test
  void shouldKeepFillingAWaitedBatchWhileNoPassCouldStart() {
    assertThat(policy.waitedLongEnough(OptionalLong.of(0), 60_000, 0)).isFalse();
  }

  @Test
  void shouldSplitABurstAcrossFreePassesKeepingFourRecordsAPart() {
    assertThat(policy.parts(8, 2)).isEqualTo(2);
    assertThat(policy.parts(8, 3)).isEqualTo(2);
    assertThat(policy.parts(7, 2)).isEqualTo(1);
    assertThat(policy.parts(16, 0)).isEqualTo(1);
    assertThat(policy.parts(16, 4)).isEqualTo(4);
  }

  @Test
  void shouldNeverSplitWithoutPipelining() {
    FlushPolicy serial = new FlushPolicy(TopologyHarness.settings(8, 100, 1_000));

    assertThat(serial.parts(16, 4)).isEqualTo(1);
  }

  @Test
  void shouldCountStartablePassesAsFreePermitsCappedByFreeInFlightSlots() {
    assertThat(policy.startablePasses(5, 0)).isEqualTo(3);
    assertThat(policy.startablePasses(1, 0)).isEqualTo(1);
    assertThat(policy.startablePasses(5, 3)).isZero();
    assertThat(policy.startablePasses(Integer.MAX_VALUE, 2)).isEqualTo(1);
    assertThat(policy.inFlightSlotsTaken(2)).isFalse();
    assertThat(policy.inFlightSlotsTaken(3)).isTrue();
  }

  @Test
  void shouldReadItsLimitsFromTheBatchSettings() {
    BatchSettings settings = TopologyHarness.settings(2, 10, 50);
    FlushPolicy small = new FlushPolicy(settings);

    assertThat(small.isFull(2, 0)).isTrue();
    assertThat(small.waitedLongEnough(OptionalLong.of(0), 50, 1)).isTrue();
  }
}
