package io.streambert.processor.it.bench;

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
import io.streambert.schemas.avro.ModelStatus;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import io.streambert.schemas.registry.server.MiniSchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Swaps models under a steady load on processor instances in child JVMs and measures what a swap
 * costs: release to first output on the new version per instance, throughput around the swap,
 * records lost or duplicated, resident memory after each swap.
 */
@Command(
    name = "ops/bench/rollout",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a KRaft broker and the registry on 127.0.0.1, N processor instances (child JVMs, one"
          + " consumer group, exactly_once_v2) following a release topic, measures their capacity"
          + " on a backlog, then runs a steady load at --load-fraction of it and publishes"
          + " releases naming MiniLM bundles in a file:// store (see --bundles)."
    })
public final class RolloutBenchmark implements Callable<Integer> {

  @Option(names = "--swaps", description = "Releases to publish (default: ${DEFAULT-VALUE}).")
  int swaps = 50;

  @Option(names = "--instances", description = "Processor instances (default: ${DEFAULT-VALUE}).")
  int instances = 2;

  @Option(
      names = "--partitions",
      description = "Partitions of the pipeline topics (default: ${DEFAULT-VALUE}).")
  int partitions = 4;

  @Option(
      names = "--load-fraction",
      description = "Steady load as a share of the measured capacity (default: ${DEFAULT-VALUE}).")
  double loadFraction = 0.5;

  @Option(
      names = "--capacity-records",
      description = "Backlog drained to measure capacity (default: ${DEFAULT-VALUE}).")
  int capacityRecords = 4000;

  @Option(
      names = "--window-seconds",
      description =
          "Window after each release whose output rate is compared with the steady state; also"
              + " the least time between releases (default: ${DEFAULT-VALUE}).")
  int windowSeconds = 10;

  @Option(
      names = "--steady-seconds",
      description =
          "Steady load before the first release; its output rate is the steady state. Long"
              + " enough for the JIT compilers of the broker and the processors to settle after"
              + " the capacity drain: after 20 s they still took a share of the cores, and the"
              + " first swap measured that (default: ${DEFAULT-VALUE}).")
  int steadySeconds = 60;

  /** Which bundles the releases name. */
  enum Bundles {
    /** A bundle no instance fetched before, each release: the path of a newly trained model. */
    FRESH,
    /** Alternately bench-a and bench-b: from the third release on, cached, as a rollback. */
    PAIR
  }

  @Option(
      names = "--bundles",
      description =
          "fresh: every release names a bundle no instance has fetched before (bench-a's or"
              + " bench-b's weights under a new version, so a new SHA-256: each swap downloads,"
              + " unpacks and opens it, as for a newly trained model); pair: releases alternate"
              + " between bench-a and bench-b, so from the third on each instance finds the"
              + " bundle in its cache, as for a rollback (default: ${DEFAULT-VALUE}).")
  Bundles bundleChoice = Bundles.FRESH;

  @Option(
      names = "--soak",
      description =
          "Soak mode: release every --swap-interval-seconds for --soak-seconds instead of --swaps"
              + " times.")
  boolean soak;

  @Option(names = "--soak-seconds", description = "Soak length (default: ${DEFAULT-VALUE}).")
  int soakSeconds = 600;

  @Option(
      names = "--swap-interval-seconds",
      description = "Time between soak releases (default: ${DEFAULT-VALUE}).")
  int swapIntervalSeconds = 5;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Mixin ProcessorJvmOptions processor = new ProcessorJvmOptions();

  @Option(
      names = "--processor-env",
      paramLabel = "K=V",
      description = "An environment variable of every processor, repeatable (MALLOC_ARENA_MAX=2).")
  Map<String, String> processorEnv = new HashMap<>();

  @Option(
      names = "--work-dir",
      description = "Broker data, bundles, state and logs (default: ${DEFAULT-VALUE}).")
  Path workDir = Path.of("processor/target/bench-rollout");

  private static final Duration WAIT = Duration.ofSeconds(120);

