package io.streambert.processor.it.bench;

import io.streambert.processor.config.ProcessorConfig;
import io.streambert.processor.it.ItFiles;
import io.streambert.processor.it.KafkaBroker;
import io.streambert.processor.it.PipelineOutputs;
import io.streambert.processor.it.PipelineTopics;
import io.streambert.processor.it.ProcessorProcess;
import io.streambert.processor.it.ReleaseAnnouncer;
import io.streambert.processor.it.RolloutBundles;
import io.streambert.processor.it.RolloutInstanceConfig;
import io.streambert.processor.it.SampleTexts;
import io.streambert.processor.it.StatusLog;
import io.streambert.schemas.avro.ModelState;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Holds one processor at a share of its measured capacity for minutes and reads its resident memory
 * and heap all along: the soak of issue 17, which asks for both to stay flat.
 */
@Command(
    name = "ops/bench/soak",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a KRaft broker and the registry on 127.0.0.1 and one processor (child JVM,"
          + " exactly_once_v2) serving a MiniLM bundle released through the release topic,"
          + " measures its capacity on a backlog, then produces real sentences at --load-fraction"
          + " of it for --seconds and samples the processor's resident memory and heap."
    })
public final class ResourceSoakBenchmark implements Callable<Integer> {

  @Option(names = "--seconds", description = "Soak length (default: ${DEFAULT-VALUE}).")
  int seconds = 600;

  @Option(
      names = "--load-fraction",
      description = "Load as a share of the measured capacity (default: ${DEFAULT-VALUE}).")
  double loadFraction = 0.8;

  @Option(
      names = "--warmup-seconds",
      description =
          "Readings left out of the comparison at the start of the load (default:"
              + " ${DEFAULT-VALUE}).")
  int warmupSeconds = 60;

  @Option(
      names = "--sample-seconds",
      description = "Time between two readings (default: ${DEFAULT-VALUE}).")
  int sampleSeconds = 5;

  @Option(
      names = "--partitions",
      description = "Partitions of the pipeline topics (default: ${DEFAULT-VALUE}).")
  int partitions = 2;

  @Option(
      names = "--capacity-records",
      description = "Backlog drained to measure capacity (default: ${DEFAULT-VALUE}).")
  int capacityRecords = 4000;

  @Mixin ProcessorJvmOptions processor = new ProcessorJvmOptions();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(
      names = "--work-dir",
      description = "Broker data, bundles, state and logs (default: ${DEFAULT-VALUE}).")
  Path workDir = Path.of("processor/target/bench-soak");

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String INSTANCE = "soak-a";

