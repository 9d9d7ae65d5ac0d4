package io.streambert.processor.it.bench;

import io.streambert.model.bundle.ModelBundle;
import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.it.KafkaBroker;
import io.streambert.processor.it.PipelineOutputs;
import io.streambert.processor.it.PipelineTopics;
import io.streambert.processor.it.ProcessorProcess;
import io.streambert.processor.it.TextEventProducer;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One processor child JVM on fresh topics: either drains a backlog (throughput) or follows a fixed
 * produce rate (latency). A record counts as done when both its results are committed.
 */
final class PipelineRun {

  /** Settings shared by every run of one benchmark. */
  record Settings(
      KafkaBroker broker,
      String registryUrl,
      SchemaRegistryClient registry,
      Path bundle,
      Path workDir,
      int partitions,
      int maxWaitMs,
      int maxTokens,
      String provider,
      double warmupFraction,
      Map<String, String> processorConfig,
      List<String> jvmArgs,
      List<String> loadJvmArgs) {}

  /**
   * What one run measured.
   *
   * @param recordsPerSecond records done per second
   * @param latenciesMillis send to both results committed, in send order (latency runs only)
   * @param processingMillis send to the processor's {@code processedAt}, in send order (latency
   *     runs only)
   * @param peakRssMib the processor's VmHWM
   * @param cpuMillisPerRecord CPU ms per record of the processor, broker and benchmark JVMs (and,
   *     in a latency run, the load generator's) over the measured part of a drain, or over the
   *     fixed-rate part of a latency run
   * @param hostStealPercent share of the host's CPU time its hypervisor gave to other guests over
   *     that same part ({@link HostSteal})
   */
  record Result(
      double recordsPerSecond,
      List<Long> latenciesMillis,
      List<Long> processingMillis,
      double peakRssMib,
      Map<String, Double> cpuMillisPerRecord,
      Map<String, Double> processorMetrics,
      double hostStealPercent) {}

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final Settings settings;
  private int runs;

  PipelineRun(Settings settings) {
    this.settings = settings;
  }

  /** The same runs on another bundle, with a work folder of their own. */
  PipelineRun withBundle(ModelBundle bundle) throws IOException {
    Settings s = settings;
    Path work = Files.createDirectories(s.workDir().resolve("baseline"));
    return new PipelineRun(
        new Settings(
            s.broker(),
            s.registryUrl(),
            s.registry(),
            bundle.directory(),
            work,
            s.partitions(),
            s.maxWaitMs(),
            s.maxTokens(),
            s.provider(),
            s.warmupFraction(),
            s.processorConfig(),
            s.jvmArgs(),
            s.loadJvmArgs()));
  }

  /**
   * Produces all {@code texts} first, then starts the processor and measures how fast it drains
   * them, from the moment {@link Settings#warmupFraction()} of them are done (start-up, class
   * loading and JIT compilation excluded) to the last.
   */
  Result drainBacklog(List<String> texts, int batchMaxRecords) {
    PipelineTopics topics = newTopics();
    List<String> ids = new ArrayList<>();
    try (TextEventProducer producer = producer(topics)) {
      Instant now = Instant.now();
      for (int i = 0; i < texts.size(); i++) {
        String id = "bench-" + i;
        ids.add(id);
        producer.send("key-" + (i % 64), TextEventProducer.event(id, texts.get(i), now));
      }
      producer.flush();
    }
    int httpPort = ProcessorScrape.freePort();
    try (PipelineOutputs outputs = outputs(topics);
        ProcessorProcess child = startProcessor(topics, batchMaxRecords, httpPort)) {
      ProcessCpu cpu = cpuOf(child, Map.of());
      int warm = (int) Math.ceil(ids.size() * settings.warmupFraction());
      awaitAll(outputs, warm, child);
      Map<String, Double> cpuAtWarm = cpu.snapshot();
      HostSteal stealAtWarm = HostSteal.now();
      int doneAtWarm = Math.min(outputs.sentiments().size(), outputs.entities().size());
      awaitAll(outputs, ids.size(), child);
      Map<String, Double> cpuPerRecord =
          ProcessCpu.perRecord(cpuAtWarm, cpu.snapshot(), ids.size() - doneAtWarm);
      double steal = HostSteal.now().percentSince(stealAtWarm);
      Map<String, Double> metrics = ProcessorScrape.commitTimings(httpPort);
      double rss = child.peakRssMib();
      child.stop(30);
      List<Long> done = new ArrayList<>(outputs.completionTimes().values());
      Collections.sort(done);
      int from = Math.min(done.size() - 2, warm);
      double seconds = (done.get(done.size() - 1) - done.get(from)) / 1000.0;
      return new Result(
          (done.size() - 1 - from) / seconds,
          List.of(),
          List.of(),
          rss,
          cpuPerRecord,
          metrics,
          steal);
    }
  }

