package io.streambert.processor.it.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A soak's memory readings of one processor and what they say about growth: the first and the last
 * minute after the warm-up side by side, and the least-squares slope over everything after it.
 *
 * <p>Resident memory is compared by the window's median, so that one reading during a pass does not
 * decide. The heap is compared by its floor, the least in use in the window: what is left after
 * collections, while the peaks only say when the collector last ran.
 */
final class MemorySamples {

  /** One reading, {@code second} counted from the start of the load. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Sample(
      double second, double rssMib, double heapUsedMib, double oldGenMib, double liveDataMib) {}

  private static final double MINUTE = 60;

  private final double warmupSeconds;
  private final List<Sample> samples = new ArrayList<>();

  MemorySamples(double warmupSeconds) {
    this.warmupSeconds = warmupSeconds;
  }

  void add(Sample sample) {
    samples.add(sample);
  }

  List<Sample> all() {
    return List.copyOf(samples);
  }

  /**
   * The figures, snake_case; NaN where the run left no reading in a window.
   *
   * @throws IllegalStateException when the run after the warm-up is shorter than two minutes, so
   *     that the first and the last minute would overlap
   */
  Map<String, Double> figures() {
    List<Sample> measured = samples.stream().filter(s -> s.second() >= warmupSeconds).toList();
    double end = measured.isEmpty() ? warmupSeconds : measured.get(measured.size() - 1).second();
    if (end - warmupSeconds < 2 * MINUTE) {
      throw new IllegalStateException(
          "expected at least two minutes of readings after the "
              + warmupSeconds
              + " s warm-up, found "
              + (end - warmupSeconds)
              + " s");
    }
    List<Sample> first = window(measured, warmupSeconds, warmupSeconds + MINUTE);
    List<Sample> last = window(measured, end - MINUTE, end + 1);
    Map<String, Double> f = new LinkedHashMap<>();
    double rssFirst = median(first, Sample::rssMib);
    double rssLast = median(last, Sample::rssMib);
    f.put("rss_first_minute_mib", rssFirst);
    f.put("rss_last_minute_mib", rssLast);
    f.put("rss_last_vs_first_minute", rssLast / rssFirst);
    f.put("rss_slope_mib_per_minute", slopePerMinute(measured, Sample::rssMib));
    double oldFirst = median(first, Sample::oldGenMib);
    double oldLast = median(last, Sample::oldGenMib);
    f.put("old_gen_first_minute_mib", oldFirst);
    f.put("old_gen_last_minute_mib", oldLast);
    f.put("old_gen_last_vs_first_minute", oldLast / oldFirst);
    f.put("old_gen_slope_mib_per_minute", slopePerMinute(measured, Sample::oldGenMib));
    f.put("live_data_first_minute_mib", median(first, Sample::liveDataMib));
    f.put("live_data_last_minute_mib", median(last, Sample::liveDataMib));
    return f;
  }

  private static List<Sample> window(List<Sample> samples, double from, double to) {
    return samples.stream().filter(s -> s.second() >= from && s.second() < to).toList();
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
    double[] v = samples.stream().mapToDouble(value).filter(Double::isFinite).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  /** Least-squares slope of {@code value} over time, per minute. */
  private static double slopePerMinute(List<Sample> samples, ToDoubleFunction<Sample> value) {
    double n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Sample s : samples) {
      double y = value.applyAsDouble(s);
      if (!Double.isFinite(y)) {
        continue;
      }
      double x = s.second() / MINUTE;
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double denominator = n * sxx - sx * sx;
    return denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator;
  }
}
