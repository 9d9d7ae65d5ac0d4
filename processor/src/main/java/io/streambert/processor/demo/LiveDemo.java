package io.streambert.processor.demo;

import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.registry.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The client side of the quickstart ({@code ops/demo}): sends the sample sentences to a running
 * processor at a steady pace, prints each sentence's results as they arrive, shows the moment the
 * serving model version changes, and sends whatever the user types. It ends when every sentence
 * sent has both results, the expected version switch (if any) has happened and standard input is
 * closed, and prints a summary; it fails when results are missing after {@code --timeout-s}.
 */
@Command(
    name = "streambert-live-demo",
    mixinStandardHelpOptions = true,
    description =
        "Sends sample sentences (and lines typed on stdin) and prints their results live.")
public final class LiveDemo implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092")
  String bootstrap;

  @Option(names = "--schema-registry-url", defaultValue = "http://127.0.0.1:8081")
  String registryUrl;

  @Option(names = "--input", defaultValue = "text-in", description = "input topic")
  String input;

  @Option(names = "--sentiment", defaultValue = "sentiment", description = "sentiment topic")
  String sentimentTopic;

  @Option(names = "--entities", defaultValue = "entities", description = "entities topic")
  String entitiesTopic;

  @Option(
      names = "--interval-ms",
      defaultValue = "600",
      description = "pause between two sample sentences (default: ${DEFAULT-VALUE})")
  long intervalMs;

  @Option(
      names = "--expect-version",
      description =
          "a version expected to take over while the demo runs: samples keep coming until its"
              + " results arrive, then one more round")
  String expectVersion;

  @Option(
      names = "--ready-file",
      description = "file written once the first round of samples has all its results")
  Path readyFile;

  @Option(
      names = "--rollout-file",
      description =
          "file that appears when the expected version is being published: after the first round"
              + " samples pause until it does, then keep coming until the new version answers")
  Path rolloutFile;

  @Option(names = "--no-stdin", description = "do not read sentences from standard input")
  boolean noStdin;

  @Option(
      names = "--timeout-s",
      defaultValue = "600",
      description = "most seconds to wait for results")
  int timeoutSeconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LiveDemo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<SampleSentence> samples = SampleSentence.load();
    SchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryConfig.of(registryUrl));
    String run = UUID.randomUUID().toString().substring(0, 8);
    ResultTable table = new ResultTable(System.out, System.console() != null);
    DemoProgress progress = new DemoProgress(table, samples, expectVersion);
    AtomicBoolean stdinOpen = new AtomicBoolean(!noStdin);
    try (ResultCollector results =
            new ResultCollector(bootstrap, registry, sentimentTopic, entitiesTopic, run);
        DemoSender sender = new DemoSender(bootstrap, registry, input, run)) {
      results.awaitAssignment(Duration.ofSeconds(60));
      table.header();
      Thread schedule = daemon("demo-samples", () -> sendSamples(sender, samples, progress));
      if (!noStdin) {
        table.line("      (type a sentence and press Enter to see its results; Ctrl-D ends)");
        daemon("demo-stdin", () -> readStdin(sender, stdinOpen)).start();
      }
      schedule.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
      while (!(progress.finished(sender.count()) && !schedule.isAlive() && !stdinOpen.get())) {
        results.poll(Duration.ofMillis(200), (id, pair) -> progress.answered(sender, id, pair));
        progress.signalReady(readyFile, samples.size());
        if (System.nanoTime() > deadline) {
          table.line(progress.summary(sender.sent()));
          System.err.printf(
              "timed out after %d s: %d sentences sent, %d answered on both topics%s%n",
              timeoutSeconds,
              sender.count(),
              progress.answeredCount(),
              expectVersion != null && !progress.switched()
                  ? "; version " + expectVersion + " never served"
                  : "");
          return 1;
        }
      }
      table.line(progress.summary(sender.sent()));
      return progress.samplesRight() ? 0 : 3;
    }
  }

  /** One round of samples, then more while the expected version has not taken over, then one. */
  private void sendSamples(DemoSender sender, List<SampleSentence> samples, DemoProgress progress) {
    try {
      int roundsAfterSwitch = 0;
      for (int round = 0; roundsAfterSwitch < 1; round++) {
        if (round == 1 && rolloutFile != null) {
          while (!Files.exists(rolloutFile)) {
            Thread.sleep(200);
          }
          progress.rolloutStarted();
        }
        boolean switchedBefore = progress.switched();
        for (SampleSentence s : samples) {
          sender.send(s.text());
          Thread.sleep(intervalMs);
        }
        if (expectVersion == null || switchedBefore) {
          roundsAfterSwitch++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.err.println("sending samples failed: " + e);
    }
  }

  private static void readStdin(DemoSender sender, AtomicBoolean open) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isBlank()) {
          sender.send(line.strip());
        }
      }
    } catch (Exception e) {
      System.err.println("reading standard input failed: " + e);
    } finally {
      open.set(false);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
