package io.streambert.processor.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MemorySamplesTest {

  @Test
  void shouldReadFlatMemoryUnderASawtoothHeapAsFlat() {
    MemorySamples samples = new MemorySamples(60);
    for (int s = 0; s <= 600; s += 5) {
      // the heap fills for 30 s, then a collection takes it back to 200 MiB
      double heap = 200 + (s % 30) * 10;
      samples.add(new MemorySamples.Sample(s, 900 + (s % 10 == 0 ? 3 : -3), heap, 40, 150));
    }

    Map<String, Double> f = samples.figures();

    assertThat(f.get("rss_last_vs_first_minute")).isCloseTo(1.0, within(0.01));
    assertThat(f.get("rss_slope_mib_per_minute")).isCloseTo(0.0, within(0.1));
    assertThat(f.get("old_gen_last_vs_first_minute")).isEqualTo(1.0);
    assertThat(f.get("old_gen_slope_mib_per_minute")).isCloseTo(0.0, within(1e-9));
    assertThat(f.get("live_data_last_minute_mib")).isEqualTo(150);
  }

  @Test
  void shouldMeasureGrowthAfterTheWarmupOnly() {
    MemorySamples samples = new MemorySamples(60);
    for (int s = 0; s <= 600; s += 5) {
      // a steep start that the warm-up hides, then 10 MiB a minute
      double rss = s < 60 ? 100 + s * 10 : 1000 + (s - 60) / 6.0;
      samples.add(new MemorySamples.Sample(s, rss, 300 + s / 6.0, 20 + s / 12.0, Double.NaN));
    }

    Map<String, Double> f = samples.figures();

    assertThat(f.get("rss_slope_mib_per_minute")).isCloseTo(10.0, within(1e-6));
    assertThat(f.get("rss_first_minute_mib")).isCloseTo(1005.0, within(0.01));
    assertThat(f.get("rss_last_minute_mib")).isCloseTo(1085.0, within(0.01));
    assertThat(f.get("old_gen_slope_mib_per_minute")).isCloseTo(5.0, within(1e-6));
    assertThat(f.get("live_data_first_minute_mib")).isNaN();
  }

  @Test
  void shouldRefuseARunTooShortToCompareTwoMinutes() {
    MemorySamples samples = new MemorySamples(60);
    for (int s = 0; s <= 170; s += 5) {
      samples.add(new MemorySamples.Sample(s, 900, 200, 40, 150));
    }

    assertThatThrownBy(samples::figures)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least two minutes")
        .hasMessageContaining("found 110.0 s");
  }
}
