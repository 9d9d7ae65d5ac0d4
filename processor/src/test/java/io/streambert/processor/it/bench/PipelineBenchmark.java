package io.streambert.processor.it.bench;

import io.streambert.model.OnnxTextModel;
import io.streambert.model.bundle.DemoBundles;
import io.streambert.model.bundle.ModelBundle;
import io.streambert.model.inference.EngineConfig;
import io.streambert.model.inference.ExecutionProvider;
import io.streambert.processor.it.ItFiles;
import io.streambert.processor.it.KafkaBroker;
import io.streambert.processor.it.SampleTexts;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end benchmark of the processor on one machine: a real broker, the registry, the processor
 * in a child JVM under exactly-once, compared with the bare model on the same texts.
 */
@Command(
    name = "ops/bench/pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Produces N real sentences (SST-2 dev + CoNLL-2003 valid from ../shared/data, repeated to N;"
          + " generated sentences when absent), runs the processor (exactly_once_v2, child JVM)"
          + " and consumes both outputs. Measures: end-to-end records/s draining a backlog; the"
          + " bare model (encode + OnnxTextModel.predict, same batches) on the same texts; the pipeline"
          + " with batching off (batch.max.records=1); p50/p99 end-to-end latency at a fixed rate"
          + " of half the measured capacity; the processor's peak RSS (VmHWM)."
    })
public final class PipelineBenchmark implements Callable<Integer> {

  @Option(
      names = "--records",
      description = "Records per throughput run (default: ${DEFAULT-VALUE}).")
  int records = 8000;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--batch-size", description = "batch.max.records (default: ${DEFAULT-VALUE}).")
  int batchSize = 32;

  @Option(names = "--max-tokens", description = "batch.max.tokens (default: ${DEFAULT-VALUE}).")
  int maxTokens = 4096;

  @Option(names = "--max-wait-ms", description = "batch.max.wait.ms (default: ${DEFAULT-VALUE}).")
  int maxWaitMs = 50;

  @Option(
      names = "--partitions",
      description = "Input/output partitions (default: ${DEFAULT-VALUE}).")
  int partitions = 1;

  @Option(
      names = "--rounds",
      description =
          "Bare model and batched pipeline measured side by side this many times; the round with"
              + " the median ratio gives the table's throughput figures (default: ${DEFAULT-VALUE}).")
  int rounds = 1;

  @Option(
      names = "--warmup-fraction",
      description =
          "Share of a drain's records done before throughput is measured: start-up, class loading"
              + " and JIT compilation stay out of the figure (default: ${DEFAULT-VALUE}).")
  double warmupFraction = 0.2;

  @Option(
      names = "--latency-seconds",
      description = "Length of the fixed-rate latency run (default: ${DEFAULT-VALUE}).")
  int latencySeconds = 20;

  @Option(
      names = "--latency-rounds",
      paramLabel = "N",
      description =
          "Fixed-rate latency runs, each with a fresh processor; the table's latency figures are"
              + " those of the run with the median p99, every run's p99 and host steal are listed"
              + " too (default: ${DEFAULT-VALUE}).")
  int latencyRounds = 3;

  @Option(
      names = "--latency-settle-seconds",
      paramLabel = "S",
      description =
          "First seconds of the fixed-rate part, produced and processed like the rest but left out"
              + " of the percentiles: the processor goes from draining its warm-up backlog to the"
              + " fixed rate, and compiles the paths of that regime (default: ${DEFAULT-VALUE}).")
  int latencySettleSeconds = 3;

  @Option(
      names = "--latency-warmup",
      paramLabel = "N",
      description =
          "Records the latency run's processor drains before the fixed-rate part, so JIT"
              + " compilation of a fresh JVM stays out of the percentiles (default:"
              + " ${DEFAULT-VALUE}).")
  int latencyWarmup = 1000;

  @Option(
      names = "--latency-rate",
      paramLabel = "R",
      description =
          "Produce rate of the latency run in records/s; 0 (default): half the capacity the"
              + " batched drain measured, which the p99 target is defined at.")
  double latencyRate;