  public static void main(String[] args) {
    System.exit(new CommandLine(new ResourceSoakBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ItFiles.deleteRecursively(workDir);
    Files.createDirectories(workDir);
    List<String> texts = SampleTexts.take(5_000);
    System.out.printf(
        "[soak] %d s at %.0f %% of capacity, %d partitions, texts from %s%n",
        seconds,
        loadFraction * 100,
        partitions,
        SampleTexts.fromSharedData() ? "../shared/data" : "the generator");
    RolloutBundles bundles = new RolloutBundles(workDir);
    RolloutBundles.Stored bundle = bundles.miniLm("soak", 42L);
    try (KafkaBroker broker = KafkaBroker.start(workDir.resolve("broker"), true);
        MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
      SchemaRegistryClient registryClient =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
      PipelineTopics topics =
          PipelineTopics.unique("soak").create(broker, partitions).createRolloutTopics(broker);
      String releases = topics.releases();
      String status = topics.status();
      int port = ProcessorScrape.freePort();
      Map<String, String> config =
          RolloutInstanceConfig.of(
              broker,
              registry,
              topics,
              bundles,
              "soak-" + topics.input(),
              INSTANCE,
              workDir.resolve("state"));
      config.put(ProcessorConfig.HTTP_PORT, String.valueOf(port));
      config.putAll(processor.config());
      try (ReleaseAnnouncer announcer =
              new ReleaseAnnouncer(broker.bootstrapServers(), releases, registryClient);
          StatusLog statuses = new StatusLog(broker.bootstrapServers(), status, registryClient);
          PipelineOutputs outputs =
              new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
          SteadyLoad load =
              new SteadyLoad(broker.bootstrapServers(), topics.input(), registryClient, texts);
          ProcessorProcess child =
              ProcessorProcess.start(
                  config, workDir.resolve(INSTANCE + ".log"), processor.jvmArgs())) {
        announcer.announce("all", bundle, List.of());
        if (statuses.await(StatusLog.of(INSTANCE, ModelState.SERVING, "soak"), WAIT).isEmpty()) {
          throw new IllegalStateException(
              "expected "
                  + INSTANCE
                  + " to serve version soak within "
                  + WAIT
                  + "; statuses:\n"
                  + statuses.describe()
                  + child.outputTail());
        }
        double capacity = BacklogCapacity.measure(load, outputs, capacityRecords, WAIT);
        double rate = capacity * loadFraction;
        System.out.printf("[soak] capacity %.1f records/s; load %.1f records/s%n", capacity, rate);
        int sentBefore = load.sent();
        int resultsBefore = outputs.sentiments().size();
        MemorySamples samples = new MemorySamples(warmupSeconds);
        double liveFirst = Double.NaN;
        long start = System.currentTimeMillis();
        load.start(rate);
        long end = start + seconds * 1000L;
        for (long next = start; next <= end; next += sampleSeconds * 1000L) {
          while (System.currentTimeMillis() < next) {
            load.check();
            outputs.poll(Duration.ofMillis(100));
          }
          double second = (System.currentTimeMillis() - start) / 1000.0;
          Map<String, Double> heap = ProcessorScrape.heap(port);
          MemorySamples.Sample sample =
              new MemorySamples.Sample(
                  second,
                  child.rssMib(),
                  heap.getOrDefault("heap_used_mib", Double.NaN),
                  heap.getOrDefault("old_gen_mib", Double.NaN),
                  heap.getOrDefault("live_data_mib", Double.NaN));
          samples.add(sample);
          if (Double.isNaN(liveFirst) && second >= warmupSeconds) {
            liveFirst = heapAfterFullGc(child, port);
          }
          if ((long) second % 60 < sampleSeconds) {
            System.out.printf(
                "[soak] %4.0f s  rss %7.1f MiB  heap %6.1f MiB  old gen %6.1f MiB  results %d%n",
                second,
                sample.rssMib(),
                sample.heapUsedMib(),
                sample.oldGenMib(),
                outputs.sentiments().size() - resultsBefore);
          }
        }
        double liveLast = heapAfterFullGc(child, port);
        long loadMillis = System.currentTimeMillis() - start;
        load.close();
        int sent = load.sent();
        int resultsInLoad = outputs.sentiments().size() - resultsBefore;
        boolean all =
            outputs.pollUntil(
                () -> BacklogCapacity.both(outputs) >= sent, WAIT, Duration.ofSeconds(3));
        if (!all) {
          System.out.println("[soak] not every input got its results within " + WAIT);
        }
        Delivery delivery = Delivery.of(sent, outputs);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("capacity_records_per_s", Figures.round(capacity));
        figures.put("load_records_per_s", Figures.round(rate));
        figures.put("soak_seconds", Figures.round(loadMillis / 1000.0));
        figures.put("output_vs_load", Figures.round(resultsInLoad / (double) (sent - sentBefore)));
        for (Map.Entry<String, Double> e : samples.figures().entrySet()) {
          figures.put(e.getKey(), Figures.round(e.getValue()));
        }
        figures.put("heap_after_full_gc_first_mib", Figures.round(liveFirst));
        figures.put("heap_after_full_gc_last_mib", Figures.round(liveLast));
        figures.put("heap_after_full_gc_last_vs_first", Figures.round(liveLast / liveFirst));
        figures.put("records_sent", sent);
        figures.put("records_lost", delivery.lost());
        figures.put("records_duplicated", delivery.duplicated());
        figures.put("dead_letters", outputs.deadLetters().size());
        figures.put("processor_jvm_args", processor.jvmArgs());
        figures.put("processor_config", processor.config());
        figures.put("samples", samples.all());
        Figures.print(figures);
        Figures.write(figures, json);
        return 0;
      }
    }
  }

  /**
   * The processor's heap in use right after a full collection ({@code jcmd PID GC.run}): its live
   * objects, the figure that says whether the heap grows, while the heap between collections says
   * only when the collector last ran. NaN when jcmd fails or /metrics does not answer.
   */
  private static double heapAfterFullGc(ProcessorProcess child, int port)
      throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process gc =
          new ProcessBuilder(jcmd.toString(), String.valueOf(child.pid()), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
        gc.destroyForcibly();
        return Double.NaN;
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return ProcessorScrape.heap(port).getOrDefault("heap_used_mib", Double.NaN);
  }
}
