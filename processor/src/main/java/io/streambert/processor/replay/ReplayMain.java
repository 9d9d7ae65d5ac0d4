package io.streambert.processor.replay;

import io.streambert.processor.deadletter.DeadLetterReason;
import io.streambert.schemas.avro.DeadLetter;
import io.streambert.schemas.registry.RegistryConfig;
import io.streambert.schemas.registry.RestSchemaRegistryClient;
import io.streambert.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays dead letters to the input topic: {@code ops/replay-dead-letters}.
 *
 * <p>Exit codes: 0 when every selected dead letter was replayed (or listed, with --dry-run), 1 when
 * a write failed or the range was not read to its end in time, 2 for invalid options.
 */
@Command(
    name = "replay-dead-letters",
    sortOptions = false,
    description = {
      "Reads a range of the dead-letter topic once (read_committed, from the offsets the range"
          + " has when the command starts, so it ends even while new dead letters arrive) and"
          + " writes the original key and value bytes of each selected dead letter to its source"
          + " topic (or --to-topic). Prints one line per selected dead letter and a count per"
          + " reason. Truncated dead letters (key or value cut to fit the dead-letter topic) and"
          + " tombstones are never replayed: they are listed and counted as skipped.",
      "Replay only reasons whose cause is fixed (ops/runbooks/dead-letters.md)."
    })
public final class ReplayMain implements Callable<Integer> {

  /** Exit code when a write failed or the range was not read to its end. */
  public static final int EXIT_INCOMPLETE = 1;

  /** Exit code for invalid options. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka brokers. Default: bootstrap.servers of --client-config, else localhost:9092.")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description =
          "Schema registry (decodes the DeadLetter records). Default: schema.registry.url of"
              + " --client-config, else http://localhost:8081.")
  String registryUrl;

  @Option(
      names = "--client-config",
      paramLabel = "FILE",
      description =
          "Properties for the Kafka and registry clients (security; Confluent key names).")
  Path clientConfig;

  @Option(
      names = "--dead-letter-topic",
      paramLabel = "TOPIC",
      defaultValue = "dead-letter",
      description = "Topic read. Default: ${DEFAULT-VALUE}.")
  String deadLetterTopic;

  @Option(
      names = "--to-topic",
      paramLabel = "TOPIC",
      description = "Topic written. Default: each dead letter's own source topic.")
  String toTopic;

  @Option(
      names = "--partition",
      paramLabel = "N",
      description = "Dead-letter partition to read; repeatable. Default: all.")
  List<Integer> partitions = new ArrayList<>();

  @Option(
      names = "--from-offset",
      paramLabel = "N",
      description =
          "First dead-letter offset read in each partition (inclusive). Default: the first.")
  Long fromOffset;

  @Option(
      names = "--to-offset",
      paramLabel = "N",
      description =
          "Last dead-letter offset read in each partition (inclusive). Default: the last one"
              + " committed when the command starts.")
  Long toOffset;

  @Option(
      names = "--from-time",
      paramLabel = "INSTANT",
      description =
          "Replay dead letters that failed (failedAt) at or after this time, e.g."
              + " 2026-12-03T10:00:00Z.")
  Instant fromTime;

  @Option(
      names = "--to-time",
      paramLabel = "INSTANT",
      description = "Replay dead letters that failed before this time.")
  Instant toTime;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      description =
          "Replay only this reason; repeatable. Default: every reason. One of: ${COMPLETION-CANDIDATES}.")
  List<DeadLetterReason> reasons = new ArrayList<>();

  @Option(names = "--dry-run", description = "List what would be replayed; write nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2M",
      description =
          "Give up when the range is not read within this time. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with this command's exit codes for invalid options. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ReplayMain());
    // ops/replay-dead-letters passes the settings first; options after them win.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof IllegalArgumentException) {
            commandLine.getErr().println("replay-dead-letters: " + e.getMessage());
            return EXIT_USAGE;
          }
          if (e instanceof IllegalStateException) {
            commandLine.getErr().println("replay-dead-letters: " + e.getMessage());
            return EXIT_INCOMPLETE;
          }
          throw e;
        });
    return cli;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ReplaySelection selection = selection();
    Map<String, Object> clients = clientProperties();
    ReplayReport report = new ReplayReport();
    List<OffsetRange> ranges;
    String incomplete = null;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(clients);
        KafkaProducer<byte[], byte[]> producer = dryRun ? null : producer(clients)) {
      ranges = OffsetRange.resolve(consumer, deadLetterTopic, selection);
      out.println(
          (dryRun ? "Dry run: listing" : "Replaying")
              + " dead letters of "
              + OffsetRange.total(ranges)
              + " offsets: "
              + ranges);
      out.flush();
      DeadLetterReplayer replayer =
          new DeadLetterReplayer(
              selection,
              new AvroDeserializer<>(
                  DeadLetter.class, RestSchemaRegistryClient.fromProperties(clients)),
              producer,
              report,
              out);
      try {
        new DeadLetterScan(consumer, timeout).read(ranges, replayer::accept);
      } catch (IllegalStateException e) {
        incomplete = e.getMessage();
      } finally {
        replayer.finish();
      }
    }
    String target = toTopic != null ? toTopic : "each dead letter's source topic";
    report.print(out, ranges, dryRun ? "nothing (dry run; would write to " + target + ")" : target);
    if (incomplete != null) {
      spec.commandLine().getErr().println("replay-dead-letters: incomplete: " + incomplete);
      return EXIT_INCOMPLETE;
    }
    if (report.total(ReplayOutcome.WRITE_FAILED) > 0) {
      spec.commandLine()
          .getErr()
          .println(
              "replay-dead-letters: "
                  + report.total(ReplayOutcome.WRITE_FAILED)
                  + " writes failed (listed above as 'write failed')");
      return EXIT_INCOMPLETE;
    }
    return 0;
  }

  private ReplaySelection selection() {
    Set<String> names = new HashSet<>();
    reasons.forEach(r -> names.add(r.name()));
    return new ReplaySelection(
        new HashSet<>(partitions),
        fromOffset == null ? OptionalLong.empty() : OptionalLong.of(fromOffset),
        toOffset == null ? OptionalLong.empty() : OptionalLong.of(toOffset),
        Optional.ofNullable(fromTime),
        Optional.ofNullable(toTime),
        names,
        Optional.ofNullable(toTopic));
  }

  private Map<String, Object> clientProperties() throws IOException {
    Map<String, Object> props = new HashMap<>();
    if (clientConfig != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(clientConfig)) {
        file.load(reader);
      }
      file.forEach((k, v) -> props.put(k.toString(), v));
    }
    if (bootstrapServers != null) {
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
    props.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    if (registryUrl != null) {
      props.put(RegistryConfig.URL, registryUrl);
    }
    props.putIfAbsent(RegistryConfig.URL, "http://localhost:8081");
    return props;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> clients) {
    Map<String, Object> config = new HashMap<>(kafkaOnly(clients));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> clients) {
    Map<String, Object> config = new HashMap<>(kafkaOnly(clients));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The client properties without the registry's keys, which Kafka would warn about. */
  private static Map<String, Object> kafkaOnly(Map<String, Object> clients) {
    Map<String, Object> kafka = new HashMap<>(clients);
    kafka
        .keySet()
        .removeIf(
            k ->
                k.startsWith("schema.registry.")
                    || k.startsWith("basic.auth.")
                    || k.startsWith("bearer.auth."));
    return kafka;
  }
}