  @Option(
      names = "--provider",
      description = "Execution provider: auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String provider = "auto";

  @Option(
      names = "--bundle",
      paramLabel = "DIR",
      description = "Model bundle; default: the MiniLM fp32 demo bundle with both heads.")
  Path bundle;

  @Option(
      names = "--baseline-bundle",
      paramLabel = "DIR",
      description =
          "Also drain the backlog with this bundle in every round, beside --bundle, and print"
              + " pipeline / baseline pipeline (--bundle an int8 bundle, this its fp32 source:"
              + " int8 / fp32).")
  Path baselineBundle;

  @Option(
      names = "--no-peer",
      description =
          "Leave out the peer (langchain4j's AllMiniLmL6V2EmbeddingModel on the first"
              + " --peer-records texts, every round).")
  boolean noPeer;

  @Option(
      names = "--peer-records",
      description = "Texts the peer embeds each round (default: ${DEFAULT-VALUE}).")
  int peerRecords = 2000;

  @Option(
      names = "--processor-heap",
      description = "Max heap of the processor JVM (default: ${DEFAULT-VALUE}).")
  String processorHeap = "512m";

  @Option(
      names = "--processor-config",
      paramLabel = "KEY=VALUE",
      description =
          "A processor configuration key for every run, repeatable (e.g."
              + " commit.interval.ms=200); the benchmark's own keys cannot be overridden.")
  Map<String, String> processorConfig = new LinkedHashMap<>();

  @Option(
      names = "--broker-jit",
      description =
          "quick: the test broker's C1-only JIT and serial GC; server: kafka-server-start's full"
              + " JIT and G1. A full-JIT broker spends its first minute compiling, which in runs"
              + " this short costs more CPU than it saves (default: ${DEFAULT-VALUE}).")
  String brokerJit = "quick";

  @Option(
      names = "--processor-jit",
      description =
          "quick: C1-only JIT (-XX:TieredStopAtLevel=1), as the processor image runs; server: the"
              + " JVM's tiered C1+C2 JIT, as a plain java -jar. On 2 cores C2 compiled for 20-40%"
              + " of a core through the first minute of each processor JVM, more than it saved"
              + " (default: ${DEFAULT-VALUE}).")
  String processorJit = "quick";

  @Option(
      names = "--load-jit",
      description =
          "JIT of the latency run's load generator JVM (producer and output reader): quick (C1"
              + " only, serial GC) or server (tiered C1+C2). In the benchmark JVM its C2"
              + " compilations took 10-50% of a core through the latency run, on the cores the"
              + " pipeline runs on (default: ${DEFAULT-VALUE}).")
  String loadJit = "quick";

  /** The processor image's JIT option (docker/processor.Dockerfile). */
  static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

  @Option(
      names = "--processor-jvm-arg",
      paramLabel = "ARG",
      description =
          "Extra JVM option of the processor, repeatable (e.g. a flight recording or GC flags).")
  List<String> processorJvmArgs = new ArrayList<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Broker data, processor state and logs (default: ${DEFAULT-VALUE}).")
  Path workDir = Path.of("processor/target/bench-pipeline");

  @Option(names = "--skip-unbatched", description = "Skip the batch-size-1 run.")
  boolean skipUnbatched;

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (latencySettleSeconds < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "expected --latency-settle-seconds of at least 0, found " + latencySettleSeconds);
    }
    if (rounds < 1 || latencyRounds < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "expected --rounds and --latency-rounds of at least 1, found "
              + rounds
              + " and "
              + latencyRounds);
    }
    ItFiles.deleteRecursively(workDir);
    Files.createDirectories(workDir);
    ModelBundle modelBundle =
        bundle != null
            ? ModelBundle.open(bundle)
            : DemoBundles.miniLmBothTasks(
                Path.of("processor/target/bench-bundles/minilm-demo"), "bench-minilm-1", 42L);
    List<String> texts = SampleTexts.take(records);
    Map<String, Object> figures = new LinkedHashMap<>();

    String loadAtStart = loadAverage();
    String providerUsed;
    try (OnnxTextModel model =
            OnnxTextModel.load(
                modelBundle,
                EngineConfig.builder()
                    .provider(ExecutionProvider.valueOf(provider.toUpperCase(Locale.ROOT)))
                    .build());
        OnnxTextModel parallelModel = singleThreadedCpuModel(modelBundle, model);
        KafkaBroker broker =
            KafkaBroker.start(workDir.resolve("broker"), false, brokerJvmOptions());
        MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
      providerUsed = model.provider().toString();
      int cores = Runtime.getRuntime().availableProcessors();
      step("bare model: encode + predict, batches of 1");
      BareModelThroughput.Result bareUnbatched =
          new BareModelThroughput(model, 1, maxTokens).measure(texts, 20);
      PipelineRun runs =
          new PipelineRun(
              new PipelineRun.Settings(
                  broker,
                  registry.url(),
                  new RestSchemaRegistryClient(RegistryConfig.of(registry.url())),
                  modelBundle.directory(),
                  workDir,
                  partitions,
                  maxWaitMs,
                  maxTokens,
                  provider,
                  warmupFraction,
                  processorConfig,
                  processorJvmArgs(),
                  loadJvmOptions()));
      // Bare model and pipeline side by side, round after round: a shared host's speed drifts by
      // tens of percent within minutes, so each ratio compares neighbours and the median is kept.
      List<BareModelThroughput.Result> bares = new ArrayList<>();
      List<BareModelThroughput.Result> parallelBares = new ArrayList<>();
      List<PipelineRun.Result> drains = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      PipelineRun baselineRuns =
          baselineBundle == null ? null : runs.withBundle(ModelBundle.open(baselineBundle));
      List<Double> vsBaseline = new ArrayList<>();
      PeerThroughput peer = noPeer ? null : new PeerThroughput();
      List<Double> peerRates = new ArrayList<>();
      List<Double> vsPeer = new ArrayList<>();
      List<Double> baselineRates = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        step("round %d/%d: bare model, batches of %d", round, rounds, batchSize);
        bares.add(new BareModelThroughput(model, batchSize, maxTokens).measure(texts, 5));
        if (parallelModel != null) {
          step("round %d/%d: bare model, %d single-threaded passes at once", round, rounds, cores);
          parallelBares.add(
              new BareModelThroughput(parallelModel, batchSize, maxTokens)
                  .measure(texts, 5, cores));
        }
        step(
            "round %d/%d: pipeline, drain %d records, batch.max.records=%d",
            round, rounds, records, batchSize);
        drains.add(runs.drainBacklog(texts, batchSize));
        ratios.add(
            drains.get(round - 1).recordsPerSecond() / bares.get(round - 1).recordsPerSecond());
        if (peer != null) {
          step("round %d/%d: peer, embedAll of %d texts", round, rounds, peerRecords);
          double rate = peer.measure(texts.subList(0, Math.min(peerRecords, texts.size())));
          peerRates.add(rate);
          vsPeer.add(drains.get(round - 1).recordsPerSecond() / rate);
        }
        if (baselineRuns != null) {
          step(
              "round %d/%d: baseline pipeline (%s), drain %d records",
              round, rounds, baselineBundle, records);
          double baseline = baselineRuns.drainBacklog(texts, batchSize).recordsPerSecond();
          baselineRates.add(baseline);
          vsBaseline.add(drains.get(round - 1).recordsPerSecond() / baseline);
        }
      }
      int median = medianIndex(ratios);
      BareModelThroughput.Result bare = bares.get(median);
      BareModelThroughput.Result parallelBare =
          parallelBares.isEmpty() ? null : parallelBares.get(median);
      PipelineRun.Result batched = drains.get(median);
      PipelineRun.Result unbatched = null;
      if (!skipUnbatched) {
        step("pipeline: drain %d records, batch.max.records=1", records);
        unbatched = runs.drainBacklog(texts, 1);
      }
      double rate = latencyRate > 0 ? latencyRate : batched.recordsPerSecond() / 2;
      int latencyRecords = Math.max(50, (int) (rate * latencySeconds));
      // Like the drains, the latency run is repeated and its median kept: a p99 measured on a
      // shared VM moves by hundreds of ms with the seconds its hypervisor steals the cores.
      List<PipelineRun.Result> latencies = new ArrayList<>();
      for (int round = 1; round <= latencyRounds; round++) {
        step(
            "latency %d/%d: %d records at %.0f records/s (%s)",
            round,
            latencyRounds,
            latencyRecords,
            rate,
            latencyRate > 0 ? "--latency-rate" : "half capacity");
        latencies.add(
            runs.followRate(
                SampleTexts.take(latencyRecords),
                SampleTexts.take(latencyWarmup),
                SampleTexts.take((int) (rate * latencySettleSeconds)),
                rate,
                batchSize));
      }
      List<Long> p99s = latencies.stream().map(r -> percentile(r.latenciesMillis(), 99)).toList();
      PipelineRun.Result latency = latencies.get(medianIndex(p99s));

      double p99Target = maxWaitMs + 2 * bare.meanBatchMillis();
      figures.put("pipeline_records_per_s", round(batched.recordsPerSecond()));
      if (peer != null) {
        int m = medianIndex(vsPeer);
        figures.put("peer_embeddings_per_s", round(peerRates.get(m)));
        figures.put("pipeline_vs_peer", round3(vsPeer.get(m)));
        figures.put(
            "pipeline_vs_peer_rounds", vsPeer.stream().map(PipelineBenchmark::round3).toList());
      }
      if (baselineRuns != null) {
        int m = medianIndex(vsBaseline);
        figures.put("baseline_pipeline_records_per_s", round(baselineRates.get(m)));
        figures.put("pipeline_vs_baseline", round3(vsBaseline.get(m)));
        figures.put(
            "pipeline_vs_baseline_rounds",
            vsBaseline.stream().map(PipelineBenchmark::round3).toList());
        figures.put(
            "baseline_model_version", ModelBundle.open(baselineBundle).manifest().modelVersion());
      }
      figures.put("bare_model_records_per_s", round(bare.recordsPerSecond()));
      figures.put("pipeline_vs_bare_model", round3(ratios.get(median)));
      figures.put(
          "pipeline_vs_bare_model_rounds", ratios.stream().map(PipelineBenchmark::round3).toList());
      figures.put(
          "unbatched_records_per_s",
          unbatched == null ? null : round(unbatched.recordsPerSecond()));
      figures.put(
          "batched_vs_unbatched",
          unbatched == null
              ? null
              : round3(batched.recordsPerSecond() / unbatched.recordsPerSecond()));
      figures.put("latency_p50_ms", percentile(latency.latenciesMillis(), 50));
      figures.put("latency_p99_ms", percentile(latency.latenciesMillis(), 99));
      figures.put("latency_p99_target_ms", round(p99Target));
      figures.put("latency_p99_ms_rounds", p99s);
      figures.put(
          "latency_p50_ms_rounds",
          latencies.stream().map(r -> percentile(r.latenciesMillis(), 50)).toList());
      figures.put(
          "latency_run_host_steal_pct_rounds",
          latencies.stream().map(r -> round(r.hostStealPercent())).toList());
      figures.put(
          "latency_p99_pooled_ms",
          percentile(latencies.stream().flatMap(r -> r.latenciesMillis().stream()).toList(), 99));
      figures.put("latency_rate_records_per_s", round(rate));
      figures.put("bare_model_batch_ms", round(bare.meanBatchMillis()));
      // One single-threaded pass of a full batch (the processor's default layout) lasts as long as
      // `cores` batches of the parallel measurement, which ran that many passes at once.
      Double singleThreadedPassMs =
          parallelBare == null ? null : parallelBare.meanBatchMillis() * cores;
      figures.put(
          "bare_model_single_threaded_pass_ms",
          singleThreadedPassMs == null ? null : round(singleThreadedPassMs));
      figures.put(
          "latency_p99_target_single_threaded_passes_ms",
          singleThreadedPassMs == null ? null : round(maxWaitMs + 2 * singleThreadedPassMs));
      figures.put(
          "bare_model_parallel_records_per_s",
          parallelBare == null ? null : round(parallelBare.recordsPerSecond()));
      figures.put(
          "pipeline_vs_bare_model_parallel",
          parallelBare == null
              ? null
              : round3(batched.recordsPerSecond() / parallelBare.recordsPerSecond()));
      figures.put(
          "bare_model_parallel_cpu_ms_per_record",
          parallelBare == null ? null : round3(parallelBare.cpuMillisPerRecord()));
      figures.put("bare_model_unbatched_records_per_s", round(bareUnbatched.recordsPerSecond()));
      // What the processor's forward passes computed while draining, read from its own counters.
      figures.put(
          "batch_padding_efficiency",
          round3OrNull(batched.processorMetrics().get("padding_efficiency")));
      figures.put(
          "drain_windows_per_pass",
          round3OrNull(batched.processorMetrics().get("windows_per_pass")));
      figures.put("bare_model_padding_efficiency", round3(bare.paddingEfficiency()));
      figures.put("arrival_order_padding_efficiency", round3(bare.arrivalPaddingEfficiency()));
      figures.put("latency_to_processed_p50_ms", percentile(latency.processingMillis(), 50));
      figures.put("latency_to_processed_p99_ms", percentile(latency.processingMillis(), 99));
      List<Long> inSendOrder = latency.latenciesMillis();
      List<Long> secondHalf = inSendOrder.subList(inSendOrder.size() / 2, inSendOrder.size());
      figures.put("latency_second_half_p50_ms", percentile(secondHalf, 50));
      figures.put("latency_second_half_p99_ms", percentile(secondHalf, 99));
      latency
          .cpuMillisPerRecord()
          .forEach(
              (name, ms) -> figures.put("latency_run_" + name + "_cpu_ms_per_record", round3(ms)));
      figures.put("bare_model_cpu_ms_per_record", round3(bare.cpuMillisPerRecord()));
      batched
          .cpuMillisPerRecord()
          .forEach((name, ms) -> figures.put(name + "_cpu_ms_per_record", round3(ms)));
      latency
          .processorMetrics()
          .forEach((name, value) -> figures.put("latency_run_" + name, round3(value)));
      figures.put("host_steal_pct", round(batched.hostStealPercent()));
      figures.put("latency_run_host_steal_pct", round(latency.hostStealPercent()));
      double pipelineCpu =
          batched.cpuMillisPerRecord().values().stream().mapToDouble(Double::doubleValue).sum();
      // On a host whose cores the broker and this benchmark share with the processor, the
      // pipeline can reach at most the bare model's CPU per record over the whole pipeline's.
      figures.put("cpu_bound_ratio_estimate", round3(bare.cpuMillisPerRecord() / pipelineCpu));
      figures.put(
          "processor_cpu_vs_bare_model",
          round3(batched.cpuMillisPerRecord().get("processor") / bare.cpuMillisPerRecord()));
      double rss = batched.peakRssMib();
      for (PipelineRun.Result r : latencies) {
        rss = Math.max(rss, r.peakRssMib());
      }
      if (unbatched != null) {
        rss = Math.max(rss, unbatched.peakRssMib());
      }
      figures.put("processor_peak_rss_mib", round(rss));
      figures.put("records", records);
      figures.put("rounds", rounds);
      figures.put("latency_records", latencyRecords);
      figures.put("latency_warmup_records", latencyWarmup);
      figures.put("latency_rounds", latencyRounds);
      figures.put("latency_settle_seconds", latencySettleSeconds);
      figures.put("batch_max_records", batchSize);
      figures.put("batch_max_tokens", maxTokens);
      figures.put("batch_max_wait_ms", maxWaitMs);
      figures.put("partitions", partitions);
      figures.put("warmup_fraction", warmupFraction);
      figures.put("processing_guarantee", "exactly_once_v2");
      figures.put("execution_provider", providerUsed);
      figures.put("model_version", modelBundle.manifest().modelVersion());
      figures.put("processor_config", processorConfig);
      figures.put("broker_jvm_args", String.join(" ", brokerJvmOptions()));
      figures.put("processor_jvm_args", String.join(" ", processorJvmArgs()));
      figures.put("load_generator_jvm_args", String.join(" ", loadJvmOptions()));
      figures.put("texts", SampleTexts.fromSharedData() ? "sst2-dev+conll2003-valid" : "generated");
      figures.put("cpus", Runtime.getRuntime().availableProcessors());
      figures.put("host_load_avg_start", loadAtStart);
      figures.put("host_load_avg_end", loadAverage());
    }
    printTable(figures);
    Figures.write(figures, json);
    if (json != null) {
      System.out.println("JSON written to " + json);
    }
    return 0;
  }

  /**
   * The same model for independent single-threaded passes, one per core at once: what the cores
   * give when several stream tasks each run their own batch. Null when the model runs on a GPU or
   * the host has one core.
   */
  private static OnnxTextModel singleThreadedCpuModel(ModelBundle bundle, OnnxTextModel model) {
    if (model.provider() != ExecutionProvider.CPU
        || Runtime.getRuntime().availableProcessors() < 2) {
      return null;
    }
    return OnnxTextModel.load(
        bundle,
        EngineConfig.builder()
            .provider(ExecutionProvider.CPU)
            .intraOpThreads(1)
            .intraOpSpinning(false)
            .build());
  }

  private List<String> brokerJvmOptions() {
    return switch (brokerJit) {
      case "quick" -> KafkaBroker.TEST_JVM_OPTIONS;
      case "server" -> KafkaBroker.SERVER_JVM_OPTIONS;
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this), "expected --broker-jit quick or server, found " + brokerJit);
    };
  }

  private List<String> loadJvmOptions() {
    return switch (loadJit) {
      case "quick" -> List.of("-Xmx256m", QUICK_JIT, "-XX:+UseSerialGC");
      case "server" -> List.of("-Xmx256m");
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this), "expected --load-jit quick or server, found " + loadJit);
    };
  }

  private List<String> processorJvmArgs() {
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + processorHeap);
    switch (processorJit) {
      case "quick" -> args.add(QUICK_JIT);
      case "server" -> {}
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "expected --processor-jit quick or server, found " + processorJit);
    }
    args.addAll(processorJvmArgs);
    return args;
  }

  private static void printTable(Map<String, Object> f) {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("pipeline (exactly-once), records/s", f.get("pipeline_records_per_s"), ""));
    rows.add(row("bare model (encode+predict), records/s", f.get("bare_model_records_per_s"), ""));
    rows.add(row("pipeline / bare model", f.get("pipeline_vs_bare_model"), ">= 0.9"));
    if (f.containsKey("pipeline_vs_peer")) {
      rows.add(
          row(
              "peer (langchain4j embedAll, embedding only), texts/s",
              f.get("peer_embeddings_per_s"),
              ""));
      rows.add(
          row(
              "pipeline / peer (median of rounds)",
              f.get("pipeline_vs_peer"),
              ">= 2.0 (int8 pipeline); rounds " + f.get("pipeline_vs_peer_rounds")));
    }
    if (f.containsKey("pipeline_vs_baseline")) {
      rows.add(
          row(
              "baseline pipeline (" + f.get("baseline_model_version") + "), records/s",
              f.get("baseline_pipeline_records_per_s"),
              ""));
      rows.add(
          row(
              "pipeline / baseline pipeline (median of rounds)",
              f.get("pipeline_vs_baseline"),
              "int8 / fp32 >= 1.5; rounds " + f.get("pipeline_vs_baseline_rounds")));
    }
    rows.add(row("pipeline unbatched (batch 1), records/s", f.get("unbatched_records_per_s"), ""));
    rows.add(row("batched / unbatched", f.get("batched_vs_unbatched"), ">= 1.15"));
    rows.add(
        row(
            "latency p50 ms @ " + f.get("latency_rate_records_per_s") + " records/s",
            f.get("latency_p50_ms"),
            ""));
    rows.add(
        row(
            "latency p99 ms @ " + f.get("latency_rate_records_per_s") + " records/s",
            f.get("latency_p99_ms"),
            "<= " + f.get("latency_p99_target_ms") + " (max wait + 2 batches)"));
    if (((Number) f.get("latency_rounds")).intValue() > 1) {
      rows.add(
          row(
              "diag: latency p99 ms of each run / pooled",
              f.get("latency_p99_ms_rounds") + " / " + f.get("latency_p99_pooled_ms"),
              "host steal % " + f.get("latency_run_host_steal_pct_rounds")));
    }
    rows.add(row("processor peak RSS MiB", f.get("processor_peak_rss_mib"), "<= 1536"));
    rows.add(
        row(
            "diag: bare model, 1 thread x cores, records/s",
            f.get("bare_model_parallel_records_per_s"),
            "single-threaded passes, one per core at once"));
    rows.add(
        row(
            "diag: p99 target, 1-thread pass times",
            f.get("latency_p99_target_single_threaded_passes_ms"),
            "max wait + 2 single-threaded passes of a full batch"));
    rows.add(
        row(
            "diag: pipeline / that bare model",
            f.get("pipeline_vs_bare_model_parallel"),
            "the stricter baseline on CPU"));
    rows.add(
        row(
            "diag: bare model batch of 1, records/s",
            f.get("bare_model_unbatched_records_per_s"),
            ""));
    rows.add(
        row(
            "real / computed tokens, processor's passes (drain)",
            f.get("batch_padding_efficiency"),
            ">= 0.8"));
    rows.add(row("diag: windows per forward pass (drain)", f.get("drain_windows_per_pass"), ""));
    rows.add(
        row(
            "diag: real / computed tokens, bare model; one pass per batch in arrival order",
            f.get("bare_model_padding_efficiency")
                + "; "
                + f.get("arrival_order_padding_efficiency"),
            "1.0 = no padding"));
    rows.add(
        row(
            "diag: latency p50/p99 ms to processedAt",
            f.get("latency_to_processed_p50_ms") + "/" + f.get("latency_to_processed_p99_ms"),
            "send -> result produced (before commit)"));
    rows.add(
        row(
            "diag: latency p50/p99 ms, second half",
            f.get("latency_second_half_p50_ms") + "/" + f.get("latency_second_half_p99_ms"),
            "records sent in the run's second half"));
    rows.add(
        row(
            "diag: CPU ms/record bare model",
            f.get("bare_model_cpu_ms_per_record"),
            "benchmark JVM while the bare model ran"));
    rows.add(
        row(
            "diag: latency run commits, avg/max ms",
            f.get("latency_run_commits")
                + ", "
                + f.get("latency_run_commit_latency_avg_ms")
                + "/"
                + f.get("latency_run_commit_latency_max_ms"),
            "Kafka Streams commit (ends a transaction)"));
    rows.add(
        row(
            "diag: per commit ms: txn commit/offsets/flush",
            f.get("latency_run_txn_commit_ms_per_commit")
                + "/"
                + f.get("latency_run_txn_send_offsets_ms_per_commit")
                + "/"
                + f.get("latency_run_producer_flush_ms_per_commit"),
            "transactional producer, means per commit"));
    rows.add(
        row(
            "diag: latency run batch records / inference ms",
            f.get("latency_run_batch_size_mean")
                + " / "
                + f.get("latency_run_inference_latency_mean_ms"),
            "means over the run, warm-up included"));
    rows.add(
        row(
            "diag: processor CPU / bare model CPU",
            f.get("processor_cpu_vs_bare_model"),
            "the processor's own overhead per record"));
    rows.add(
        row(
            "diag: bare CPU / whole pipeline CPU",
            f.get("cpu_bound_ratio_estimate"),
            "ratio ceiling with broker + load on same cores"));
    for (String who : List.of("processor", "broker", "benchmark")) {
      rows.add(
          row(
              "diag: CPU ms/record pipeline " + who,
              f.get(who + "_cpu_ms_per_record"),
              "batched drain, after warm-up"));
    }
    for (String who : List.of("processor", "broker", "load_generator", "benchmark")) {
      rows.add(
          row(
              "diag: CPU ms/record latency run " + who,
              f.get("latency_run_" + who + "_cpu_ms_per_record"),
              "fixed-rate part of the latency run"));
    }
    rows.add(
        row(
            "diag: host CPU stolen %, drain / latency",
            f.get("host_steal_pct") + " / " + f.get("latency_run_host_steal_pct"),
            "hypervisor's share (/proc/stat steal)"));
    System.out.printf(
        "%nsettings: records=%s batch.max.records=%s batch.max.tokens=%s batch.max.wait.ms=%s"
            + " partitions=%s provider=%s model=%s texts=%s cpus=%s load average %s -> %s%n"
            + "processor config %s, JVM %s%n%n",
        f.get("records"),
        f.get("batch_max_records"),
        f.get("batch_max_tokens"),
        f.get("batch_max_wait_ms"),
        f.get("partitions"),
        f.get("execution_provider"),
        f.get("model_version"),
        f.get("texts"),
        f.get("cpus"),
        f.get("host_load_avg_start"),
        f.get("host_load_avg_end"),
        f.get("processor_config"),
        f.get("processor_jvm_args"));
    System.out.printf("| %-46s | %10s | %-36s |%n", "figure", "value", "target");
    System.out.printf("|%s|%s|%s|%n", "-".repeat(48), "-".repeat(12), "-".repeat(38));
    for (String[] r : rows) {
      System.out.printf("| %-46s | %10s | %-36s |%n", r[0], r[1], r[2]);
    }
  }

  private static String[] row(String name, Object value, String target) {
    return new String[] {name, value == null ? "skipped" : String.valueOf(value), target};
  }

  /** The 1-minute load average (other work on a shared host skews every figure). */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void step(String format, Object... args) {
    System.out.printf("[pipeline-bench] " + format + "%n", args);
  }

  /**
   * The index of the median of {@code values} (the lower one of an even count; ties in index
   * order).
   */
  private static int medianIndex(List<? extends Number> values) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      order.add(i);
    }
    order.sort(java.util.Comparator.comparingDouble(i -> values.get(i).doubleValue()));
    return order.get((values.size() - 1) / 2);
  }

  private static Long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** {@code v} to 3 decimals; null when the processor did not report it. */
  private static Double round3OrNull(Double v) {
    return v == null || v.isNaN() ? null : round3(v);
  }
}