  /**
   * Starts the processor, warms it up with {@code warmup} records, then produces {@code settle} and
   * {@code texts} at {@code recordsPerSecond} with the send time as event time, and returns each of
   * {@code texts}' latencies from send to both results committed: the {@code settle} records, the
   * first at the fixed rate, are processed alike but left out, so the figures describe the steady
   * state. CPU and host steal cover the whole fixed-rate part. The load (producer and output
   * reader) runs in a {@link LoadGeneratorProcess} child JVM of its own.
   */
  Result followRate(
      List<String> texts,
      List<String> warmup,
      List<String> settle,
      double recordsPerSecond,
      int batchMaxRecords) {
    List<String> fixedRate = new ArrayList<>(settle);
    fixedRate.addAll(texts);
    PipelineTopics topics = newTopics();
    int httpPort = ProcessorScrape.freePort();
    try (ProcessorProcess child = startProcessor(topics, batchMaxRecords, httpPort);
        LoadGeneratorProcess load =
            LoadGeneratorProcess.start(
                settings.workDir().resolve("load-" + runs),
                settings.broker().bootstrapServers(),
                settings.registryUrl(),
                topics,
                warmup,
                fixedRate,
                recordsPerSecond,
                settings.loadJvmArgs())) {
      ProcessCpu cpu = cpuOf(child, Map.of("load_generator", load.pid()));
      load.awaitWarmThenGo(child);
      Map<String, Double> cpuAtStart = cpu.snapshot();
      HostSteal stealAtStart = HostSteal.now();
      load.awaitDone(child);
      Map<String, Double> cpuPerRecord =
          ProcessCpu.perRecord(cpuAtStart, cpu.snapshot(), fixedRate.size());
      double steal = HostSteal.now().percentSince(stealAtStart);
      Map<String, Double> metrics = ProcessorScrape.commitTimings(httpPort);
      double rss = child.peakRssMib();
      child.stop(30);
      List<Long> latencies = new ArrayList<>();
      List<Long> processing = new ArrayList<>();
      List<LoadGeneratorProcess.Timing> timings = load.timings();
      for (LoadGeneratorProcess.Timing t : timings.subList(settle.size(), timings.size())) {
        latencies.add(t.doneAtMillis() - t.sentAtMillis());
        processing.add(t.processedAtMillis() - t.sentAtMillis());
      }
      return new Result(recordsPerSecond, latencies, processing, rss, cpuPerRecord, metrics, steal);
    }
  }

  /** The CPU counters of the processor child, the broker, this JVM and {@code others}. */
  private ProcessCpu cpuOf(ProcessorProcess child, Map<String, Long> others) {
    Map<String, Long> pids = new HashMap<>(others);
    pids.put("processor", child.pid());
    pids.put("broker", settings.broker().pid());
    pids.put("benchmark", ProcessHandle.current().pid());
    return new ProcessCpu(pids);
  }

  private PipelineTopics newTopics() {
    runs++;
    return PipelineTopics.unique("bench" + runs).create(settings.broker(), settings.partitions());
  }

  private TextEventProducer producer(PipelineTopics topics) {
    return new TextEventProducer(
        settings.broker().bootstrapServers(), topics.input(), settings.registry());
  }

  private PipelineOutputs outputs(PipelineTopics topics) {
    return new PipelineOutputs(settings.broker().bootstrapServers(), topics, settings.registry());
  }

  private ProcessorProcess startProcessor(
      PipelineTopics topics, int batchMaxRecords, int httpPort) {
    Map<String, String> c = new HashMap<>(settings.processorConfig());
    c.put(ProcessorConfig.BOOTSTRAP_SERVERS, settings.broker().bootstrapServers());
    c.put(ProcessorConfig.APPLICATION_ID, "bench-" + topics.input());
    topics.putInto(c);
    c.put(ProcessorConfig.SCHEMA_REGISTRY_URL, settings.registryUrl());
    c.put(ProcessorConfig.MODEL_BUNDLE_PATH, settings.bundle().toAbsolutePath().toString());
    c.put(ProcessorConfig.MODEL_EXECUTION_PROVIDER, settings.provider());
    c.put(ProcessorConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    c.put(ProcessorConfig.STATE_DIR, settings.workDir().resolve("state-" + runs).toString());
    c.put(ProcessorConfig.BATCH_MAX_RECORDS, String.valueOf(batchMaxRecords));
    c.put(ProcessorConfig.BATCH_MAX_TOKENS, String.valueOf(settings.maxTokens()));
    c.put(ProcessorConfig.BATCH_MAX_WAIT_MS, String.valueOf(settings.maxWaitMs()));
    c.put(ProcessorConfig.HTTP_HOST, "127.0.0.1");
    c.put(ProcessorConfig.HTTP_PORT, String.valueOf(httpPort));
    return ProcessorProcess.start(
        c, settings.workDir().resolve("processor-" + runs + ".log"), settings.jvmArgs());
  }

  private static void awaitAll(PipelineOutputs outputs, int records, ProcessorProcess child) {
    boolean done =
        outputs.pollUntil(
            () ->
                !child.isAlive()
                    || (outputs.sentiments().size() >= records
                        && outputs.entities().size() >= records),
            TIMEOUT,
            Duration.ZERO);
    if (!done || !child.isAlive()) {
      throw new IllegalStateException(
          "expected "
              + records
              + " results on each output, found "
              + outputs.sentiments().size()
              + " sentiment and "
              + outputs.entities().size()
              + " entity results"
              + (child.isAlive() ? "" : " and the processor exited")
              + "; processor output:\n"
              + child.outputTail());
    }
  }
}
