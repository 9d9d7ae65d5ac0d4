package io.streambert.processor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The processor ({@code ProcessorMain --config FILE}) running in a child JVM with the test
 * classpath, so that it can be killed with SIGKILL and measured from outside.
 */
public final class ProcessorProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ProcessorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Writes {@code config} as a properties file beside {@code log} and starts the processor with it;
   * output is appended to {@code log}. {@code STREAMBERT_*} variables are not inherited, so the
   * file alone configures the child.
   */
  public static ProcessorProcess start(Map<String, String> config, Path log, List<String> jvmArgs) {
    return start(config, log, jvmArgs, Map.of());
  }

  /**
   * Like {@link #start(Map, Path, List)}, with {@code environment} added to the child's environment
   * (e.g. {@code STREAMBERT_*} overrides, which beat the file).
   */
  public static ProcessorProcess start(
      Map<String, String> config, Path log, List<String> jvmArgs, Map<String, String> environment) {
    try {
      Path file = log.resolveSibling(log.getFileName() + ".properties");
      Properties props = new Properties();
      props.putAll(config);
      try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(out, "processor child JVM");
      }
      List<String> command = new ArrayList<>();
      command.add(KafkaBroker.javaExecutable());
      // No -Xss: the JVM's default stack is what production threads get (TokenizerStackIT).
      command.addAll(jvmArgs);
      command.add("-Dlogback.configurationFile=it/logback-it.xml");
      command.add("-Dai.djl.offline=true");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ChildProcessorMain.class.getName());
      command.add("--config");
      command.add(file.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().keySet().removeIf(name -> name.startsWith("STREAMBERT_"));
      builder.environment().putAll(environment);
      return new ProcessorProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a processor child JVM", e);
    }
  }

  /** Returns the child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Returns whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Returns the child's peak resident set size in MiB ({@code VmHWM} in {@code /proc/PID/status}),
   * or -1 where that file does not exist.
   */
  public double peakRssMib() {
    return procStatusMib("VmHWM:");
  }

  /**
   * Returns the child's resident set size now in MiB ({@code VmRSS}), or -1 where {@code
   * /proc/PID/status} does not exist.
   */
  public double rssMib() {
    return procStatusMib("VmRSS:");
  }

  private double procStatusMib(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Kills the child with SIGKILL and waits for it to be gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  /** Stops the child with SIGTERM (a graceful shutdown), killing it after {@code seconds}. */
  public void stop(int seconds) {
    process.destroy();
    if (!awaitExit(seconds)) {
      kill();
    }
  }

  /**
   * Waits up to {@code seconds} for the child to exit on its own.
   *
   * @return its exit code, or empty while it still runs
   */
  public java.util.OptionalInt awaitExitCode(int seconds) {
    return awaitExit(seconds)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  /** Returns the child's state (running, or its exit code) and the last lines of its output. */
  public String outputTail() {
    String state =
        process.isAlive()
            ? "pid " + pid() + " running"
            : "pid " + pid() + " exited with code " + process.exitValue();
    return state + "; log " + log + ":\n" + ItFiles.tail(log);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private boolean awaitExit(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
