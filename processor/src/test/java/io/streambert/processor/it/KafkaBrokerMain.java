package io.streambert.processor.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the child JVM that runs one single-node KRaft broker for tests and benchmarks.
 *
 * <p>Usage: {@code KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID}. Formats the log directory when it
 * holds no {@code meta.properties} yet, then runs {@code kafka.Kafka}. The process exits when its
 * standard input reaches end of file, so a broker never outlives the JVM that started it, even when
 * that JVM is killed.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  /** Formats storage when needed and runs the broker until stdin closes or the JVM is stopped. */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "expected arguments SERVER_PROPERTIES CLUSTER_ID, found " + args.length + " argument(s)");
    }
    Path config = Path.of(args[0]);
    String clusterId = args[1];
    formatIfNeeded(config, clusterId);
    exitWhenParentGoesAway();
    kafka.Kafka.main(new String[] {config.toString()});
  }

  private static void formatIfNeeded(Path config, String clusterId) throws IOException {
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
      props.load(in);
    }
    Path logDir = Path.of(props.getProperty("log.dirs"));
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    int rc =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", config.toString()},
            new PrintStream(System.out, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException(
          "expected 'kafka-storage format' to succeed for " + logDir + ", found exit code " + rc);
    }
  }

  private static void exitWhenParentGoesAway() {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                  // Input is ignored; only end of file matters.
                }
              } catch (IOException ignored) {
                // A broken pipe means the parent is gone as well.
              }
              System.exit(0);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
