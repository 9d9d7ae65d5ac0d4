package io.streambert.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streambert.model.PlannedPasses;
import org.junit.jupiter.api.Test;

class ProcessorMetricsTest {

  @Test
  void shouldExposeOnlyTheCurrentModelVersion() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessorMetrics metrics = new ProcessorMetrics(registry, 32, 4096);

    metrics.modelVersion("v1");
    metrics.modelVersion("v2");

    assertThat(registry.find(ProcessorMetrics.MODEL_INFO).gauges()).hasSize(1);
    assertThat(registry.get(ProcessorMetrics.MODEL_INFO).tag("version", "v2").gauge().value())
        .isEqualTo(1);
    assertThat(registry.scrape())
        .contains("streambert_model_info{version=\"v2\"} 1")
        .doesNotContain("version=\"v1\"");
  }

  private static double[] bucketBounds(PrometheusMeterRegistry registry, String name) {
    return java.util.Arrays.stream(registry.get(name).summary().takeSnapshot().histogramCounts())
        .mapToDouble(c -> c.bucket())
        .toArray();
  }

  @Test
  void shouldGiveTheBatchSizeHistogramBucketsUpToTheConfiguredMaximum() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessorMetrics metrics = new ProcessorMetrics(registry, 10_000, 100_000);

    // Batches of the largest allowed size land in a bucket of their own, not only in +Inf.
    metrics.batch(10_000, 90_000, 1_000_000);
    metrics.batch(600, 20_000, 1_000_000);

    assertThat(bucketBounds(registry, ProcessorMetrics.BATCH_SIZE))
        .startsWith(1, 2, 4, 8)
        .contains(512, 1024, 8192)
        .endsWith(8192, 10_000);
    assertThat(bucketBounds(registry, ProcessorMetrics.BATCH_TOKENS))
        .startsWith(64, 128)
        .endsWith(65_536, 100_000);
    assertThat(registry.scrape())
        .contains("streambert_batch_size_records_bucket{le=\"1024.0\"} 1")
        .contains("streambert_batch_size_records_bucket{le=\"8192.0\"} 1")
        .contains("streambert_batch_size_records_bucket{le=\"10000.0\"} 2");
  }

  @Test
  void shouldReportRealAndComputedTokensOfThePassesAndTheirRatio() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessorMetrics metrics = new ProcessorMetrics(registry, 32, 4096);
    assertThat(metrics.paddingEfficiency()).isEqualTo(1.0);

    metrics.passes(new PlannedPasses(3, 32, 900, 1000, 500));
    metrics.passes(PlannedPasses.single(1, 100, 100));

    assertThat(metrics.paddingEfficiency()).isEqualTo(1000.0 / 1100);
    assertThat(registry.scrape())
        .contains("streambert_inference_passes_total 4.0")
        .contains("streambert_inference_windows_total 33.0")
        .contains("streambert_inference_tokens_total{kind=\"real\"} 1000.0")
        .contains("streambert_inference_tokens_total{kind=\"computed\"} 1100.0")
        .contains("streambert_inference_pass_tokens_max 500.0")
        .contains("streambert_inference_pass_tokens_count 2");
  }

  @Test
  void shouldEndTheBucketsAtSmallLimitsToo() {
    assertThat(ProcessorMetrics.buckets(1, 1)).containsExactly(1);
    assertThat(ProcessorMetrics.buckets(1, 32)).containsExactly(1, 2, 4, 8, 16, 32);
    assertThat(ProcessorMetrics.buckets(1, 48)).containsExactly(1, 2, 4, 8, 16, 32, 48);
    assertThat(ProcessorMetrics.buckets(10, 10)).containsExactly(10);
  }
}
