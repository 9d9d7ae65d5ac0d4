package io.streambert.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentMemoryMetricsTest {

  @TempDir Path dir;

  @Test
  void shouldParseVmRssInKilobytes() {
    assertThat(
            ResidentMemoryMetrics.parseVmRss(
                List.of(
                    "Name:\tjava", "VmPeak:\t 9999999 kB", "VmRSS:\t  524288 kB", "Threads: 40")))
        .hasValue(524_288L * 1024);
    assertThat(ResidentMemoryMetrics.parseVmRss(List.of("Name:\tjava"))).isEmpty();
    assertThat(ResidentMemoryMetrics.parseVmRss(List.of("VmRSS:\tlots kB"))).isEmpty();
  }

  @Test
  void shouldExposeTheStatusFilesRssAsProcessResidentMemoryBytes() throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nVmRSS:\t    2048 kB\n");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    new ResidentMemoryMetrics(status).bindTo(registry);

    assertThat(registry.get(ResidentMemoryMetrics.RESIDENT_MEMORY).gauge().value())
        .isEqualTo(2048.0 * 1024);
    assertThat(registry.scrape()).contains("process_resident_memory_bytes 2097152");

    // Read at every scrape, not once.
    Files.writeString(status, "VmRSS:\t    4096 kB\n");
    assertThat(registry.get(ResidentMemoryMetrics.RESIDENT_MEMORY).gauge().value())
        .isEqualTo(4096.0 * 1024);
  }

  @Test
  void shouldRegisterNothingWhereThereIsNoProcStatus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    new ResidentMemoryMetrics(dir.resolve("no-such-status")).bindTo(registry);

    assertThat(registry.find(ResidentMemoryMetrics.RESIDENT_MEMORY).gauge()).isNull();
    assertThat(registry.scrape()).doesNotContain("process_resident_memory");
  }

  @Test
  void shouldReadThisProcesssRssOnLinux() {
    assumeTrue(Files.isReadable(ResidentMemoryMetrics.PROC_SELF_STATUS), "no /proc/self/status");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    new ResidentMemoryMetrics().bindTo(registry);

    // A JVM running JUnit holds well over 16 MiB resident.
    assertThat(registry.get(ResidentMemoryMetrics.RESIDENT_MEMORY).gauge().value())
        .isGreaterThan(16.0 * 1024 * 1024);
  }
}
