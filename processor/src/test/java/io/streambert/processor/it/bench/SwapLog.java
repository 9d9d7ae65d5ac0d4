package io.streambert.processor.it.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.streambert.processor.it.PipelineOutputs;
import io.streambert.processor.it.ReleaseAnnouncer;
import io.streambert.processor.topology.StreambertHeaders;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.avro.SentimentResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The swaps of a rollout benchmark and the figures they give. Times are wall-clock milliseconds of
 * this host, where the broker, the processors and the benchmark all run.
 */
final class SwapLog {

  /** One release and what each instance did with it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Swap(
      int number,
      String version,
      long releaseOffset,
      Map<String, Long> releaseToFirstOutputMs,
      Map<String, Long> releaseToServingMs,
      Map<String, Long> loadMs,
      Map<String, Long> checkMs,
      double throughputVsSteady,
      Map<String, Double> rssMib) {

    String line() {
      return String.format(
          Locale.ROOT,
          "[rollout-bench] swap %3d %-8s first output %s ms, serving %s ms, load %s ms, checks %s"
              + " ms, throughput %.3f of steady, RSS %s MiB",
          number,
          version,
          releaseToFirstOutputMs.values(),
          releaseToServingMs.values(),
          loadMs.values(),
          checkMs.values(),
          throughputVsSteady,
          rssMib.values().stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
  }

  private final List<String> instances;
  private final Map<Integer, String> owners;
  private final String releaseTopic;
  private final double steadyPerSecond;
  private final int windowSeconds;
  private final List<Swap> swaps = new ArrayList<>();

  SwapLog(
      List<String> instances,
      Map<Integer, String> owners,
      String releaseTopic,
      double steadyPerSecond,
      int windowSeconds) {
    this.instances = instances;
    this.owners = owners;
    this.releaseTopic = releaseTopic;
    this.steadyPerSecond = steadyPerSecond;
    this.windowSeconds = windowSeconds;
  }

  /** Records swap {@code number} once its window has passed and every instance serves it. */
  Swap add(
      int number,
      ReleaseAnnouncer.Announced release,
      List<ModelStatus> statuses,
      Map<String, Double> rss,
      PipelineOutputs outputs) {
    long at = release.acknowledgedAtMillis();
    String coordinate = releaseTopic + "-0@" + release.offset();
    Map<String, Long> first = new LinkedHashMap<>();
    long inWindow = 0;
    for (PipelineOutputs.Received<SentimentResult> r : outputs.sentiments()) {
      long t = r.receivedAtMillis();
      if (t >= at && t < at + windowSeconds * 1000L) {
        inWindow++;
      }
      String owner = owners.get(r.partition());
      if (owner != null && coordinate.equals(r.headers().get(StreambertHeaders.MODEL_RELEASE))) {
        first.merge(owner, t - at, Math::min);
      }
    }
    Map<String, Long> serving = new LinkedHashMap<>();
    Map<String, Long> load = new LinkedHashMap<>();
    Map<String, Long> check = new LinkedHashMap<>();
    String version = "?";
    for (ModelStatus s : statuses) {
      if (s.getState() == ModelState.SERVING
          && Long.valueOf(release.offset()).equals(s.getReleaseOffset())) {
        version = s.getModelVersion();
        serving.put(s.getInstanceId(), s.getAt().toEpochMilli() - at);
        load.put(s.getInstanceId(), s.getLoadMillis() == null ? -1 : s.getLoadMillis());
        check.put(s.getInstanceId(), s.getCheckMillis() == null ? -1 : s.getCheckMillis());
      }
    }
    double throughput = inWindow / (double) windowSeconds / steadyPerSecond;
    Swap swap =
        new Swap(
            number,
            version,
            release.offset(),
            first,
            serving,
            load,
            check,
            throughput,
            new LinkedHashMap<>(rss));
    swaps.add(swap);
    return swap;
  }

  /** Whether each instance owning a partition has put out a result of release {@code offset}. */
  boolean everyOwnerHasOutputOf(long offset, PipelineOutputs outputs) {
    String coordinate = releaseTopic + "-0@" + offset;
    Set<String> waiting = new HashSet<>(owners.values());
    for (PipelineOutputs.Received<SentimentResult> r : outputs.sentiments()) {
      if (coordinate.equals(r.headers().get(StreambertHeaders.MODEL_RELEASE))) {
        waiting.remove(owners.get(r.partition()));
        if (waiting.isEmpty()) {
          return true;
        }
      }
    }
    return waiting.isEmpty();
  }

  /** The benchmark's figures, snake_case names, the swaps themselves under {@code swaps}. */
  Map<String, Object> figures(
      double capacity, double rate, int sent, PipelineOutputs outputs, String mode) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", mode);
    f.put("instances", instances.size());
    f.put("partitions_per_instance", partitionsPerInstance());
    f.put("capacity_records_per_s", Figures.round(capacity));
    f.put("steady_load_records_per_s", Figures.round(rate));
    f.put("steady_output_records_per_s", Figures.round(steadyPerSecond));
    f.put("swaps", swaps.size());
    List<Long> firsts = new ArrayList<>();
    List<Long> servings = new ArrayList<>();
    List<Long> loads = new ArrayList<>();
    List<Long> checks = new ArrayList<>();
    List<Double> throughputs = new ArrayList<>();
    for (Swap s : swaps) {
      firsts.addAll(s.releaseToFirstOutputMs().values());
      servings.addAll(s.releaseToServingMs().values());
      loads.addAll(s.loadMs().values());
      checks.addAll(s.checkMs().values());
      throughputs.add(s.throughputVsSteady());
    }
    f.put("release_to_first_new_version_output_ms_median", median(firsts));
    f.put("release_to_first_new_version_output_ms_max", max(firsts));
    f.put(
        "release_to_first_new_version_output_missing",
        swaps.size() * instances.size() - firsts.size());
    f.put("release_to_serving_ms_median", median(servings));
    f.put("release_to_serving_ms_max", max(servings));
    f.put("load_ms_median", median(loads));
    f.put("check_ms_median", median(checks));
    throughputs.sort(null);
    f.put(
        "throughput_around_swap_vs_steady_min",
        throughputs.isEmpty() ? 0 : Figures.round(throughputs.get(0)));
    f.put(
        "throughput_around_swap_vs_steady_median",
        throughputs.isEmpty() ? 0 : Figures.round(throughputs.get(throughputs.size() / 2)));
    f.put("records_sent", sent);
    Delivery delivery = Delivery.of(sent, outputs);
    f.put("records_lost", delivery.lost());
    f.put("records_duplicated", delivery.duplicated());
    if (!swaps.isEmpty()) {
      double firstRss = maxRss(swaps.get(0));
      double lastRss = maxRss(swaps.get(swaps.size() - 1));
      f.put("rss_after_first_swap_mib", Figures.round(firstRss));
      f.put("rss_after_last_swap_mib", Figures.round(lastRss));
      f.put("rss_last_vs_first_swap", Figures.round(lastRss / firstRss));
    }
    f.put("swap_log", swaps);
    return f;
  }

  private Map<String, Long> partitionsPerInstance() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String id : instances) {
      out.put(id, owners.values().stream().filter(id::equals).count());
    }
    return out;
  }

  private static double maxRss(Swap swap) {
    return swap.rssMib().values().stream().mapToDouble(Double::doubleValue).max().orElse(-1);
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(-1);
  }
}
