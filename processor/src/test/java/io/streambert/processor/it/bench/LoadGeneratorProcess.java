package io.streambert.processor.it.bench;

import io.streambert.processor.it.ItFiles;
import io.streambert.processor.it.KafkaBroker;
import io.streambert.processor.it.PipelineTopics;
import io.streambert.processor.it.ProcessorProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoadGeneratorMain} child JVM and its side of their protocol: wait for {@code warm},
 * answer {@code go}, wait for {@code done}, answer {@code exit}, read the timings.
 */
final class LoadGeneratorProcess implements AutoCloseable {

  /** One rate record: send, both results received, and the processor's processedAt. */
  record Timing(long sentAtMillis, long doneAtMillis, long processedAtMillis) {}

  private static final Duration TIMEOUT = Duration.ofMinutes(11);

  private final Process process;
  private final Path log;
  private final Path results;
  private final BlockingQueue<String> signals = new LinkedBlockingQueue<>();

  private LoadGeneratorProcess(Process process, Path log, Path results) {
    this.process = process;
    this.log = log;
    this.results = results;
    Thread pump = new Thread(this::pumpOutput, "load-generator-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Writes the load's texts and settings into {@code dir} and starts the child with {@code
   * jvmArgs}; it sends {@code warmup} at once, then {@code texts} at {@code recordsPerSecond} once
   * told to go.
   */
  static LoadGeneratorProcess start(
      Path dir,
      String bootstrapServers,
      String registryUrl,
      PipelineTopics topics,
      List<String> warmup,
      List<String> texts,
      double recordsPerSecond,
      List<String> jvmArgs) {
    try {
      Files.createDirectories(dir);
      Properties spec = new Properties();
      spec.setProperty(LoadGeneratorMain.BOOTSTRAP_SERVERS, bootstrapServers);
      spec.setProperty(LoadGeneratorMain.REGISTRY_URL, registryUrl);
      spec.setProperty(LoadGeneratorMain.TOPIC_INPUT, topics.input());
      spec.setProperty(LoadGeneratorMain.TOPIC_SENTIMENT, topics.sentiment());
      spec.setProperty(LoadGeneratorMain.TOPIC_ENTITIES, topics.entities());
      spec.setProperty(LoadGeneratorMain.TOPIC_DEAD_LETTER, topics.deadLetter());
      spec.setProperty(LoadGeneratorMain.RATE, Double.toString(recordsPerSecond));
      spec.setProperty(
          LoadGeneratorMain.WARMUP_TEXTS, writeLines(dir.resolve("warmup.txt"), warmup));
      spec.setProperty(LoadGeneratorMain.TEXTS, writeLines(dir.resolve("texts.txt"), texts));
      Path results = dir.resolve("timings.csv");
      spec.setProperty(LoadGeneratorMain.RESULTS, results.toString());
      Path specFile = dir.resolve("load.properties");
      try (Writer out = Files.newBufferedWriter(specFile, StandardCharsets.UTF_8)) {
        spec.store(out, "load generator child JVM");
      }
      List<String> command = new ArrayList<>();
      command.add(KafkaBroker.javaExecutable());
      command.addAll(jvmArgs);
      command.add("-Dlogback.configurationFile=it/logback-it.xml");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(LoadGeneratorMain.class.getName());
      command.add(specFile.toString());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.PIPE)
              .start();
      return new LoadGeneratorProcess(process, dir.resolve("load-generator.log"), results);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the load generator child JVM", e);
    }
  }

  /** Returns the child's process id. */
  long pid() {
    return process.pid();
  }

  /** Waits until every warm-up record's results arrived, then starts the fixed-rate part. */
  void awaitWarmThenGo(ProcessorProcess processor) {
    await("warm", processor);
    tell("go");
  }

  /** Waits until every rate record's results arrived. */
  void awaitDone(ProcessorProcess processor) {
    await("done", processor);
  }

  /** Lets the child write its timings and exit, and returns them in send order. */
  List<Timing> timings() {
    tell("exit");
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("the load generator did not exit cleanly; " + state());
      }
      List<Timing> timings = new ArrayList<>();
      for (String line : Files.readAllLines(results)) {
        String[] f = line.split(",");
        timings.add(new Timing(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
      }
      return timings;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the load generator", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the load generator's timings", e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private void await(String signal, ProcessorProcess processor) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        String line = signals.poll(1, TimeUnit.SECONDS);
        if (line != null) {
          if (line.equals(signal)) {
            return;
          }
          throw new IllegalStateException(
              "expected '" + signal + "' from the load generator, found '" + line + "'");
        }
        if (!processor.isAlive()) {
          throw new IllegalStateException(
              "the processor exited while the load generator waited for '"
                  + signal
                  + "': "
                  + processor.outputTail());
        }
        if (!process.isAlive() && signals.isEmpty()) {
          throw new IllegalStateException(
              "the load generator exited before '" + signal + "'; " + state());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the load generator", e);
    }
    throw new IllegalStateException(
        "no '" + signal + "' from the load generator within " + TIMEOUT + "; " + state());
  }

  private void tell(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to the load generator; " + state(), e);
    }
  }

  /** Signal lines go to {@link #signals}, everything else (logging) to the log file. */
  private void pumpOutput() {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(LoadGeneratorMain.SIGNAL)) {
          signals.add(line.substring(LoadGeneratorMain.SIGNAL.length()));
        } else {
          out.write(line);
          out.write('\n');
          out.flush();
        }
      }
    } catch (IOException e) {
      // The child is gone; await() reports it.
    }
  }

  private String state() {
    String state = process.isAlive() ? "running" : "exited with code " + process.exitValue();
    return "pid " + process.pid() + " " + state + "; log " + log + ":\n" + ItFiles.tail(log);
  }

  private static String writeLines(Path file, List<String> texts) throws IOException {
    for (String text : texts) {
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "expected texts of one line each for the load generator, found a line break in: "
                + text);
      }
    }
    Files.write(file, texts, StandardCharsets.UTF_8);
    return file.toString();
  }
}