  public static void main(String[] args) {
    System.exit(new CommandLine(new RolloutBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ItFiles.deleteRecursively(workDir);
    Files.createDirectories(workDir);
    List<String> texts = SampleTexts.take(5_000);
    System.out.printf(
        "[rollout-bench] %d instances, %d partitions, texts from %s%n",
        instances, partitions, SampleTexts.fromSharedData() ? "../shared/data" : "the generator");
    RolloutBundles bundles = new RolloutBundles(workDir);
    List<RolloutBundles.Stored> pair =
        List.of(bundles.miniLm("bench-a", 42L), bundles.miniLm("bench-b", 7L));
    try (KafkaBroker broker = KafkaBroker.start(workDir.resolve("broker"), true);
        MiniSchemaRegistry registry = new MiniSchemaRegistry().start()) {
      SchemaRegistryClient registryClient =
          new RestSchemaRegistryClient(RegistryConfig.of(registry.url()));
      PipelineTopics topics =
          PipelineTopics.unique("rollout-bench")
              .create(broker, partitions)
              .createRolloutTopics(broker);
      String releases = topics.releases();
      String status = topics.status();
      String appId = "rollout-bench-" + topics.input();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        ids.add("bench-" + (char) ('a' + i));
      }
      List<ProcessorProcess> children = new ArrayList<>();
      try (ReleaseAnnouncer announcer =
              new ReleaseAnnouncer(broker.bootstrapServers(), releases, registryClient);
          StatusLog statuses = new StatusLog(broker.bootstrapServers(), status, registryClient);
          PipelineOutputs outputs =
              new PipelineOutputs(broker.bootstrapServers(), topics, registryClient);
          SteadyLoad load =
              new SteadyLoad(broker.bootstrapServers(), topics.input(), registryClient, texts)) {
        long first = announcer.announce("all", pair.get(0), List.of());
        for (String id : ids) {
          Map<String, String> config = childConfig(broker, registry, topics, bundles, appId, id);
          children.add(
              ProcessorProcess.start(
                  config, workDir.resolve(id + ".log"), processor.jvmArgs(), processorEnv));
        }
        for (String id : ids) {
          await(statuses, state(id, ModelState.SERVING, first), children);
        }
        double capacity = BacklogCapacity.measure(load, outputs, capacityRecords, WAIT);
        double rate = capacity * loadFraction;
        System.out.printf(
            "[rollout-bench] capacity %.1f records/s; steady load %.1f records/s%n",
            capacity, rate);
        long steadyFrom = System.currentTimeMillis();
        load.start(rate);
        pump(outputs, statuses, load, steadyFrom + steadySeconds * 1000L);
        long steadyTo = System.currentTimeMillis();
        double steady =
            countReceived(outputs, steadyFrom + steadySeconds * 500L, steadyTo)
                / ((steadyTo - steadyFrom - steadySeconds * 500L) / 1000.0);
        Map<Integer, String> owners = GroupAssignment.of(broker.admin(), appId, topics.input());
        // A soak releases every cycle, so a swap's throughput window is its cycle: a longer one
        // would count results of a cycle that has not happened yet when the swap is recorded.
        int cycleSeconds = soak ? swapIntervalSeconds : windowSeconds;
        SwapLog swapsDone = new SwapLog(ids, owners, releases, steady, cycleSeconds);
        long previous = first;
        long soakEnd = System.currentTimeMillis() + soakSeconds * 1000L;
        Deque<RolloutBundles.Stored> copies = new ArrayDeque<>();
        for (int n = 1; soak ? System.currentTimeMillis() < soakEnd : n <= swaps; n++) {
          RolloutBundles.Stored bundle = pair.get(n % 2);
          if (bundleChoice == Bundles.FRESH) {
            bundle = bundles.copyAs(String.format("bench-%03d", n), bundle);
            copies.addLast(bundle);
            if (copies.size() > 2) { // every instance serves the previous one: older ones can go
              bundles.remove(copies.removeFirst());
            }
            // Writing the copy took a core for a moment: let the steady state settle again.
            pump(outputs, statuses, load, System.currentTimeMillis() + 2000);
          }
          ReleaseAnnouncer.Announced release = announcer.announceTimed("all", bundle, List.of());
          // Outputs are read all along: their receive times are the figures' clock.
          for (String id : ids) {
            awaitPumping(
                outputs, statuses, load, state(id, ModelState.SERVING, release.offset()), children);
          }
          for (String id : ids) {
            awaitPumping(
                outputs, statuses, load, state(id, ModelState.RETIRED, previous), children);
          }
          Map<String, Double> rss = new HashMap<>();
          for (int i = 0; i < ids.size(); i++) {
            rss.put(ids.get(i), children.get(i).rssMib());
          }
          pump(outputs, statuses, load, release.acknowledgedAtMillis() + cycleSeconds * 1000L);
          pumpUntil(
              outputs,
              statuses,
              load,
              () -> swapsDone.everyOwnerHasOutputOf(release.offset(), outputs),
              WAIT);
          SwapLog.Swap swap = swapsDone.add(n, release, statuses.all(), rss, outputs);
          System.out.println(swap.line());
          previous = release.offset();
        }
        load.close();
        int sent = load.sent();
        boolean all =
            outputs.pollUntil(
                () ->
                    outputs.sentimentCountsByEventId().size() >= sent
                        && outputs.entityCountsByEventId().size() >= sent,
                WAIT,
                Duration.ofSeconds(3));
        if (!all) {
          System.out.println("[rollout-bench] not every input got its results within " + WAIT);
        }
        Map<String, Object> figures =
            swapsDone.figures(capacity, rate, sent, outputs, soak ? "soak" : "swaps");
        figures.put("processor_jvm_args", processor.jvmArgs());
        figures.put("processor_config", processor.config());
        figures.put("bundles", bundleChoice.name().toLowerCase(java.util.Locale.ROOT));
        Figures.print(figures);
        Figures.write(figures, json);
        return 0;
      } finally {
        for (ProcessorProcess child : children) {
          child.stop(30);
        }
      }
    }
  }

  private Map<String, String> childConfig(
      KafkaBroker broker,
      MiniSchemaRegistry registry,
      PipelineTopics topics,
      RolloutBundles bundles,
      String appId,
      String instance) {
    Map<String, String> c =
        RolloutInstanceConfig.of(
            broker,
            registry,
            topics,
            bundles,
            appId,
            instance,
            workDir.resolve("state-" + instance));
    c.put("kafka.client.id", instance);
    c.putAll(processor.config());
    return c;
  }

  private static long countReceived(PipelineOutputs outputs, long from, long to) {
    return outputs.sentiments().stream()
        .filter(r -> r.receivedAtMillis() >= from && r.receivedAtMillis() < to)
        .count();
  }

  /** Reads outputs and statuses until {@code untilMillis}. */
  private static void pump(
      PipelineOutputs outputs, StatusLog statuses, SteadyLoad load, long untilMillis) {
    while (System.currentTimeMillis() < untilMillis) {
      load.check();
      outputs.poll(Duration.ofMillis(100));
      statuses.poll(Duration.ZERO);
    }
  }

  /** Reads outputs and statuses until {@code done} holds (checked every second) or time is up. */
  private static boolean pumpUntil(
      PipelineOutputs outputs,
      StatusLog statuses,
      SteadyLoad load,
      BooleanSupplier done,
      Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (!done.getAsBoolean()) {
      long now = System.currentTimeMillis();
      if (now >= deadline) {
        return false;
      }
      pump(outputs, statuses, load, Math.min(deadline, now + 1000));
    }
    return true;
  }

  /** {@link #await} that keeps reading outputs, so none waits unread while statuses come. */
  private static void awaitPumping(
      PipelineOutputs outputs,
      StatusLog statuses,
      SteadyLoad load,
      Predicate<ModelStatus> wanted,
      List<ProcessorProcess> children) {
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    while (statuses.all().stream().noneMatch(wanted)) {
      if (System.currentTimeMillis() >= deadline) {
        await(statuses, wanted, children); // fails with the statuses and the children's output
        return;
      }
      load.check();
      outputs.poll(Duration.ofMillis(100));
      statuses.poll(Duration.ZERO);
    }
  }

  private static Predicate<ModelStatus> state(String instance, ModelState state, long offset) {
    return s ->
        s.getInstanceId().equals(instance)
            && s.getState() == state
            && Long.valueOf(offset).equals(s.getReleaseOffset());
  }

  private static void await(
      StatusLog statuses, Predicate<ModelStatus> wanted, List<ProcessorProcess> children) {
    Optional<ModelStatus> found = statuses.await(wanted, WAIT);
    if (found.isEmpty()) {
      StringBuilder tails = new StringBuilder();
      for (ProcessorProcess child : children) {
        tails.append(child.outputTail()).append('\n');
      }
      throw new IllegalStateException(
          "expected a status that did not come within "
              + WAIT
              + "; statuses:\n"
              + statuses.describe()
              + tails);
    }
  }
}
