package io.streambert.processor.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the commit and transaction timings and the forward passes' padding a processor exposes on
 * {@code /metrics}.
 */
final class ProcessorScrape {

  /**
   * Prometheus series summed over their labels, under the names the benchmark reports. Kafka
   * Streams' commit latency is in ms; the producer's transaction timings are totals in ns.
   */
  private static final Map<String, String> SERIES =
      Map.of(
          "kafka_stream_thread_commit_latency_avg", "commit_latency_avg_ms",
          "kafka_stream_thread_commit_latency_max", "commit_latency_max_ms",
          "kafka_stream_thread_commit_total", "commits",
          "kafka_producer_txn_commit_time_ns_total", "txn_commit_ns_total",
          "kafka_producer_txn_send_offsets_time_ns_total", "txn_send_offsets_ns_total",
          "kafka_producer_flush_time_ns_total", "producer_flush_ns_total",
          "streambert_inference_passes_total", "inference_passes",
          "streambert_inference_windows_total", "inference_windows");

  /** The processor's token counter, one series per kind (real, computed). */
  private static final String TOKENS = "streambert_inference_tokens_total";

  /** Processor histograms whose mean the benchmark reports (seconds or records). */
  private static final String[] MEANS = {
    "streambert_batch_size", "streambert_inference_latency", "streambert_end_to_end_latency"
  };

  private static final double MIB = 1024.0 * 1024.0;

  private ProcessorScrape() {}

  /** A free TCP port on the loopback interface. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commit count, average and max commit latency (ms), the mean time per commit spent in the
   * transactional producer's commit, send-offsets and flush calls (ms), the real over computed
   * tokens of its forward passes ({@code padding_efficiency}) with their count and mean windows,
   * and the mean batch size, inference latency and end-to-end latency of the processor's own
   * histograms; empty when unreadable.
   */
  static Map<String, Double> commitTimings(int port) {
    Optional<String> body = metrics(port);
    if (body.isEmpty()) {
      return Map.of();
    }
    Map<String, Double> raw = new LinkedHashMap<>();
    try {
      for (String line : body.get().split("\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, brace >= 0 ? brace : space);
        String as = SERIES.get(name);
        if (name.equals(TOKENS)) {
          as = line.contains("kind=\"real\"") ? "real_tokens" : "computed_tokens";
        }
        for (String mean : MEANS) {
          if (name.startsWith(mean) && (name.endsWith("_sum") || name.endsWith("_count"))) {
            as = mean + (name.endsWith("_sum") ? "_sum" : "_count");
          }
        }
        if (as != null) {
          double value = Double.parseDouble(line.substring(space + 1));
          if (Double.isFinite(value)) {
            raw.merge(as, value, as.endsWith("max_ms") ? Math::max : Double::sum);
          }
        }
      }
    } catch (RuntimeException e) {
      return Map.of();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    double commits = raw.getOrDefault("commits", 0.0);
    out.put("commits", commits);
    out.put("commit_latency_avg_ms", raw.getOrDefault("commit_latency_avg_ms", Double.NaN));
    out.put("commit_latency_max_ms", raw.getOrDefault("commit_latency_max_ms", Double.NaN));
    for (String total :
        new String[] {
          "txn_commit_ns_total", "txn_send_offsets_ns_total", "producer_flush_ns_total"
        }) {
      out.put(
          total.replace("_ns_total", "_ms_per_commit"),
          commits == 0 ? Double.NaN : raw.getOrDefault(total, Double.NaN) / 1e6 / commits);
    }
    double computed = raw.getOrDefault("computed_tokens", 0.0);
    double passes = raw.getOrDefault("inference_passes", 0.0);
    out.put(
        "padding_efficiency",
        computed == 0 ? Double.NaN : raw.getOrDefault("real_tokens", 0.0) / computed);
    out.put("inference_passes", passes);
    out.put(
        "windows_per_pass",
        passes == 0 ? Double.NaN : raw.getOrDefault("inference_windows", 0.0) / passes);
    for (String mean : MEANS) {
      double count = raw.getOrDefault(mean + "_count", 0.0);
      double value = count == 0 ? Double.NaN : raw.getOrDefault(mean + "_sum", 0.0) / count;
      String name = mean.substring("streambert_".length());
      if (name.endsWith("latency")) {
        out.put(name + "_mean_ms", value * 1000);
      } else {
        out.put(name + "_mean", value);
      }
    }
    return out;
  }

  /**
   * The JVM heap in use now ({@code heap_used_mib}, every heap pool), its old generation ({@code
   * old_gen_mib}: what survived young collections, so what a leak would pile up) and the old
   * generation after the last collection that reclaimed it ({@code live_data_mib}, Micrometer's
   * {@code jvm_gc_live_data_size}, which young collections do not update); empty when unreadable.
   */
  static Map<String, Double> heap(int port) {
    Optional<String> body = metrics(port);
    if (body.isEmpty()) {
      return Map.of();
    }
    double used = 0;
    double old = 0;
    double live = Double.NaN;
    for (String line : body.get().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        used += value(line);
        if (line.contains("Old Gen\"") || line.contains("Tenured Gen\"")) {
          old += value(line);
        }
      } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
        live = value(line);
      }
    }
    return Map.of(
        "heap_used_mib", used / MIB, "old_gen_mib", old / MIB, "live_data_mib", live / MIB);
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The text of the processor's {@code /metrics}, or empty when it does not answer. */
  private static Optional<String> metrics(int port) {
    try {
      return Optional.of(
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
