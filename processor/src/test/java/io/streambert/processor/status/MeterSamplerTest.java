package io.streambert.processor.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.processor.metrics.ProcessorMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeterSamplerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProcessorMetrics metrics = new ProcessorMetrics(registry, 32, 4096);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final MeterSampler sampler = new MeterSampler(registry, now::get, 3);

  @Test
  void shouldTurnTheProcessorMetersIntoRatesAndMeansPerInterval() {
    // Given a first sample, then 10 records in, 2 batches and 8 results out over 2 s
    sampler.sample();
    for (int i = 0; i < 10; i++) {
      metrics.recordIn();
    }
    metrics.batch(4, 100, TimeUnit.MILLISECONDS.toNanos(30));
    metrics.batch(2, 50, TimeUnit.MILLISECONDS.toNanos(10));
    for (int i = 0; i < 4; i++) {
      metrics.sentimentOut();
      metrics.entitiesOut();
    }
    metrics.deadLettered(DeadLetterReason.EMPTY_TEXT);
    now.addAndGet(2_000);

    // When sampled again
    sampler.sample();

    // Then the interval has the rates and the batch means, the totals the meters' counts
    assertThat(sampler.samples())
        .containsExactly(new MeterSampler.Sample(1_002_000, 5.0, 4.0, 3.0, 20.0));
    MeterSampler.Totals totals = sampler.totals();
    assertThat(totals.recordsIn()).isEqualTo(10.0);
    assertThat(totals.recordsOut()).isEqualTo(Map.of("entities", 4.0, "sentiment", 4.0));
    assertThat(totals.recordsOutAll()).isEqualTo(8.0);
    assertThat(totals.deadLettered()).isEqualTo(Map.of("EMPTY_TEXT", 1.0));
    assertThat(totals.batches()).isEqualTo(2);
  }

  @Test
  void shouldReportNoBatchMeansForAnIntervalWithoutBatchesAndKeepOnlyTheLatestIntervals() {
    sampler.sample();
    for (int i = 1; i <= 5; i++) {
      now.addAndGet(1_000);
      sampler.sample();
    }

    assertThat(sampler.samples())
        .containsExactly(
            new MeterSampler.Sample(1_003_000, 0.0, 0.0, null, null),
            new MeterSampler.Sample(1_004_000, 0.0, 0.0, null, null),
            new MeterSampler.Sample(1_005_000, 0.0, 0.0, null, null));
  }
}
