package io.streambert.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ProcessorMetricsTest {

  @Test
  void shouldExposeOnlyTheCurrentModelVersion() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessorMetrics metrics = new ProcessorMetrics(registry);

    metrics.modelVersion("v1");
    metrics.modelVersion("v2");

    assertThat(registry.find(ProcessorMetrics.MODEL_INFO).gauges()).hasSize(1);
    assertThat(registry.get(ProcessorMetrics.MODEL_INFO).tag("version", "v2").gauge().value())
        .isEqualTo(1);
    assertThat(registry.scrape())
        .contains("streambert_model_info{version=\"v2\"} 1")
        .doesNotContain("version=\"v1\"");
  }
}
